/**
 * The give-back rule of the budgets (budget/service.ts), through the handlers in-process:
 * a model call that fails gives its unit back; once the model has answered, the unit stays
 * spent even if the request fails afterwards.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { utcDay } from '../layers/shared/src/budget/service';
import { localModelResponder } from '../tools/local/bedrock/localModel';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../tools/local/dynamo';
import { httpEvent, lambdaContext } from './support/events';
import { FUNCTIONS, startTestStack, type TestStack } from './support/stack';

const USER = 'give-back-user';
const TS = 1_732_400_000;
const instruction = { role: 'user', content: 'You are an expert interviewer conducting an easy HR interview.' };

let stack: TestStack;
let table: DynamoDBDocumentClient;
beforeAll(async () => {
  stack = await startTestStack({ responder: localModelResponder, env: { DAILY_TURNS_PER_USER: '3' } });
  table = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }));
});
afterAll(async () => {
  table?.destroy();
  await stack?.close();
});

const firstTurn = (sessionId: string, timeoutMs = 29_000) =>
  stack.invoke(
    FUNCTIONS.interview,
    httpEvent({ body: JSON.stringify({ sessionId, ts: TS, userId: USER, category: 'HR', difficulty: 'Easy', messages: [instruction] }) }),
    lambdaContext(timeoutMs, FUNCTIONS.interview),
  );

async function turnsSpent(): Promise<unknown> {
  const key = { sessionId: `budget#${USER}#${utcDay(Date.now())}`, ts: 0 };
  return (await table.send(new GetCommand({ TableName: stack.dynamo.tableName, Key: key, ConsistentRead: true }))).Item?.turns;
}

it('gives the unit back when the model call fails, and keeps it once the model has answered', async () => {
  // Act 1: the model refuses the request
  stack.respondWith(() => ({ error: { status: 400, type: 'ValidationException', message: 'bad input' } }));
  const refused = await firstTurn('give-back-1');
  // Assert 1: 502, nothing spent
  expect([refused.statusCode, refused.body.code, await turnsSpent()]).toEqual([502, 'MODEL_REJECTED', 0]);

  // Act 2: a turn that succeeds, then one whose model answers after the deadline (2 s of Lambda time)
  stack.respondWith(localModelResponder);
  const answered = await firstTurn('give-back-2');
  stack.respondWith(() => ({ delayMs: 1500, then: { text: 'Too late.' } }));
  const late = await firstTurn('give-back-3', 2000);
  // Assert 2: the timed-out model call gave its unit back
  expect([answered.statusCode, late.statusCode, late.body.code, await turnsSpent()]).toEqual([200, 504, 'MODEL_TIMEOUT', 1]);

  // Act 3: while the model answers, another user takes the session id, so the turn cannot be stored
  stack.respondWith(async () => {
    await table.send(new PutCommand({ TableName: stack.dynamo.tableName, Item: { sessionId: 'give-back-4', ts: TS, userId: 'someone-else', messages: [] } }));
    return { text: 'Tell me about a project you led.' };
  });
  const lost = await firstTurn('give-back-4');
  // Assert 3: the model's work was done, so its unit stays spent
  expect([lost.statusCode, lost.body.code, await turnsSpent()]).toEqual([404, 'NOT_FOUND', 2]);

  // Act 4: the 3rd turn of the day, then a 4th
  stack.respondWith(localModelResponder);
  const third = await firstTurn('give-back-5');
  const fourth = await firstTurn('give-back-6');
  // Assert 4
  expect([third.statusCode, fourth.statusCode, fourth.body.code, await turnsSpent()]).toEqual([200, 429, 'QUOTA_EXCEEDED', 3]);
});
