// The module boundaries of .dependency-cruiser.cjs, checked on every `npm test`: no import
// cycle (module or folder) in the layer, nothing below the HTTP edge reaching http/, and no
// product code importing tools/ or test/. The rules and their reasons live in the config.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What ships in a Lambda: the layer and the five handlers. */
const PRODUCT = [
  'layers',
  'generateInterviewQuestion/src',
  'fetchSession/src',
  'generateFeedbackFunction/src',
  'listSessions/src',
  'aggregateSkillsFunction/src',
];

/** One line per violation: the rule, then the import chain (the cycle, or the path to the target). */
function explain(violation: IViolation): string {
  const chain = violation.cycle ?? violation.via ?? [];
  const steps = chain.length > 0 ? chain.map((step) => step.name) : [violation.to];
  return `${violation.rule.name}: ${[violation.from, ...steps].join(' -> ')}`;
}

async function cruiseProduct(): Promise<ICruiseResult> {
  // dependency-cruiser resolves paths from the working directory, as its CLI does; put it
  // back after, the jest worker runs other test files next.
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const options = await extractDepcruiseOptions(path.join(ROOT, '.dependency-cruiser.cjs'));
    const tsConfig = extractTSConfig(path.join(ROOT, 'tsconfig.json'));
    const { output } = await cruise(PRODUCT, { ...options, validate: true }, undefined, { tsConfig });
    if (typeof output === 'string') throw new Error('dependency-cruiser returned text, expected a result object');
    return output;
  } finally {
    process.chdir(cwd);
  }
}

describe('module graph of the product code', () => {
  // One cruise (about a second) for both tests.
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseProduct();
  });

  it('has no dependency violations (.dependency-cruiser.cjs)', () => {

    // Assert: the failure message lists every violation, one per line
    const violations = result.summary.violations.map(explain);
    expect(violations.join('\n')).toBe('');
  });

  it('follows a handler\'s @intelliview/shared imports into the layer sources', () => {
    // Guards the check itself: were the workspace link not resolved, the rules would be
    // blind to what the handlers pull in, and the test above would pass on nothing.
    // Act
    const handler = result.modules.find((module) => module.source === 'generateFeedbackFunction/src/handler.ts');
    const layerImports = (handler?.dependencies ?? []).filter((dep) => dep.module.startsWith('@intelliview/shared/'));

    // Assert
    expect(layerImports.length).toBeGreaterThan(0);
    expect(layerImports.filter((dep) => !dep.resolved.startsWith('layers/shared/src/')).map((dep) => dep.resolved)).toEqual([]);
  });
});
