// The EMF lines (names, units, dimensions) of a model turn, a throttle, an invalid output
// and a grade: what CloudWatch extracts, the dashboard graphs and the alarms watch.
import { jest } from '@jest/globals';
import type { BedrockRuntimeClient, ConverseCommand, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { localModelResponder } from '../../../tools/local/bedrock/localModel';

process.env.POWERTOOLS_METRICS_DISABLED = 'false';
process.env.POWERTOOLS_METRICS_NAMESPACE = 'IntelliView';
process.env.POWERTOOLS_SERVICE_NAME = 'intelliview';

const MODEL_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const OWNER = 'user-1';

// The grade's storage is mocked: this test is about what the use case publishes and writes.
const writes: unknown[] = [];
const actualSessionsTable = await import('./db/sessionsTable');
const actualAggregateTable = await import('./db/aggregateTable');
const actualGradeTransaction = await import('./db/gradeTransaction');
jest.unstable_mockModule('./db/sessionsTable', () => ({
  ...actualSessionsTable,
  getSessionItems: async () => [
    {
      sessionId: 's1', ts: 1_700_000_000, userId: OWNER, category: 'Behavioral', difficulty: 'Medium',
      messages: [{ role: 'assistant', content: 'Tell me about a conflict.' }, { role: 'user', content: 'I once disagreed with my lead about a release date and we split the scope.' }],
      usage: {
        turns: [{ at: 1_700_000_000, modelId: MODEL_ID, calls: 1, tokens: { input: 100, output: 20, cacheRead: 0, cacheWrite: 0 }, costUsd: 0.0006 }],
        grades: [],
        total: { calls: 1, tokens: { input: 100, output: 20, cacheRead: 0, cacheWrite: 0 }, costUsd: 0.0006 },
      },
    },
  ],
  saveFeedback: async () => undefined,
}));
jest.unstable_mockModule('./db/aggregateTable', () => ({
  ...actualAggregateTable,
  readAggregate: async () => ({ state: (await import('./skills/state')).emptyState(), version: 1, hasLegacyMarkers: false }),
}));
jest.unstable_mockModule('./db/gradeTransaction', () => ({
  ...actualGradeTransaction,
  writeGradeAndAggregate: async (write: unknown) => {
    writes.push(write);
    return 'written';
  },
}));

const { readModelConfig } = await import('./config');
const { createModelCaller } = await import('./model/client');
const { createModel } = await import('./model/service');
const { gradeSession } = await import('./grading/service');
const { UsageMeter } = await import('./usage/usage');

type Answer = ConverseCommandOutput | { throw: { name: string; status: number } };

/** A Bedrock client that answers from a script, one entry per attempt. */
function scriptedClient(script: Answer[]): () => BedrockRuntimeClient {
  const client = {
    send: async (command: ConverseCommand) => {
      const next = script.shift() ?? (await answerLikeTheStandIn(command));
      if ('throw' in next) throw Object.assign(new Error(next.throw.name), { name: next.throw.name, $metadata: { httpStatusCode: next.throw.status } });
      return next;
    },
  };
  return () => client as unknown as BedrockRuntimeClient;
}

/** The local stand-in's answer to this request (a valid grade in the form asked for). */
async function answerLikeTheStandIn(command: ConverseCommand): Promise<ConverseCommandOutput> {
  const result = await localModelResponder({ modelId: MODEL_ID, stream: false, body: JSON.parse(JSON.stringify(command.input)) });
  const usage = { inputTokens: 1500, outputTokens: 400, totalTokens: 1900, cacheReadInputTokens: 0, cacheWriteInputTokens: 1200 };
  if ('toolUse' in result) {
    return { output: { message: { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: result.toolUse.name, input: result.toolUse.input as never } }] } }, stopReason: 'tool_use', usage, metrics: { latencyMs: 5 }, $metadata: {} };
  }
  if ('text' in result) return { output: { message: { role: 'assistant', content: [{ text: result.text }] } }, stopReason: 'end_turn', usage, metrics: { latencyMs: 5 }, $metadata: {} };
  throw new Error('unexpected stand-in answer');
}

function textAnswer(text: string, usage: { inputTokens: number; outputTokens: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number }): ConverseCommandOutput {
  return {
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason: 'end_turn',
    usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
    metrics: { latencyMs: 5 },
    $metadata: {},
  };
}

const config = readModelConfig({ MODEL_ID, MODEL_RETRY_BASE_MS: '1', MODEL_THROTTLE_BUDGET_MS: '5000' });
const turn = { category: 'Behavioral' as const, difficulty: 'Medium' as const, messages: [{ role: 'user' as const, content: 'Start' }] };

interface Emf {
  _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  [key: string]: unknown;
}

let lines: Emf[] = [];
let restore: () => void;
beforeEach(() => {
  lines = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = chunk.toString();
    for (const line of text.split('\n')) if (line.startsWith('{') && line.includes('"_aws"')) lines.push(JSON.parse(line) as Emf);
    return true;
  });
  restore = () => spy.mockRestore();
});
afterEach(() => restore());

/** A line without its timestamp: directive (namespace, dimensions, names, units) and values. */
function shape(line: Emf | undefined): { directive: unknown; values: Record<string, unknown> } {
  const { _aws, ...values } = line ?? ({ _aws: { CloudWatchMetrics: [] } } as unknown as Emf);
  return { directive: _aws.CloudWatchMetrics, values };
}

const MODEL_CALL_METRICS = [
  { Name: 'ModelCalls', Unit: 'Count' },
  { Name: 'ModelErrors', Unit: 'Count' },
  { Name: 'ModelLatency', Unit: 'Milliseconds' },
  { Name: 'ModelAttempts', Unit: 'Count' },
  { Name: 'ModelRetries', Unit: 'Count' },
  { Name: 'ModelThrottles', Unit: 'Count' },
  { Name: 'InputTokens', Unit: 'Count' },
  { Name: 'OutputTokens', Unit: 'Count' },
  { Name: 'CacheReadTokens', Unit: 'Count' },
  { Name: 'CacheWriteTokens', Unit: 'Count' },
];
const modelCallDirective = [{ Namespace: 'IntelliView', Dimensions: [['service', 'route', 'modelId']], Metrics: MODEL_CALL_METRICS }];

describe('EMF metrics', () => {
  it('a model turn: one line with the call, its latency, attempts and tokens, by route and model id', async () => {
    const usage = new UsageMeter();
    const model = createModel(config, createModelCaller(config, scriptedClient([textAnswer('Tell me about a conflict.', { inputTokens: 300, outputTokens: 12, cacheReadInputTokens: 1100, cacheWriteInputTokens: 40 })])));

    await expect(model.nextInterviewerTurn(turn, { usage })).resolves.toBe('Tell me about a conflict.');

    expect(lines).toHaveLength(1);
    const { directive, values } = shape(lines[0]);
    expect(directive).toEqual(modelCallDirective);
    expect({ ...values, ModelLatency: typeof values.ModelLatency }).toEqual({
      service: 'intelliview', route: 'interview', modelId: MODEL_ID,
      ModelCalls: 1, ModelErrors: 0, ModelLatency: 'number', ModelAttempts: 1, ModelRetries: 0, ModelThrottles: 0,
      InputTokens: 300, OutputTokens: 12, CacheReadTokens: 1100, CacheWriteTokens: 40,
    });
    expect(usage.entry(1)).toEqual({ at: 1, modelId: MODEL_ID, calls: 1, tokens: { input: 300, output: 12, cacheRead: 1100, cacheWrite: 40 }, costUsd: 0.00156 });
  });

  it('a throttle: the throttled attempt and the retry are counted on the call that then answered', async () => {
    const model = createModel(config, createModelCaller(config, scriptedClient([{ throw: { name: 'ThrottlingException', status: 429 } }, textAnswer('Q?', { inputTokens: 50, outputTokens: 3 })])));

    await model.nextInterviewerTurn(turn);

    expect(lines).toHaveLength(1);
    expect(shape(lines[0]).directive).toEqual(modelCallDirective);
    expect(shape(lines[0]).values).toMatchObject({ route: 'interview', ModelCalls: 1, ModelErrors: 0, ModelAttempts: 2, ModelRetries: 1, ModelThrottles: 1, InputTokens: 50, OutputTokens: 3 });
  });

  it('a call that stays throttled: ModelErrors 1, every attempt throttled, no tokens', async () => {
    const throttled = { throw: { name: 'ThrottlingException', status: 429 } };
    const strict = readModelConfig({ MODEL_ID, MODEL_RETRY_BASE_MS: '1', MODEL_THROTTLE_BUDGET_MS: '0' });
    const model = createModel(strict, createModelCaller(strict, scriptedClient([throttled, throttled])));

    await expect(model.nextInterviewerTurn(turn)).rejects.toMatchObject({ statusCode: 503, code: 'MODEL_UNAVAILABLE' });

    expect(lines.map((line) => shape(line).values)).toEqual([
      expect.objectContaining({ ModelCalls: 1, ModelErrors: 1, ModelAttempts: 1, ModelRetries: 0, ModelThrottles: 1, InputTokens: 0, OutputTokens: 0 }),
    ]);
  });

  it('an invalid output: ModelInvalidOutputs 1, and both billed answers in the tokens and the usage', async () => {
    const usage = new UsageMeter();
    const model = createModel(config, createModelCaller(config, scriptedClient([textAnswer('', { inputTokens: 200, outputTokens: 0 }), textAnswer('Q?', { inputTokens: 200, outputTokens: 4 })])));

    await expect(model.nextInterviewerTurn(turn, { usage })).resolves.toBe('Q?');

    expect(lines.map(shape)).toEqual([
      { directive: modelCallDirective, values: expect.objectContaining({ ModelCalls: 1, InputTokens: 200, OutputTokens: 0 }) },
      {
        directive: [{ Namespace: 'IntelliView', Dimensions: [['service', 'route', 'modelId']], Metrics: [{ Name: 'ModelInvalidOutputs', Unit: 'Count' }] }],
        values: { service: 'intelliview', route: 'interview', modelId: MODEL_ID, ModelInvalidOutputs: 1 },
      },
      { directive: modelCallDirective, values: expect.objectContaining({ ModelCalls: 1, InputTokens: 200, OutputTokens: 4 }) },
    ]);
    expect(usage.entry(1)?.tokens).toEqual({ input: 400, output: 4, cacheRead: 0, cacheWrite: 0 });
    expect(usage.entry(1)?.calls).toBe(2);
  });

  it('a grade: its model calls (the session and its one answered question) on route feedback, then Grades 1; the usage entry joins the item\'s in the transaction', async () => {
    const usage = new UsageMeter();
    const model = createModel(config, createModelCaller(config, scriptedClient([])));
    const caller = { userId: OWNER, verified: true };

    await gradeSession({ sessionId: 's1', ts: 1_700_000_000, messages: [] }, caller, (session) => model.gradeInterview(session, { usage }), undefined, usage);

    const modelCall = { directive: modelCallDirective, values: expect.objectContaining({ route: 'feedback', modelId: MODEL_ID, ModelCalls: 1, InputTokens: 1500, OutputTokens: 400, CacheWriteTokens: 1200 }) };
    expect(lines.map(shape)).toEqual([
      modelCall,
      modelCall,
      { directive: [{ Namespace: 'IntelliView', Dimensions: [['service', 'route']], Metrics: [{ Name: 'Grades', Unit: 'Count' }] }], values: { service: 'intelliview', route: 'feedback', Grades: 1 } },
    ]);
    const written = writes[0] as { grade: { usage: { grades: Array<{ tokens: unknown; costUsd: number; calls: number }>; turns: unknown[]; total: unknown } } };
    expect(written.grade.usage.turns).toHaveLength(1);
    expect(written.grade.usage.grades.map((grade) => [grade.calls, grade.tokens, grade.costUsd])).toEqual([[2, { input: 3000, output: 800, cacheRead: 0, cacheWrite: 2400 }, 0.03]]);
    expect(written.grade.usage.total).toEqual({ calls: 3, tokens: { input: 3100, output: 820, cacheRead: 0, cacheWrite: 2400 }, costUsd: 0.0306 });
  });

  it('a grade that fails: GradeFailures 1 by error code', async () => {
    const caller = { userId: 'someone-else', verified: true };

    await expect(gradeSession({ sessionId: 's1', ts: 1_700_000_000, messages: [] }, caller, async () => { throw new Error('not called'); })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(lines.map(shape)).toEqual([
      { directive: [{ Namespace: 'IntelliView', Dimensions: [['service', 'route', 'code']], Metrics: [{ Name: 'GradeFailures', Unit: 'Count' }] }], values: { service: 'intelliview', route: 'feedback', code: 'NOT_FOUND', GradeFailures: 1 } },
    ]);
  });
});
