/**
 * The per-user budgets of model work, over HTTP through local mode started as
 * `npm start -- --daily-turns 5 --daily-grades 2 --max-turns-per-session 4` (real templates
 * and handlers, the embedded DynamoDB, the local model): refusals are 429 JSON with CORS,
 * cost no model call and store nothing; a replay stays free; /skills reports what is left;
 * and 20 simultaneous turns with 5 left spend exactly 5 (read back from the table).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nextUtcMidnightMs, secondsToNextUtcMidnight, utcDay } from '../layers/shared/src/budget/service';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../tools/local/dynamo';
import { startLocalMode, type LocalMode } from '../tools/local/localMode';

const INSTRUCTION = 'You are an expert interviewer conducting a medium-level DSA interview. Ask only one question at a time, never give hints or answers.';
const ANSWER = 'I would keep a hash map from value to index and look up target minus each number as I scan.';
const ORIGIN = 'http://localhost:3000';
const TS = 1_732_400_000;

type Message = { role: 'user' | 'assistant'; content: string };
interface Answer {
  status: number;
  json: any;
  headers: Headers;
}

let local: LocalMode;
let table: DynamoDBDocumentClient;
/** Users unique to this run: the budget items of a day outlive a test on a kept data folder. */
const run = `b${Date.now()}`;

beforeAll(async () => {
  local = await startLocalMode({ port: 0, dataDir: null, budgets: { dailyTurns: 5, dailyGrades: 2, maxTurnsPerSession: 4 } });
  table = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: local.dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }));
});
afterAll(async () => {
  table?.destroy();
  await local?.close();
});

async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${local.url}${path}`, {
    method,
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

const turn = (userId: string, sessionId: string, messages: Message[]) =>
  send('POST', '/interview', { sessionId, ts: TS, userId, category: 'DSA', difficulty: 'Medium', messages });

/** `turns` answered interviewer turns of one session; returns the history and the last request's messages. */
async function interview(userId: string, sessionId: string, turns: number): Promise<{ history: Message[]; lastSent: Message[] }> {
  let history: Message[] = [{ role: 'user', content: INSTRUCTION }];
  let lastSent = history;
  for (let i = 0; i < turns; i += 1) {
    lastSent = history;
    const reply = await turn(userId, sessionId, history);
    expect([sessionId, i, reply.status]).toEqual([sessionId, i, 200]);
    history = [...history, { role: 'assistant', content: reply.json.message }, { role: 'user', content: ANSWER }];
  }
  return { history, lastSent };
}

async function budgetItem(userId: string): Promise<Record<string, unknown> | undefined> {
  const result = await table.send(new GetCommand({ TableName: local.dynamo.tableName, Key: { sessionId: `budget#${userId}#${utcDay(Date.now())}`, ts: 0 }, ConsistentRead: true }));
  return result.Item;
}

describe('per-user budgets over HTTP (local mode: --daily-turns 5 --daily-grades 2 --max-turns-per-session 4)', () => {
  const alice = `${run}-alice`;

  it('refuses a session\'s 5th interviewer turn for good, without Retry-After and without counting it', async () => {
    // Arrange: 4 turns, the session's cap
    const { history } = await interview(alice, `${alice}-s1`, 4);
    const calls = local.bedrock!.calls.length;

    // Act
    const fifth = await turn(alice, `${alice}-s1`, history);

    // Assert
    expect([fifth.status, fifth.json.code, fifth.headers.get('retry-after')]).toEqual([429, 'SESSION_TURN_LIMIT', null]);
    expect(local.bedrock!.calls.length).toBe(calls);
    expect((await budgetItem(alice))?.turns).toBe(4);
  });

  it("refuses a user's 6th turn of the day with 429 QUOTA_EXCEEDED, Retry-After, JSON and CORS; no model call, nothing stored", async () => {
    // Arrange: the 5th turn of the day, in a new session
    expect((await turn(alice, `${alice}-s2`, [{ role: 'user', content: INSTRUCTION }])).status).toBe(200);
    const calls = local.bedrock!.calls.length;

    // Act
    const sixth = await turn(alice, `${alice}-s3`, [{ role: 'user', content: INSTRUCTION }]);

    // Assert
    expect([sixth.status, sixth.json.code, typeof sixth.json.error]).toEqual([429, 'QUOTA_EXCEEDED', 'string']);
    expect(sixth.headers.get('content-type')).toMatch(/^application\/json/);
    expect(sixth.headers.get('access-control-allow-origin')).toBe('*');
    expect(Math.abs(Number(sixth.headers.get('retry-after')) - secondsToNextUtcMidnight(Date.now()))).toBeLessThanOrEqual(1);
    expect(local.bedrock!.calls.length).toBe(calls);
    expect((await send('GET', `/review?sessionId=${alice}-s3`)).status).toBe(404);
    expect((await budgetItem(alice))?.turns).toBe(5);
  });

  it('still answers a replayed stored turn (no model call) with its stored reply', async () => {
    // Arrange: the request of s1's 4th turn, already answered and stored
    const { lastSent, history } = await interviewHistory(`${alice}-s1`);

    // Act
    const replay = await turn(alice, `${alice}-s1`, lastSent);

    // Assert
    expect([replay.status, replay.json.message]).toEqual([200, history.at(-1)?.content]);
    expect((await budgetItem(alice))?.turns).toBe(5);
  });

  it('leaves another user unaffected', async () => {
    const bob = `${run}-bob`;
    expect((await turn(bob, `${bob}-s1`, [{ role: 'user', content: INSTRUCTION }])).status).toBe(200);
    expect((await budgetItem(bob))?.turns).toBe(1);
    // The budget item has no userId: /sessions (the userId-ts index) never lists it.
    expect((await send('GET', `/sessions?userId=${bob}`)).json.map((entry: { sessionId: string }) => entry.sessionId)).toEqual([`${bob}-s1`]);
  });

  it('refuses the 3rd grade of the day with 429 QUOTA_EXCEEDED and no model call', async () => {
    // Arrange: two grades of s1
    const { history } = await interviewHistory(`${alice}-s1`);
    const grade = (sessionId: string, messages: Message[]) => send('POST', '/feedback', { sessionId, ts: TS, messages: messages.slice(1) });
    expect([(await grade(`${alice}-s1`, history)).status, (await grade(`${alice}-s1`, history)).status]).toEqual([200, 200]);
    const calls = local.bedrock!.calls.length;

    // Act
    const third = await grade(`${alice}-s2`, (await interviewHistory(`${alice}-s2`)).history);

    // Assert
    expect([third.status, third.json.code]).toEqual([429, 'QUOTA_EXCEEDED']);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(local.bedrock!.calls.length).toBe(calls);
    expect((await send('GET', `/review?sessionId=${alice}-s2`)).json.messages[0].feedback).toBeUndefined();
  });

  it('reports the remaining budget on /skills', async () => {
    // Act
    const spent = await send('GET', `/skills?userId=${alice}`);
    const fresh = await send('GET', `/skills?userId=${run}-bob`);

    // Assert
    const resetsAt = new Date(nextUtcMidnightMs(Date.now())).toISOString();
    expect([spent.status, spent.json.budget]).toEqual([200, { turnsLeft: 0, gradesLeft: 0, resetsAt }]);
    expect(fresh.json.budget).toEqual({ turnsLeft: 4, gradesLeft: 2, resetsAt });
  });

  it('lets exactly 5 of 20 simultaneous turns through for a user with 5 left', async () => {
    // Arrange
    const carol = `${run}-carol`;
    const calls = local.bedrock!.calls.length;

    // Act: 20 first turns of 20 sessions at once
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => turn(carol, `${carol}-s${i}`, [{ role: 'user', content: INSTRUCTION }])));

    // Assert: on the table, 5 turns spent and 5 sessions stored
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429 && answer.json.code === 'QUOTA_EXCEEDED')).toHaveLength(15);
    expect((await budgetItem(carol))?.turns).toBe(5);
    const stored = await table.send(
      new QueryCommand({ TableName: local.dynamo.tableName, IndexName: 'userId-ts-index', KeyConditionExpression: 'userId = :u', ExpressionAttributeValues: { ':u': carol } }),
    );
    expect(stored.Items).toHaveLength(5);
    expect(local.bedrock!.calls.length - calls).toBe(5);
  });
});

/** The stored transcript of a session, and the request that produced its last turn. */
async function interviewHistory(sessionId: string): Promise<{ history: Message[]; lastSent: Message[] }> {
  const review = await send('GET', `/review?sessionId=${sessionId}`);
  const stored: Message[] = review.json.messages.at(-1).messages;
  return { history: [...stored], lastSent: stored.slice(0, -1) };
}
