/**
 * The whole local mode as `npm start` runs it (real templates, real handlers, embedded
 * DynamoDB, local model), driven over HTTP the way the published frontend calls it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirInUseError } from './dynamo';
import { type LocalMode, PortInUseError, startLocalMode } from './localMode';

const ORIGIN = 'http://localhost:3000';
const INSTRUCTION = 'You are an expert interviewer conducting a medium-level DSA interview. Ask only one question at a time, never give hints or answers.';
const ANSWERS = [
  'I would keep a hash map from value to index and look up target minus each number as I scan, which is O(n) time and O(n) space.',
  'With a sorted array I would move two pointers inward from both ends, which keeps O(n) time and needs O(1) extra space.',
];

type Message = { role: 'user' | 'assistant'; content: string };

/** fetch with the frontend's Origin; every answer, errors included, must carry CORS headers. */
async function call(base: string, pathAndQuery: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${base}${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers: { origin: ORIGIN, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body,
  });
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as any) : undefined };
}

describe('local mode: the frontend contract over HTTP', () => {
  let dataDir: string;
  let local: LocalMode;
  const sessionId = `session-${Date.now()}`;
  const userId = 'local-user-1';
  // The frontend's first call and its later calls can carry two different ts values.
  const firstTs = 1_732_400_000;
  const laterTs = firstTs + 3;
  let history: Message[] = [{ role: 'user', content: INSTRUCTION }];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'intelliview-local-'));
    local = await startLocalMode({ port: 0, dataDir });
  });
  afterAll(async () => {
    await local?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the preflight of every route', async () => {
    for (const route of local.app.routes) {
      // Act
      const res = await fetch(`${local.url}${route.path}`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': route.method, 'access-control-request-headers': 'content-type' },
      });

      // Assert
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toContain(route.method);
      expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
    }
  });

  it('runs three interview turns, the first with its own ts', async () => {
    for (const [turn, ts] of [firstTs, laterTs, laterTs].entries()) {
      // Arrange
      if (turn > 0) history = [...history, { role: 'user', content: ANSWERS[turn - 1] as string }];

      // Act
      const res = await call(local.url, '/interview', {
        method: 'POST',
        body: JSON.stringify({ sessionId, ts, userId, category: 'DSA', difficulty: 'Medium', messages: history }),
      });

      // Assert
      expect(res.status).toBe(200);
      expect(typeof res.json.message).toBe('string');
      expect(res.json.message.length).toBeGreaterThan(0);
      history = [...history, { role: 'assistant', content: res.json.message as string }];
    }
  });

  it('grades the interview', async () => {
    // Act: the frontend sends its visible history, without the instruction message
    const res = await call(local.url, '/feedback', { method: 'POST', body: JSON.stringify({ sessionId, ts: laterTs, messages: history.slice(1) }) });

    // Assert
    expect(res.status).toBe(200);
    expect(res.json.success).toBe(true);
    for (const rating of ['technical', 'communication', 'confidence', 'overall']) {
      expect(res.json.feedback.ratings[rating]).toBeGreaterThanOrEqual(0);
      expect(res.json.feedback.ratings[rating]).toBeLessThanOrEqual(10);
    }
    expect(typeof res.json.feedback.summary).toBe('string');
  });

  it('reviews the session: both ts items, oldest first, the last one complete and graded', async () => {
    // Act
    const res = await call(local.url, `/review?sessionId=${encodeURIComponent(sessionId)}`);

    // Assert
    expect(res.status).toBe(200);
    expect(res.json.messages.map((item: { ts: number }) => item.ts)).toEqual([firstTs, laterTs]);
    const last = res.json.messages.at(-1);
    expect(last).toMatchObject({ sessionId, userId, category: 'DSA', difficulty: 'Medium', messages: history });
    expect(last.feedback.ratings).toBeDefined();
    expect(typeof last.feedbackTimestamp).toBe('number');
  });

  it('lists the session for its user and aggregates the skills', async () => {
    // Act
    const sessions = await call(local.url, `/sessions?userId=${userId}`);
    const skills = await call(local.url, `/skills?userId=${userId}`);

    // Assert
    expect(sessions.status).toBe(200);
    expect(sessions.json).toEqual(expect.arrayContaining([expect.objectContaining({ sessionId, category: 'DSA', difficulty: 'Medium' })]));
    expect(skills.status).toBe(200);
    expect(skills.json.sessionsAnalyzed).toBe(1);
    expect(Object.keys(skills.json.avgRatings).sort()).toEqual(['communication', 'confidence', 'overall', 'technical']);
  });

  it.each([
    ['an unknown route', '/nope', {}, 404],
    ['invalid JSON', '/interview', { method: 'POST', body: '{"sessionId":' }, 400],
    ['a session that does not exist', '/review?sessionId=does-not-exist', {}, 404],
    ['a body over the limit', '/interview', { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(7 * 1024 * 1024) }) }, 413],
  ])('answers %s with a JSON error and CORS headers', async (_name, pathAndQuery, init, status) => {
    // Act
    const res = await call(local.url, pathAndQuery, init);

    // Assert
    expect(res.status).toBe(status);
    expect(res.json).toEqual(expect.objectContaining({ error: expect.any(String) }));
  });

  it('refuses a second server on a taken port, without touching the data folder', async () => {
    // Act
    const second = startLocalMode({ port: local.port, dataDir });

    // Assert
    await expect(second).rejects.toBeInstanceOf(PortInUseError);
    expect((await call(local.url, `/review?sessionId=${sessionId}`)).status).toBe(200);
  });

  it('refuses a second server on a data folder in use', async () => {
    // Act
    const second = startLocalMode({ port: 0, dataDir });

    // Assert
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
  });

  it('keeps the session across a restart on the same data folder', async () => {
    // Arrange
    await local.close();

    // Act
    local = await startLocalMode({ port: 0, dataDir });
    const res = await call(local.url, `/review?sessionId=${encodeURIComponent(sessionId)}`);

    // Assert
    expect(res.status).toBe(200);
    expect(res.json.messages.at(-1).messages).toEqual(history);
    expect(local.dynamo.created).toBe(false);
  });
});
