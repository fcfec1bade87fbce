/**
 * `npm run openapi`: writes docs/openapi.yaml from the zod schemas. test/openapi.int.test.ts
 * fails when the committed file differs from what this would write.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument, renderYaml, SPEC_PATH } from './document';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The document's version is the backend package's. */
export async function renderSpec(): Promise<string> {
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return renderYaml(buildOpenApiDocument(version));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(path.join(root, SPEC_PATH), await renderSpec());
  console.log(`wrote ${SPEC_PATH}`);
}
