/**
 * `npm start` as a process: the banner with the real URL on an ephemeral port, a
 * request through it, a clean stop on SIGTERM, and exit code 2 when the port is taken.
 */
import { killStarted, runLocalMode, waitFor } from '../../test/support/processes';

/** A cold process: tsx, the templates, dynalite and five prewarmed workers. */
const PROCESS_TEST_TIMEOUT_MS = 30_000;

afterEach(killStarted);

describe('npm start (tools/local/start.ts)', () => {
  it('prints a banner with every route, the data folder, the model and the frontend variables, serves, and stops on SIGTERM', async () => {
    // Arrange
    const cli = runLocalMode(['--port', '0', '--in-memory']);
    const [, url] = await waitFor(cli.output, /IntelliView local mode: (http:\/\/127\.0\.0\.1:\d+)/);
    await waitFor(cli.output, /Ctrl-C to stop/);

    // Act
    const res = await fetch(`${url}/skills?userId=nobody`, { headers: { origin: 'http://localhost:3000' } });
    cli.child.kill('SIGTERM');
    const code = await cli.exited;

    // Assert
    const banner = cli.output();
    expect(res.status).toBe(200);
    for (const route of ['POST  ', '/interview', '/review', '/feedback', '/sessions', '/skills']) expect(banner).toContain(route);
    expect(banner).toContain('in memory');
    expect(banner).toContain('NOT CLAUDE');
    expect(banner).toContain('NONE (legacy mode)');
    expect(banner).toContain(`API:    ${url}/docs (interactive), ${url}/openapi.json`);
    expect(banner).toContain(`NEXT_PUBLIC_LAMBDA_ENDPOINT=${url}`);
    expect(banner).toContain(`NEXT_PUBLIC_LAMBDA_INTERVIEW_ENDPOINT=${url}/interview`);
    expect(banner).toContain(`NEXT_PUBLIC_LIST_SESSIONS_ENDPOINT=${url}/sessions`);
    expect(banner).toContain('Stopped.');
    expect(code).toBe(0);
  }, PROCESS_TEST_TIMEOUT_MS);

  it('exits with code 2 and a clear message when the port is taken', async () => {
    // Arrange
    const first = runLocalMode(['--port', '0', '--in-memory']);
    const [, port] = await waitFor(first.output, /IntelliView local mode: http:\/\/127\.0\.0\.1:(\d+)/);

    // Act
    const second = runLocalMode(['--port', port as string, '--in-memory']);
    const code = await second.exited;

    // Assert
    expect(code).toBe(2);
    expect(second.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  }, PROCESS_TEST_TIMEOUT_MS);

  it('rejects an unknown flag with the usage text', async () => {
    // Act
    const cli = runLocalMode(['--no-such-flag']);
    const code = await cli.exited;

    // Assert
    expect(code).toBe(64);
    expect(cli.output()).toContain('Usage: npm start');
  }, PROCESS_TEST_TIMEOUT_MS);
});
