/**
 * `npm run demo` against `npm start`: local mode in memory on a free port, then
 * scripts/demo.mjs as a separate process; the session it plays must answer as expected.
 */
import { createServer } from 'node:net';
import { killStarted, runLocalMode, runNode, waitFor } from './support/processes';

/** A cold local mode (tsx, templates, dynalite, five workers) plus seven requests. */
const TEST_TIMEOUT_MS = 90_000;

afterEach(killStarted);

describe('npm run demo (scripts/demo.mjs)', () => {
  it('plays one session against npm start: every step answers its expected status, exit 0', async () => {
    // Arrange: local mode as `npm start -- --port 0 --in-memory` runs it
    const server = runLocalMode(['--port', '0', '--in-memory']);
    const [, url] = await waitFor(server.output, /IntelliView local mode: (http:\/\/127\.0\.0\.1:\d+)/, 40_000);
    await waitFor(server.output, /Ctrl-C to stop/);

    // Act
    const demo = runNode(['scripts/demo.mjs', url as string]);
    const code = await demo.exited;
    server.child.kill('SIGTERM');
    await server.exited;

    // Assert: each request and its status, in the order the frontend makes them
    const out = demo.output();
    const steps = [...out.matchAll(/^\d+\. (\S+ \/\w+):.*\n\s+\S+ (\S+).*\n\s+→ (\d{3})(.*)$/gm)].map(([, route, , status]) => `${route} ${status}`);
    expect(steps).toEqual([
      'POST /interview 200',
      'POST /interview 200',
      'POST /feedback 200',
      'GET /review 200',
      'GET /sessions 200',
      'GET /skills 200',
      'POST /interview 400',
    ]);
    expect(out).toContain('"code":"INVALID_JSON"');
    expect(out).toContain('2 item(s)');
    expect(out).toContain('sessionsAnalyzed 1,');
    expect(out).toContain('All 7 steps answered as expected.');
    expect(code).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('exits 2 with a hint when nothing answers at the base URL', async () => {
    // Arrange: a loopback port that was free a moment ago, now closed
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const demo = runNode(['scripts/demo.mjs', `http://127.0.0.1:${port}`]);

    // Act
    const code = await demo.exited;

    // Assert
    expect(code).toBe(2);
    expect(demo.output()).toContain(`no answer from http://127.0.0.1:${port} (ECONNREFUSED). Is the API running? Start it with \`npm start\`.`);
  });
});
