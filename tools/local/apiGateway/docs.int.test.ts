/**
 * Local mode's API reference over real loopback HTTP: /openapi.json is the committed
 * docs/openapi.yaml pointed at this server, /docs is Swagger UI served from node_modules
 * (no CDN), and neither needs a token in cognito mode.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadSpec } from '../../../test/support/openapi';
import { startCognitoFixture } from '../__fixtures__/cognitoLocalMode';
import type { LocalMode } from '../localMode';

const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

describe('local mode serves the API reference', () => {
  let local: LocalMode;
  let fixture: Awaited<ReturnType<typeof startCognitoFixture>>;

  beforeAll(async () => {
    // Cognito mode: the docs must not need a token even where every route does.
    fixture = await startCognitoFixture();
    local = fixture.local;
  });
  afterAll(() => fixture.close());

  it('answers GET /openapi.json with the committed document, its server being this one', async () => {
    // Act
    const res = await fetch(`${local.url}/openapi.json`);
    // Assert
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ...loadSpec(), servers: [{ url: '/', description: 'This local server' }] });
  });

  it('answers GET /docs with a Swagger UI page that loads nothing from another host', async () => {
    // Act
    const res = await fetch(`${local.url}/docs`);
    const page = await res.text();
    // Assert
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.match(/(?:src|href)="[^"]+"/g)).toEqual([
      'href="/docs/swagger-ui.css"',
      'href="/docs/favicon-32x32.png"',
      'src="/docs/swagger-ui-bundle.js"',
    ]);
    expect(page).toContain("url: '/openapi.json'");
    expect(page).toContain('validatorUrl: null');
    expect(page).not.toMatch(/https?:\/\//);
  });

  it.each([
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
    ['swagger-ui.css', 'text/css; charset=utf-8'],
    ['favicon-32x32.png', 'image/png'],
  ])('serves /docs/%s from swagger-ui-dist', async (file, contentType) => {
    const res = await fetch(`${local.url}/docs/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(contentType);
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(path.join(SWAGGER_UI_DIR, file)))).toBe(true);
  });

  it.each([
    ['GET', '/docs/index.html'],
    ['GET', '/docs/constructor'],
    ['GET', '/docs/../package.json'],
    ['POST', '/openapi.json'],
  ])('answers %s %s like any unknown route', async (method, urlPath) => {
    const res = await fetch(`${local.url}${urlPath}`, { method });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^No route for /), code: 'ROUTE_NOT_FOUND' });
  });

  it('still requires a token on the routes', async () => {
    const res = await fetch(`${local.url}/shape/throw`);
    expect(res.status).toBe(401);
  });
});
