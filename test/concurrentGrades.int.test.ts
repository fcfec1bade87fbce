/**
 * Two grades of one session at the same time, over HTTP through local mode (real
 * templates and handlers, the embedded DynamoDB behind its transactions front, the local
 * model): both succeed, the last write wins, and the session is counted once.
 */
import { startLocalMode, type LocalMode } from '../tools/local/localMode';
import { localHttp } from './support/localHttp';

const INSTRUCTION = 'You are an expert interviewer conducting a medium-level DSA interview. Ask only one question at a time, never give hints or answers.';
const ANSWER = 'I would keep a hash map from value to index and look up target minus each number as I scan, which is O(n) time and O(n) space.';

type Message = { role: 'user' | 'assistant'; content: string };

let local: LocalMode;
beforeAll(async () => {
  local = await startLocalMode({ port: 0, dataDir: null });
});
afterAll(() => local?.close());

const { post, get } = localHttp(() => local.url);

/** An interview of `turns` answered questions, stored under one ts. */
async function interview(userId: string, sessionId: string, ts: number, turns: number): Promise<Message[]> {
  let history: Message[] = [{ role: 'user', content: INSTRUCTION }];
  for (let turn = 0; turn < turns; turn += 1) {
    const reply = await post('/interview', { sessionId, ts, userId, category: 'DSA', difficulty: 'Medium', messages: history });
    expect(reply.status).toBe(200);
    history = [...history, { role: 'assistant', content: reply.json.message }, { role: 'user', content: ANSWER }];
  }
  return history.slice(1);
}

describe('concurrent grades of one session over HTTP', () => {
  it('both succeed, the stored grade is one of them, and the session is counted once', async () => {
    // Arrange: a session, and another graded session of the same user
    const userId = `grader-${Date.now()}`;
    const ts = 1_732_400_000;
    const visible = await interview(userId, `${userId}-a`, ts, 2);
    const other = await interview(userId, `${userId}-b`, ts + 60, 1);
    expect((await post('/feedback', { sessionId: `${userId}-b`, ts: ts + 60, messages: other })).status).toBe(200);

    // Act: the same grade request twice at once (a double click), then a third one racing a re-grade
    const [first, second] = await Promise.all([
      post('/feedback', { sessionId: `${userId}-a`, ts, messages: visible }),
      post('/feedback', { sessionId: `${userId}-a`, ts, messages: visible }),
    ]);

    // Assert
    expect([first.status, second.status]).toEqual([200, 200]);
    const review = await get(`/review?sessionId=${userId}-a`);
    expect(review.status).toBe(200);
    const stored = review.json.messages.at(-1).feedback;
    expect([first.json.feedback, second.json.feedback]).toContainEqual(stored);
    const skills = await get(`/skills?userId=${userId}`);
    expect(skills.json.sessionsAnalyzed).toBe(2);
    expect(skills.json.trend.map((entry: { sessionId: string }) => entry.sessionId).sort()).toEqual([`${userId}-a`, `${userId}-b`]);
  });
});
