/** `npm run invoke` as a process: the result on stdout, the logs elsewhere, the exit code. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalMode } from './localMode';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** A cold process: tsx, the templates, dynalite and one worker. */
const PROCESS_TEST_TIMEOUT_MS = 30_000;

function invoke(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local/invoke.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run invoke (tools/local/invoke.ts)', () => {
  it('runs the function with its default event file and prints only the result on stdout', async () => {
    // Act
    const { code, stdout, stderr } = await invoke(['generateInterviewQuestion', '--in-memory']);

    // Assert
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(typeof (JSON.parse(result.body) as { message: unknown }).message).toBe('string');
    expect(stderr).toContain('local stand-in, not Claude');
  }, PROCESS_TEST_TIMEOUT_MS);

  it('tells a newcomer which events to play first when a reader finds nothing', async () => {
    // Act: the first thing a newcomer might try, on an empty table
    const { code, stdout, stderr } = await invoke(['fetchSession', '--in-memory']);

    // Assert: the 404 as Lambda answers it, and the way to a 200 on stderr
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { statusCode: number }).statusCode).toBe(404);
    expect(stderr).toContain('Hint: the sample events play one session in order');
    expect(stderr).toContain('npm run invoke -- generateInterviewQuestion events/generateInterviewQuestion.nextTurn.json');
  }, PROCESS_TEST_TIMEOUT_MS);

  it('writes into the DynamoDB of a running local server on the same data folder', async () => {
    // Arrange
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'intelliview-invoke-')), 'db');
    const local = await startLocalMode({ port: 0, dataDir });
    const eventFile = path.join(path.dirname(dataDir), 'event.json');
    const body = { sessionId: 'invoked-session', ts: 1_732_400_000, userId: 'invoker', category: 'HR', difficulty: 'Easy', messages: [{ role: 'user', content: 'Start the interview.' }] };
    await writeFile(eventFile, JSON.stringify({ version: '2.0', routeKey: 'POST /interview', rawPath: '/interview', rawQueryString: '', headers: { 'content-type': 'application/json' }, requestContext: { http: { method: 'POST', path: '/interview', sourceIp: '127.0.0.1' }, routeKey: 'POST /interview', stage: '$default' }, body: JSON.stringify(body), isBase64Encoded: false }));

    try {
      // Act
      const { code, stderr } = await invoke(['generateInterviewQuestion', eventFile, '--data-dir', dataDir]);
      const review = await fetch(`${local.url}/review?sessionId=invoked-session`);

      // Assert
      expect(code).toBe(0);
      expect(stderr).toContain("the running local server's DynamoDB");
      expect(review.status).toBe(200);
      expect(((await review.json()) as { messages: { userId: string }[] }).messages[0]?.userId).toBe('invoker');
    } finally {
      await local.close();
      await rm(path.dirname(dataDir), { recursive: true, force: true });
    }
  }, PROCESS_TEST_TIMEOUT_MS);

  it('exits 64 with the known names for an unknown function', async () => {
    // Act
    const { code, stderr } = await invoke(['noSuchFunction', '--in-memory']);

    // Assert
    expect(code).toBe(64);
    expect(stderr).toContain('generateInterviewQuestion');
  }, PROCESS_TEST_TIMEOUT_MS);
});
