import { putItems, sessionItem, startAnalyticsTable } from '../../test/support/analyticsTable';
import { httpEvent, lambdaContext } from '../../test/support/events';

// Integration: GET /sessions through the handler against the embedded DynamoDB (legacy auth mode).
const db = await startAnalyticsTable();
const { handler } = await import('./handler');
const { recordGrade } = await import('@intelliview/shared/grading');
afterAll(() => db.close());

type Summary = { sessionId: string; category: string; difficulty: string; ts: number };

async function get(query: Record<string, string>) {
  const event = httpEvent({ method: 'GET', path: '/sessions', queryStringParameters: query });
  const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string; headers: Record<string, string> };
  return { status: result.statusCode, body: JSON.parse(result.body), headers: result.headers };
}

const BASE = 1_700_000_000;
const item = (userId: string, sessionId: string, ts: number) => sessionItem(userId, sessionId, ts);

// Alice: 25 sessions. Three are stored under two ts values: s03 with its first item far
// older than everything (its duplicate lands on the last page), s10 with both items
// adjacent, s20 with the duplicate a few pages later.
const alice = Array.from({ length: 25 }, (_, i) => item('alice', `s${String(i).padStart(2, '0')}`, BASE + i * 100));
const duplicates = [item('alice', 's03', BASE - 5000), item('alice', 's10', BASE + 10 * 100 - 1), item('alice', 's20', BASE + 2 * 100 + 50)];
const bob = Array.from({ length: 3 }, (_, i) => item('bob', `b${i}`, BASE + i * 100 + 7));
// What the frontend expects: one entry per session, its latest ts, newest first.
const expectedAlice: Summary[] = alice.map(({ sessionId, ts, category, difficulty }) => ({ sessionId, category, difficulty, ts })).reverse();

beforeAll(async () => {
  await putItems(db, [...alice, ...duplicates, ...bob]);
  // A graded session: the user's skills aggregate item now exists in the same table.
  await recordGrade({
    sessionId: 's24',
    ts: BASE + 2400,
    owner: 'alice',
    feedback: { summary: 's', ratings: { technical: 5, communication: 5, confidence: 5, overall: 5 }, strengths: ['a'], weaknesses: ['b'], suggestions: ['c'] },
    feedbackTimestamp: BASE + 3000,
  });
});

async function pageThrough(userId: string, limit: number): Promise<{ pages: Summary[][]; cursors: number }> {
  const pages: Summary[][] = [];
  let cursor: string | undefined;
  let cursors = 0;
  do {
    const response = await get({ userId, limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body)).toBe(true);
    pages.push(response.body);
    cursor = response.headers['X-Next-Cursor'];
    if (cursor) cursors += 1;
  } while (cursor && pages.length < 50);
  return { pages, cursors };
}

describe('GET /sessions (paged, one entry per session)', () => {
  it('answers the whole list on one page without paging parameters, the aggregate item not included', async () => {
    // Act
    const response = await get({ userId: 'alice' });
    // Assert
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expectedAlice);
    expect(response.headers['X-Next-Cursor']).toBeUndefined();
  });

  it.each([[1], [4], [7], [24]])('pages with limit=%i: every session once, latest ts, newest first', async (limit) => {
    // Act
    const { pages } = await pageThrough('alice', limit);
    // Assert
    expect(pages.flat()).toEqual(expectedAlice);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit);
    expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
  });

  it('exposes the cursor header to browsers through CORS', async () => {
    const response = await get({ userId: 'alice', limit: '5' });
    expect(response.headers['X-Next-Cursor']).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(response.headers['Access-Control-Expose-Headers']).toContain('X-Next-Cursor');
  });

  it("answers another user's cursor with 400, never with that user's rows", async () => {
    // Arrange
    const aliceCursor = (await get({ userId: 'alice', limit: '5' })).headers['X-Next-Cursor']!;
    // Act
    const response = await get({ userId: 'bob', limit: '5', cursor: aliceCursor });
    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: expect.stringContaining('cursor'), code: 'INVALID_CURSOR' });
    expect(response.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('answers an edited cursor with 400', async () => {
    // Arrange
    const cursor = (await get({ userId: 'alice', limit: '5' })).headers['X-Next-Cursor']!;
    const middle = Math.floor(cursor.length / 2);
    const edited = cursor.slice(0, middle) + (cursor[middle] === 'x' ? 'y' : 'x') + cursor.slice(middle + 1);
    // Act
    const response = await get({ userId: 'alice', limit: '5', cursor: edited });
    // Assert
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_CURSOR');
  });

  it.each([['0'], ['1001'], ['abc'], ['-1'], ['']])('answers limit=%p with 400', async (limit) => {
    const response = await get({ userId: 'alice', limit });
    expect(response.status).toBe(400);
    expect(response.body.error).toContain('limit');
  });

  it('keeps users apart and answers an unknown user with an empty array', async () => {
    expect((await get({ userId: 'bob' })).body.map((s: Summary) => s.sessionId)).toEqual(['b2', 'b1', 'b0']);
    expect((await get({ userId: 'nobody' })).body).toEqual([]);
  });

  it('answers 400 without a userId', async () => {
    expect((await get({})).status).toBe(400);
  });
});
