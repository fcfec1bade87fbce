/**
 * A throttled or slow model, seen from the client, with the deployed retry settings
 * (MODEL_THROTTLE_BUDGET_MS and MODEL_RETRY_BASE_MS at their defaults): a 30 % throttle rate
 * never reaches the candidate, constant throttling answers 503 with Retry-After in under
 * 10 s, and a model slower than the function answers 504 and is never written afterwards.
 */
import type { ConverseCall, Responder } from '../tools/local/bedrock/server';
import { localModelResponder } from '../tools/local/bedrock/localModel';
import { httpEvent, lambdaContext } from './support/events';
import { startTestStack, type TestStack } from './support/stack';

const THROTTLE = { error: { status: 429, type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' } };

/** Throttles 3 calls in every 10, evenly spread (calls 0, 4 and 7 of each ten), whatever the route. */
function throttlingThirtyPercent(): Responder {
  let calls = 0;
  return (call: ConverseCall) => ((calls++ * 3) % 10 < 3 ? THROTTLE : localModelResponder(call));
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ responder: localModelResponder });
});
afterAll(async () => stack?.close());

type Message = { role: 'user' | 'assistant'; content: string };
const INSTRUCTION: Message = { role: 'user', content: 'You are an expert interviewer conducting a medium-level DSA interview.' };
const answer = (n: number): Message => ({ role: 'user', content: `Answer ${n}: I would use a hash map and walk the array once, which is O(n).` });

const interview = (sessionId: string, messages: Message[]) =>
  httpEvent({ method: 'POST', path: '/interview', body: JSON.stringify({ sessionId, ts: 1_732_400_000, userId: 'u-throttle', category: 'DSA', difficulty: 'Medium', messages }) });
const grade = (sessionId: string, messages: Message[]) =>
  httpEvent({ method: 'POST', path: '/feedback', body: JSON.stringify({ sessionId, ts: 1_732_400_000, messages }) });
const review = (sessionId: string) => httpEvent({ method: 'GET', path: '/review', queryStringParameters: { sessionId } });

it('absorbs 30 % evenly spread throttling: 30 turns and 10 grades, none fails, every turn stored once', async () => {
  // Arrange
  stack.respondWith(throttlingThirtyPercent());
  const statuses: number[] = [];
  // Act: 10 sessions of 3 turns, each graded
  for (let s = 0; s < 10; s += 1) {
    const sessionId = `throttled-${s}`;
    let history: Message[] = [INSTRUCTION];
    for (let turn = 1; turn <= 3; turn += 1) {
      const result = await stack.invoke('generateInterviewQuestion', interview(sessionId, history));
      statuses.push(result.statusCode);
      history = [...history, { role: 'assistant', content: String(result.body.message) }, answer(turn)];
    }
    statuses.push((await stack.invoke('generateFeedbackFunction', grade(sessionId, history.slice(1)))).statusCode);
  }
  // Assert: every request answered 200; on the table each session holds its 3 interviewer turns once, and a grade
  expect(statuses).toEqual(Array<number>(40).fill(200));
  expect(stack.bedrock.calls.length).toBeGreaterThan(40);
  for (let s = 0; s < 10; s += 1) {
    const items = (await stack.invoke('fetchSession', review(`throttled-${s}`))).body.messages as Array<{ messages: Message[]; feedback?: unknown }>;
    expect(items).toHaveLength(1);
    expect(items[0]!.messages.filter((message) => message.role === 'assistant')).toHaveLength(3);
    expect(items[0]!.messages).toHaveLength(6);
    expect(items[0]!.feedback).toBeDefined();
  }
}, 120_000);

it('answers constant throttling with 503 and Retry-After in under 10 s, storing nothing', async () => {
  // Arrange
  stack.respondWith(() => THROTTLE);
  const started = Date.now();
  // Act
  const result = await stack.invoke('generateInterviewQuestion', interview('always-throttled', [INSTRUCTION]));
  // Assert
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(result.statusCode).toBe(503);
  expect(result.body.code).toBe('MODEL_UNAVAILABLE');
  expect(Number(result.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
  expect((await stack.invoke('fetchSession', review('always-throttled'))).statusCode).toBe(404);
}, 20_000);

it('answers a model slower than the function with 504, and nothing is written when the answer comes late', async () => {
  // Arrange: 3 s left in the function (the write margin leaves 1.5 s for the model); the model takes 2.5 s
  stack.respondWith((call) => ({ delayMs: 2500, then: localModelResponder(call) as { text: string } }));
  // Act
  const result = await stack.invoke('generateInterviewQuestion', interview('too-slow', [INSTRUCTION]), lambdaContext(3000, 'generateInterviewQuestion'));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  // Assert
  expect(result.statusCode).toBe(504);
  expect((await stack.invoke('fetchSession', review('too-slow'))).statusCode).toBe(404);
}, 20_000);
