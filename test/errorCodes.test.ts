/**
 * The error codes the layer can answer and the ones docs/openapi.yaml documents
 * (ERROR_CODES in http/responses.ts, which generates it) are the same set: a code added
 * in the code but not to the spec, or left in the spec after its last use, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '../layers/shared/src/http/responses';

const LAYER_SRC = fileURLToPath(new URL('../layers/shared/src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && file !== path.join(LAYER_SRC, 'http/responses.ts') ? [file] : [];
  });
}

// A code is the string literal given to an error constructor (new XError(..., 'CODE'),
// super(409, 'CODE', ...)) or assigned to a `code` (code: 'CODE', code = 'CODE').
const CODE_SITES = [/new \w*Error\(([\s\S]*?)\);/g, /super\(\d{3},\s*('[A-Z][A-Z0-9_]+')/g, /\bcode\s*(?:=|:)\s*('[A-Z][A-Z0-9_]+')/g];

function codesInLayer(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(LAYER_SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const site of CODE_SITES) {
      for (const match of text.matchAll(site)) {
        for (const literal of (match[1] ?? '').matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)) found.set(literal[1]!, path.relative(LAYER_SRC, file));
      }
    }
  }
  return found;
}

describe('error codes', () => {
  const inLayer = codesInLayer();

  it('finds the codes it is meant to find (the scan is not empty)', () => {
    // Arrange / Act / Assert: a few codes known to be raised in different ways
    expect(inLayer.get('HISTORY_MISMATCH')).toBe('sessions/history.ts');
    expect(inLayer.get('GRADE_CONFLICT')).toBe('grading/service.ts');
    expect(inLayer.get('STORAGE_UNAVAILABLE')).toBeDefined();
  });

  it('documents every code the layer raises', () => {
    const undocumented = [...inLayer].filter(([code]) => !(code in ERROR_CODES)).map(([code, file]) => `${code} (${file})`);
    expect(undocumented).toEqual([]);
  });

  it('raises every code it documents', () => {
    const unused = Object.keys(ERROR_CODES).filter((code) => !inLayer.has(code));
    expect(unused).toEqual([]);
  });
});
