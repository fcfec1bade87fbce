/**
 * `npm run bench` — how fast the five functions are, against what they cannot avoid.
 *   1. cold start per function beside its floor (fresh processes, interleaved);
 *   2. warm p50/p95 per route beside the raw SDK calls, with DynamoDB round trips;
 *   3. GET /skills (two kinds of user) and GET /sessions at N = 10 / 100 / 1,000.
 * Everything runs against the code as it is now: the layer and the functions are built
 * the way `sam build` builds them (scripts/bench/build.ts), the handlers are imported,
 * never copied. Figures are printed (and written to docs/benchmarks.md on a full run),
 * never asserted. Knobs: --quick, --only cold,warm,skills, --fn <name>, BENCH_* (common.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAll } from './build';
import { KNOBS, machine, progress } from './common';
import { coldStart } from './coldStart';
import { EVENTS_USER, loadEvent } from './events';
import { loadHandlers } from './handlers';
import { startInfra } from './infra';
import { coldTable, skillsTable, warmTable, writeDocs } from './report';
import { skills } from './skills';
import { warm } from './warm';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'intelliview-bench-'));
progress(`building the layer, the five functions and their floors into ${tmp}`);
const built = await buildAll(path.join(tmp, 'build'));
const infra = await startInfra();
const sections: string[] = [];
try {
  const loaded = await loadHandlers(built, infra);
  // The sample events' session, played as a user would: first turn, next turn, grade.
  for (const [name, file] of [
    ['generateInterviewQuestion', 'generateInterviewQuestion.json'],
    ['generateInterviewQuestion', 'generateInterviewQuestion.nextTurn.json'],
    ['generateFeedbackFunction', 'generateFeedbackFunction.json'],
  ] as const) {
    const result = await loaded.invoke(name, loadEvent(file));
    if (result.statusCode !== 200) throw new Error(`seeding: ${file} answered ${result.statusCode}: ${result.body}`);
  }
  progress(`seeded the events' session for ${EVENTS_USER}; TransactWriteItems on the endpoint: ${infra.transactions ? 'yes' : 'NO (floor writes twice)'}`);

  const header = [
    `## Results — ${machine()}`,
    '',
    `Layer + functions built with their templates' esbuild BuildProperties; NODE_OPTIONS and the rest of the environment from the templates; DynamoDB = dynalite in memory${infra.transactions ? ' with the local transactions front' : ' (no TransactWriteItems: the POST /feedback floor writes twice)'}, behind a counting proxy; Bedrock = the local stub (local stand-in model) on loopback.${KNOBS.quick ? ' **--quick run: few samples, indicative only.**' : ''}`,
  ].join('\n');
  console.log(`\n${header}\n`);
  if (KNOBS.sections.has('cold')) {
    const table = coldTable(await coldStart(built, infra, tmp));
    console.log(`${table}\n`);
    sections.push(table);
  }
  if (KNOBS.sections.has('warm')) {
    const table = warmTable(await warm(loaded, infra));
    console.log(`${table}\n`);
    sections.push(table);
  }
  if (KNOBS.sections.has('skills')) {
    const table = skillsTable(await skills(loaded, infra));
    console.log(`${table}\n`);
    sections.push(table);
  }
  if (KNOBS.writeDocs) progress(`wrote ${writeDocs([header, ...sections].join('\n\n'))}`);
} finally {
  await infra.close();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(0);
