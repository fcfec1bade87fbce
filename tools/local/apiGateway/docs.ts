/**
 * Local mode's API reference, a developer tool and never a deployed route:
 *   GET /openapi.json  the committed docs/openapi.yaml as JSON, its servers pointed at this server;
 *   GET /docs          Swagger UI (swagger-ui-dist, served from node_modules: works offline).
 * The spec is read on every request, so `npm run openapi` shows without a restart.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { AppError } from '@intelliview/shared/errors';

export const SPEC_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/openapi.yaml');
const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The only files of swagger-ui-dist the page needs; nothing else under /docs/ is served. */
const ASSETS = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
  ['favicon-16x16.png', 'image/png'],
]);

// validatorUrl: null, or Swagger UI would send the spec to validator.swagger.io for its badge.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>IntelliView API (local mode)</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
  </script>
</body>
</html>
`;

export interface DocsAnswer {
  headers: Record<string, string>;
  body: Buffer;
}

const answer = (contentType: string, body: string | Buffer): DocsAnswer => ({
  headers: { 'content-type': contentType, 'cache-control': 'no-cache' },
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

/** The spec as local mode serves it: "Try it out" calls this server, whatever its port. */
export async function localSpec(specFile = SPEC_FILE): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(specFile, 'utf8');
  } catch {
    throw new AppError(404, 'SPEC_NOT_FOUND', `${path.relative(process.cwd(), specFile)} is missing: run npm run openapi`);
  }
  const spec = YAML.parse(text) as Record<string, unknown>;
  return { ...spec, servers: [{ url: '/', description: 'This local server' }] };
}

/** The answer to GET `path` when it is a docs path, else undefined (the request goes on to the routes). */
export async function docsAnswer(urlPath: string, specFile = SPEC_FILE): Promise<DocsAnswer | undefined> {
  if (urlPath === '/openapi.json') return answer('application/json', JSON.stringify(await localSpec(specFile)));
  if (urlPath === '/docs' || urlPath === '/docs/') return answer('text/html; charset=utf-8', PAGE);
  const file = urlPath.startsWith('/docs/') ? urlPath.slice('/docs/'.length) : '';
  const contentType = ASSETS.get(file);
  if (!contentType) return undefined;
  return answer(contentType, await readFile(path.join(SWAGGER_UI_DIR, file)));
}
