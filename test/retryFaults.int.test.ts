/**
 * A retry whose model call fails writes nothing and gives its grade unit back (budget/
 * service.ts), through the handlers in-process against the embedded DynamoDB and the
 * Bedrock stub: a refused request is 502, an unusable answer twice is 502 MODEL_BAD_OUTPUT,
 * and a throttled model is 503 with Retry-After.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ANSWER_TOOL_NAME } from '../layers/shared/src/model/answerSchema';
import { localModelResponder } from '../tools/local/bedrock/localModel';
import type { Responder } from '../tools/local/bedrock/server';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../tools/local/dynamo';
import { httpEvent, lambdaContext } from './support/events';
import { FUNCTIONS, startTestStack, type TestStack } from './support/stack';

const USER = 'retry-faults-user';
const SESSION = 'retry-faults-session';
const TS = 1_732_400_000;
const ANSWER = 'I would keep a hash map from value to index and look up target minus each number, which is O(n) time and O(n) space.';

let stack: TestStack;
let table: DynamoDBDocumentClient;

const isAnswerCall: (body: any) => boolean = (body) =>
  body?.outputConfig?.textFormat?.structure?.jsonSchema?.name === 'answer_grade' || body?.toolConfig?.tools?.[0]?.toolSpec?.name === ANSWER_TOOL_NAME;

/** The stand-in, except for per-answer grades, which get `fault`. */
const answersFailWith =
  (fault: ReturnType<Responder>): Responder =>
  (call) =>
    isAnswerCall(call.body) ? fault : localModelResponder(call);

const feedback = (body: unknown) =>
  stack.invoke(FUNCTIONS.feedback, httpEvent({ path: '/feedback', body: JSON.stringify(body) }), lambdaContext(29_000, FUNCTIONS.feedback));

async function everything(): Promise<unknown> {
  const query = (key: string) => table.send(new QueryCommand({ TableName: stack.dynamo.tableName, KeyConditionExpression: 'sessionId = :s', ExpressionAttributeValues: { ':s': key } }));
  const [session, aggregate] = await Promise.all([query(SESSION), query(`skills#${USER}`)]);
  return [session.Items, aggregate.Items];
}

beforeAll(async () => {
  stack = await startTestStack({ responder: localModelResponder, env: { MODEL_RETRY_BASE_MS: '10', MODEL_THROTTLE_BUDGET_MS: '300', DAILY_GRADES_PER_USER: '50' } });
  table = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }));
  const opened = await stack.invoke(
    FUNCTIONS.interview,
    httpEvent({ body: JSON.stringify({ sessionId: SESSION, ts: TS, userId: USER, category: 'DSA', difficulty: 'Easy', messages: [{ role: 'user', content: 'Start.' }] }) }),
    lambdaContext(29_000, FUNCTIONS.interview),
  );
  expect(opened.statusCode).toBe(200);
  const graded = await feedback({ sessionId: SESSION, ts: TS, userId: USER, messages: [{ role: 'assistant', content: opened.body.message }, { role: 'user', content: ANSWER }] });
  expect(graded.statusCode).toBe(200);
});
afterAll(async () => {
  table?.destroy();
  await stack?.close();
});

afterEach(() => stack.respondWith(localModelResponder));

describe('a retry whose model call fails', () => {
  it.each([
    ['refused by the model', { error: { status: 400, type: 'ValidationException', message: 'Malformed input request' } }, 502, 'MODEL_REJECTED'],
    ['answered with unusable output twice', { toolUse: { name: ANSWER_TOOL_NAME, input: { rationale: 'x', verdict: 'off-topic', score: 9, modelAnswer: 'y', tip: 'z' } } }, 502, 'MODEL_BAD_OUTPUT'],
    ['throttled for the whole budget', { error: { status: 429, type: 'ThrottlingException', message: 'Too many requests' } }, 503, 'MODEL_UNAVAILABLE'],
  ] as const)('%s → %i %s, nothing written', async (_what, fault, status, code) => {
    // Arrange
    const before = await everything();
    stack.respondWith(answersFailWith(fault as ReturnType<Responder>));
    // Act
    const response = await feedback({ sessionId: SESSION, userId: USER, retry: { questionIndex: 0, answer: ANSWER } });
    // Assert
    expect(response.statusCode).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await everything()).toEqual(before);
  });
});
