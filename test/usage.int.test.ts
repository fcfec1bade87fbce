/**
 * The `usage` attribute (docs/operations.md#cost): every model answer the stub reports —
 * the one after a throttle, the invalid one and its retry, the grade — is recorded on the
 * session item beside `messages` (whose entries stay {role, content}), per turn and for the
 * grade, and its totals equal the sums of what the stub reported. Through the handlers,
 * DynamoDB and the Bedrock stub over HTTP; GET /review returns it (checked against openapi.yaml).
 */
import { localModelResponder } from '../tools/local/bedrock/localModel';
import type { ResponderResult, StubUsage } from '../tools/local/bedrock/server';
import { httpEvent } from './support/events';
import { startTestStack, type TestStack } from './support/stack';

type Message = { role: 'user' | 'assistant'; content: string };
const TS = 1_732_500_000;
const MODEL_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

let stack: TestStack;
/** Every usage the stub reported in an answer, in order. */
let reported: StubUsage[] = [];
/** What the next interviewer calls answer; then the stand-in (grades) with a fixed usage. */
let script: ResponderResult[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    responder: async (call) => {
      const next = script.shift() ?? { ...((await localModelResponder(call)) as ResponderResult & object), usage: { inputTokens: 2100, outputTokens: 380, cacheReadInputTokens: 0, cacheWriteInputTokens: 1650 } };
      if ('usage' in next && next.usage) reported.push(next.usage);
      return next;
    },
    env: { MODEL_RETRY_BASE_MS: '5' },
  });
});
afterAll(async () => stack?.close());

const say = (text: string, usage: StubUsage): ResponderResult => ({ text, usage });
const sum = (key: keyof StubUsage) => reported.reduce((total, usage) => total + (usage[key] ?? 0), 0);

async function turn(sessionId: string, messages: Message[]): Promise<string> {
  const result = await stack.invoke('generateInterviewQuestion', httpEvent({ method: 'POST', path: '/interview', body: JSON.stringify({ sessionId, ts: TS, userId: 'u-usage', category: 'Behavioral', difficulty: 'Medium', messages }) }));
  expect(result.statusCode).toBe(200);
  return String(result.body.message);
}

describe('usage on the session item', () => {
  it('records every billed answer (after a throttle, invalid and retried, the grade); the totals equal the stub\'s sums', async () => {
    // Arrange: turn 1 plain; turn 2 throttled once, then answered; turn 3 an empty (invalid) answer, then a good one.
    reported = [];
    script = [
      say('Tell me about a conflict at work.', { inputTokens: 900, outputTokens: 12 }),
      { error: { status: 429, type: 'ThrottlingException', message: 'Too many requests' } },
      say('What did you do next?', { inputTokens: 200, outputTokens: 8, cacheReadInputTokens: 0, cacheWriteInputTokens: 1200 }),
      say('', { inputTokens: 150, outputTokens: 0, cacheReadInputTokens: 1200, cacheWriteInputTokens: 300 }),
      say('What was the result?', { inputTokens: 150, outputTokens: 7, cacheReadInputTokens: 1200, cacheWriteInputTokens: 300 }),
    ];
    const instruction: Message = { role: 'user', content: 'Start a Behavioral interview.' };
    const a1: Message = { role: 'user', content: 'My lead and I disagreed on a release date; I laid out the risks and we staged the rollout.' };
    const a2: Message = { role: 'user', content: 'I wrote the plan down, got both teams to agree, and we shipped a week later with no incident.' };

    // Act
    const q1 = await turn('usage-1', [instruction]);
    const q2 = await turn('usage-1', [instruction, { role: 'assistant', content: q1 }, a1]);
    const q3 = await turn('usage-1', [instruction, { role: 'assistant', content: q1 }, a1, { role: 'assistant', content: q2 }, a2]);
    const graded = await stack.invoke('generateFeedbackFunction', httpEvent({ method: 'POST', path: '/feedback', body: JSON.stringify({ sessionId: 'usage-1', ts: TS, messages: [{ role: 'assistant', content: q1 }, a1, { role: 'assistant', content: q2 }, a2, { role: 'assistant', content: q3 }, { role: 'user', content: 'Fewer incidents.' }] }) }));
    const review = await stack.invoke('fetchSession', httpEvent({ method: 'GET', path: '/review', queryStringParameters: { sessionId: 'usage-1' } }));

    // Assert
    expect(graded.statusCode).toBe(200);
    expect(review.statusCode).toBe(200);
    const item = review.body.messages[0];
    expect(Object.keys(item.messages[0]).sort()).toEqual(['content', 'role']);
    // 4 interviewer answers (the throttled attempt is not billed), then the grade: its session-level call and one call per answered question (3).
    expect(reported).toHaveLength(8);
    expect(item.usage.total).toEqual({
      calls: 8,
      tokens: { input: sum('inputTokens'), output: sum('outputTokens'), cacheRead: sum('cacheReadInputTokens'), cacheWrite: sum('cacheWriteInputTokens') },
      costUsd: expect.any(Number),
    });
    expect(item.usage.total.tokens).toEqual({ input: 9800, output: 1547, cacheRead: 2400, cacheWrite: 8400 });
    expect(item.usage.turns.map((entry: { calls: number; tokens: unknown; modelId: string }) => [entry.modelId, entry.calls, entry.tokens])).toEqual([
      [MODEL_ID, 1, { input: 900, output: 12, cacheRead: 0, cacheWrite: 0 }],
      [MODEL_ID, 1, { input: 200, output: 8, cacheRead: 0, cacheWrite: 1200 }],
      [MODEL_ID, 2, { input: 300, output: 7, cacheRead: 2400, cacheWrite: 600 }],
    ]);
    expect(item.usage.grades.map((entry: { calls: number; tokens: unknown }) => [entry.calls, entry.tokens])).toEqual([[4, { input: 8400, output: 1520, cacheRead: 0, cacheWrite: 6600 }]]);
    // Sonnet 4.5: $3 input, $15 output, $0.30 cache read, $3.75 cache write per million tokens.
    expect(item.usage.total.costUsd).toBeCloseTo((9800 * 3 + 1547 * 15 + 2400 * 0.3 + 8400 * 3.75) / 1e6, 5);
  });
});
