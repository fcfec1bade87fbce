/**
 * Per-question grades and retries of one question, over HTTP through local mode (real
 * templates and handlers, the embedded DynamoDB behind its transactions front, the local
 * stand-in model): a graded 4-question session lists 4 questions; a stronger retry of one
 * raises its score, shows in GET /review and in GET /skills practice; every refusal answers
 * its status and writes nothing (asserted on the table itself).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalMode, type LocalMode } from '../tools/local/localMode';
import { localHttp } from './support/localHttp';
import { readFileSync } from 'node:fs';
import { parseTemplate } from '../tools/local/cloudformation';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../tools/local/dynamo';

const INSTRUCTION = 'You are an expert interviewer conducting a medium-level DSA interview. Ask only one question at a time, never give hints or answers.';
const ANSWERS = [
  'I would keep a hash map from value to index and look up target minus each number as I scan, which is O(n) time and O(n) space.',
  'Not sure.',
  'First I would sort the intervals by start, then merge each one into the last if they overlap; sorting makes it O(n log n) time.',
  'I would use two pointers, a slow and a fast one; if they meet there is a cycle, in O(n) time and O(1) space.',
];
const STRONGER =
  'First, I would restate the problem and confirm the edge cases: an empty input, duplicates and negative numbers. Then I would use a hash map from value to index, ' +
  'because one pass is enough: for each number I check whether target minus it is already in the map, so the time complexity is O(n) and the space complexity is O(n). ' +
  'For example, with [2, 7, 11] and target 9, the map holds 2 when 7 arrives, so I return both indices. Finally, I would compare it with sorting plus two pointers, ' +
  'which needs O(n log n) time but O(1) extra memory, and explain that trade-off.';

type Message = { role: 'user' | 'assistant'; content: string };

let local: LocalMode;
let table: DynamoDBDocumentClient;

beforeAll(async () => {
  local = await startLocalMode({ port: 0, dataDir: null });
  table = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: local.dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }));
});
afterAll(() => local?.close());

const { post, get } = localHttp(() => local.url);

/** Everything stored in the session's partition (turns and attempts) and the user's aggregate. */
async function stored(sessionId: string, userId: string): Promise<unknown[]> {
  const query = (key: string) => table.send(new QueryCommand({ TableName: local.dynamo.tableName, KeyConditionExpression: 'sessionId = :s', ExpressionAttributeValues: { ':s': key } }));
  const [session, aggregate] = await Promise.all([query(sessionId), query(`skills#${userId}`)]);
  return [...(session.Items ?? []), ...(aggregate.Items ?? [])];
}

/** A session of four answered questions through POST /interview, stored under one ts. */
async function interview(userId: string, sessionId: string, ts: number): Promise<Message[]> {
  let history: Message[] = [{ role: 'user', content: INSTRUCTION }];
  for (const answer of ANSWERS) {
    const reply = await post('/interview', { sessionId, ts, userId, category: 'DSA', difficulty: 'Medium', messages: history });
    expect(reply.status).toBe(200);
    history = [...history, { role: 'assistant', content: reply.json.message }, { role: 'user', content: answer }];
  }
  return history.slice(1);
}

describe('per-question grades and retries over HTTP', () => {
  const userId = `retrier-${Date.now()}`;
  const sessionId = `${userId}-s`;
  const ts = 1_732_400_000;
  let visible: Message[];

  beforeAll(async () => {
    visible = await interview(userId, sessionId, ts);
  });

  it('refuses a retry before the session is graded: 409 NOT_GRADED, nothing written', async () => {
    const before = await stored(sessionId, userId);
    const response = await post('/feedback', { sessionId, userId, retry: { questionIndex: 0, answer: STRONGER } });
    expect(response.status).toBe(409);
    expect(response.json.code).toBe('NOT_GRADED');
    expect(await stored(sessionId, userId)).toEqual(before);
  });

  it('grades a 4-question session into 4 questions, filled from the transcript', async () => {
    // Act
    const response = await post('/feedback', { sessionId, ts, userId, messages: visible });
    // Assert
    expect(response.status).toBe(200);
    const questions = response.json.feedback.questions;
    expect(questions).toHaveLength(4);
    questions.forEach((question: any, index: number) => {
      expect(question).toMatchObject({ index, question: visible[2 * index]!.content, answer: ANSWERS[index] });
      expect(question.rationale.length).toBeLessThanOrEqual(200);
      expect(question.modelAnswer.length).toBeLessThanOrEqual(400);
      expect(question.tip.length).toBeLessThanOrEqual(150);
    });
    expect(questions[1]).toMatchObject({ verdict: 'off-topic' });
    expect(questions[1].score).toBeLessThanOrEqual(2);
    // The stand-in's prose names concepts, never its matching patterns.
    expect(JSON.stringify(response.json.feedback)).not.toMatch(/\(o\(|o\(n,|motivat,|prioriti,/);
  });

  it('a stronger retry of question 2 raises its score, and shows in /review and in /skills practice', async () => {
    // Arrange
    const graded = (await get(`/review?sessionId=${sessionId}&userId=${userId}`)).json.messages.at(-1).feedback.questions[1];
    // Act
    const response = await post('/feedback', { sessionId, userId, retry: { questionIndex: 1, answer: STRONGER } });
    // Assert
    expect(response.status).toBe(200);
    const attempt = response.json.attempt;
    expect(attempt).toMatchObject({ questionIndex: 1, attempt: 1, answer: STRONGER, previousScore: graded.score });
    expect(attempt.delta).toBe(attempt.score - graded.score);
    expect(attempt.delta).toBeGreaterThan(0);
    const review = await get(`/review?sessionId=${sessionId}&userId=${userId}`);
    expect(review.json.attempts).toEqual([expect.objectContaining({ ...attempt, sessionId, question: graded.question })]);
    expect(review.json.messages.every((item: any) => item.ts > 0)).toBe(true);
    const skills = await get(`/skills?userId=${userId}`);
    expect(skills.json.practice).toMatchObject({ attempts: 1, averageDelta: attempt.delta });
    const sessions = await get(`/sessions?userId=${userId}`);
    expect(sessions.json).toEqual([{ sessionId, category: 'DSA', difficulty: 'Medium', ts }]);
  });

  it("stores the attempt with only the attributes the function's IAM policy lets it Put", async () => {
    const template = parseTemplate(readFileSync('generateFeedbackFunction/template.yml', 'utf8')) as any;
    const statements: any[] = template.Resources.GenerateFeedbackRole.Properties.Policies.flatMap((policy: any) => policy.PolicyDocument.Statement);
    const allowed: string[] = statements.find((statement) => statement.Sid === 'RetryTransactionAttemptPut').Condition['ForAllValues:StringEquals']['dynamodb:Attributes'];
    const attempts = (await stored(sessionId, userId)).filter((item: any) => item.ts < 0);
    expect(attempts.length).toBeGreaterThan(0);
    for (const attempt of attempts) expect(allowed).toEqual(expect.arrayContaining(Object.keys(attempt as object)));
  });

  it('a weaker retry of the same question is attempt 2 against attempt 1, and keeps it below five in practice', async () => {
    const first = (await get(`/review?sessionId=${sessionId}&userId=${userId}`)).json.attempts[0];
    const response = await post('/feedback', { sessionId, userId, retry: { questionIndex: 1, answer: 'I would loop over the array twice.' } });
    expect(response.status).toBe(200);
    expect(response.json.attempt).toMatchObject({ attempt: 2, previousScore: first.score });
    expect(response.json.attempt.score).toBeLessThan(5);
    const practice = (await get(`/skills?userId=${userId}`)).json.practice;
    expect(practice.attempts).toBe(2);
    expect(practice.belowFive).toEqual([{ sessionId, index: 1, category: 'DSA', score: response.json.attempt.score }]);
  });

  it.each([
    ['an index out of range', { questionIndex: 4, answer: STRONGER }, 400, 'INVALID_FIELD'],
    ['an index that is not an integer', { questionIndex: 1.5, answer: STRONGER }, 400, 'INVALID_FIELD'],
    ['a negative index', { questionIndex: -1, answer: STRONGER }, 400, 'INVALID_FIELD'],
    ['an empty answer', { questionIndex: 0, answer: '   ' }, 400, 'INVALID_FIELD'],
    ['a missing answer', { questionIndex: 0 }, 400, 'MISSING_FIELD'],
    ['an answer over 4,000 characters', { questionIndex: 0, answer: 'x'.repeat(4001) }, 413, 'ANSWER_TOO_LONG'],
  ])('refuses %s with %i and writes nothing', async (_what, retry, status, code) => {
    const before = await stored(sessionId, userId);
    const response = await post('/feedback', { sessionId, userId, retry });
    expect(response.status).toBe(status);
    expect(response.json.code).toBe(code);
    expect(await stored(sessionId, userId)).toEqual(before);
  });

  it('needs the userId in legacy mode, as every route does: 400 MISSING_FIELD, nothing written', async () => {
    const before = await stored(sessionId, userId);
    const response = await post('/feedback', { sessionId, retry: { questionIndex: 0, answer: STRONGER } });
    expect([response.status, response.json.code]).toEqual([400, 'MISSING_FIELD']);
    expect(await stored(sessionId, userId)).toEqual(before);
  });

  it("answers 404 for another user's session (and for an unknown one), writing nothing", async () => {
    const before = await stored(sessionId, userId);
    const foreign = await post('/feedback', { sessionId, userId: `${userId}-mallory`, retry: { questionIndex: 0, answer: STRONGER } });
    const unknown = await post('/feedback', { sessionId: `${sessionId}-nope`, userId, retry: { questionIndex: 0, answer: STRONGER } });
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(await stored(sessionId, userId)).toEqual(before);
  });

  it('allows 10 attempts per question; the 11th is 409 ATTEMPT_LIMIT with nothing written', async () => {
    for (let n = 1; n <= 10; n += 1) {
      const response = await post('/feedback', { sessionId, userId, retry: { questionIndex: 3, answer: `${STRONGER} Attempt ${n}.` } });
      expect(response.status).toBe(200);
      expect(response.json.attempt.attempt).toBe(n);
    }
    const before = await stored(sessionId, userId);
    const eleventh = await post('/feedback', { sessionId, userId, retry: { questionIndex: 3, answer: STRONGER } });
    expect(eleventh.status).toBe(409);
    expect(eleventh.json.code).toBe('ATTEMPT_LIMIT');
    expect(await stored(sessionId, userId)).toEqual(before);
  });
});
