import { localModelResponder } from '../tools/local/bedrock/localModel';
import { httpEvent } from './support/events';
import { startTestStack, type TestStack } from './support/stack';

// Faults of the dependencies, seen from the client: a throttled model and an unreachable
// database are 503 JSON with Retry-After and CORS headers, and nothing is half-written.

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ responder: localModelResponder, env: { MODEL_RETRY_BASE_MS: '10' } });
});
afterAll(async () => stack?.close());

const instruction = { role: 'user', content: 'Start the interview.' };
const turn = (sessionId: string) =>
  httpEvent({ method: 'POST', path: '/interview', body: JSON.stringify({ sessionId, ts: 1732400000, userId: 'u-faults', category: 'Product', difficulty: 'Hard', messages: [instruction] }) });
const review = (sessionId: string) => httpEvent({ method: 'GET', path: '/review', queryStringParameters: { sessionId } });

it('answers a model that stays throttled with 503 and Retry-After, and stores nothing', async () => {
  // Arrange
  stack.respondWith(() => ({ error: { status: 429, type: 'ThrottlingException', message: 'Too many requests' } }));
  // Act
  const result = await stack.invoke('generateInterviewQuestion', turn('fault-throttled'));
  // Assert
  expect(result.statusCode).toBe(503);
  expect(Number(result.headers['Retry-After'])).toBeGreaterThan(0);
  expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
  expect(result.body.code).toBe('MODEL_UNAVAILABLE');
  expect((await stack.invoke('fetchSession', review('fault-throttled'))).statusCode).toBe(404);
});

it('answers the same request normally once the model recovers', async () => {
  stack.respondWith(localModelResponder);
  expect((await stack.invoke('generateInterviewQuestion', turn('fault-throttled'))).statusCode).toBe(200);
});

it('answers with 503 STORAGE_UNAVAILABLE when the database is unreachable', async () => {
  // Arrange
  await stack.dynamo.close();
  // Act
  const read = await stack.invoke('fetchSession', review('fault-throttled'));
  const write = await stack.invoke('generateInterviewQuestion', turn('fault-db-down'));
  // Assert
  for (const result of [read, write]) {
    expect(result.statusCode).toBe(503);
    expect(result.body).toEqual({ error: expect.stringContaining('try again'), code: 'STORAGE_UNAVAILABLE' });
    expect(result.headers['Retry-After']).toBe('1');
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
  }
});
