import { startLocalMode, type LocalMode } from '../tools/local/localMode';
import {
  generateSigningKey,
  mintAccessToken,
  mintIdToken,
  mintUnsignedToken,
  TEST_CLIENT_ID,
  TEST_ISSUER,
  writeJwksFile,
} from './support/tokens';

// The whole stack in `cognito` mode over real HTTP: local mode verifies tokens the way the
// HTTP API's JWT authorizer does (locally minted RS256 keys, JWKS from a file), the
// handlers take the caller from the verified claims. Bad tokens never reach a handler;
// user B's valid token never reads, grades, continues or lists user A's data.

const TS = 1732400000;
const instruction = { role: 'user', content: 'You are an expert interviewer conducting a easy-level HR interview.' };

let local: LocalMode;
let cleanup: () => Promise<void>;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  const jwksFile = await writeJwksFile();
  cleanup = jwksFile.cleanup;
  local = await startLocalMode({
    port: 0,
    dataDir: null,
    auth: { mode: 'cognito', verifier: { issuer: TEST_ISSUER, audience: TEST_CLIENT_ID, jwksFile: jwksFile.path, tokenUse: 'id' } },
  });
  tokenA = await mintIdToken({ sub: 'user-a' });
  tokenB = await mintIdToken({ sub: 'user-b' });
});
afterAll(async () => {
  await local?.close();
  await cleanup?.();
});

async function call(token: string | undefined, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${local.url}${path}`, {
    method,
    headers: {
      origin: 'http://localhost:3001',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
  return { status: res.status, json: (await res.json()) as any };
}

const modelCalls = () => local.bedrock!.calls.length;

describe('tokens the API refuses with 401, before any handler runs', () => {
  const interview = (sessionId: string) => ({ sessionId, ts: TS, category: 'HR', difficulty: 'Easy', messages: [instruction] });

  it.each([
    ['no token', async () => undefined],
    ['alg none', async () => mintUnsignedToken({ sub: 'user-a' })],
    ['a bad signature (another key under our kid)', async () => mintIdToken({ sub: 'user-a' }, { key: await generateSigningKey() })],
    ['an expired token', async () => mintIdToken({ sub: 'user-a' }, { expiresInSec: -60 })],
    ['a token not yet valid', async () => mintIdToken({ sub: 'user-a' }, { notBeforeSec: 600 })],
    ['a wrong issuer', async () => mintIdToken({ sub: 'user-a' }, { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })],
    ['a wrong audience', async () => mintIdToken({ sub: 'user-a' }, { audience: 'another-client' })],
    ['an access token where an ID token is expected', async () => mintAccessToken({ sub: 'user-a' })],
  ])('%s', async (name, token) => {
    // Arrange
    const sessionId = `refused-${name.replace(/[^a-z]/gi, '-')}`;
    const before = modelCalls();
    // Act
    const result = await call(await token(), 'POST', '/interview', interview(sessionId));
    // Assert: 401, no model call, nothing stored
    expect(result.status).toBe(401);
    expect(result.json.code).toBe('UNAUTHORIZED');
    expect(modelCalls()).toBe(before);
    expect((await call(tokenA, 'GET', `/review?sessionId=${sessionId}`)).status).toBe(404);
  });
});

describe('user B with a valid token against user A\'s session', () => {
  const SESSION = 'cognito-session-of-a';
  let transcript: Array<{ role: string; content: string }>;
  let storedBefore: unknown;

  beforeAll(async () => {
    const first = await call(tokenA, 'POST', '/interview', { sessionId: SESSION, ts: TS, category: 'HR', difficulty: 'Easy', messages: [instruction] });
    expect(first.status).toBe(200);
    transcript = [instruction, { role: 'assistant', content: first.json.message }, { role: 'user', content: 'I want to grow into a team lead within two years.' }];
    const second = await call(tokenA, 'POST', '/interview', { sessionId: SESSION, ts: TS, category: 'HR', difficulty: 'Easy', messages: transcript });
    expect(second.status).toBe(200);
    transcript.push({ role: 'assistant', content: second.json.message });
    expect((await call(tokenA, 'POST', '/feedback', { sessionId: SESSION, ts: TS, messages: transcript.slice(1) })).status).toBe(200);
    storedBefore = (await call(tokenA, 'GET', `/review?sessionId=${SESSION}`)).json;
  });

  afterEach(async () => {
    // Whatever B tried, A's stored session is unchanged.
    expect((await call(tokenA, 'GET', `/review?sessionId=${SESSION}`)).json).toEqual(storedBefore);
  });

  it('cannot read it', async () => {
    const result = await call(tokenB, 'GET', `/review?sessionId=${SESSION}`);
    expect(result).toEqual({ status: 404, json: { error: 'Session not found', code: 'NOT_FOUND' } });
  });

  it('cannot grade it', async () => {
    expect((await call(tokenB, 'POST', '/feedback', { sessionId: SESSION, ts: TS, messages: transcript.slice(1) })).status).toBe(404);
  });

  it('cannot continue it', async () => {
    const messages = [...transcript, { role: 'user', content: 'B was here' }];
    expect((await call(tokenB, 'POST', '/interview', { sessionId: SESSION, ts: TS, category: 'HR', difficulty: 'Easy', messages })).status).toBe(404);
  });

  it('cannot list or aggregate it by naming A in the query or the body', async () => {
    expect((await call(tokenB, 'GET', '/sessions?userId=user-a')).status).toBe(403);
    expect((await call(tokenB, 'GET', '/skills?userId=user-a')).status).toBe(403);
    expect((await call(tokenB, 'POST', '/interview', { sessionId: 'b-says-a', ts: TS, userId: 'user-a', category: 'HR', difficulty: 'Easy', messages: [instruction] })).status).toBe(403);
    const own = await call(tokenB, 'GET', '/sessions');
    expect(own).toEqual({ status: 200, json: [] });
    expect((await call(tokenB, 'GET', '/skills')).json.sessionsAnalyzed).toBe(0);
  });

  it('leaves A with A\'s own data', async () => {
    const sessions = await call(tokenA, 'GET', '/sessions');
    expect(sessions.json.map((s: { sessionId: string }) => s.sessionId)).toContain(SESSION);
    expect((await call(tokenA, 'GET', '/skills')).json.sessionsAnalyzed).toBe(1);
  });
});
