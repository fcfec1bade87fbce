import { MAX_USAGE_ENTRIES, UsageMeter, costUsd, withGrade, withTurn, type UsageEntry } from './usage';
import { pricesFor } from './prices';

const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const entry = (input: number, modelId = SONNET): UsageEntry => {
  const tokens = { input, output: 10, cacheRead: 0, cacheWrite: 0 };
  const cost = costUsd(modelId, tokens);
  return { at: 1, modelId, calls: 1, tokens, ...(cost === undefined ? {} : { costUsd: cost }) };
};

describe('usage', () => {
  it('prices a model id or its inference profile from the table, per million tokens', () => {
    expect(pricesFor(SONNET)).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(pricesFor('global.anthropic.claude-haiku-4-5-20251001-v1:0')).toEqual({ input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 });
    expect(costUsd(SONNET, { input: 1_000_000, output: 1_000_000, cacheRead: 1_000_000, cacheWrite: 1_000_000 })).toBe(22.05);
    expect(costUsd('meta.llama3-70b-instruct-v1:0', { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 })).toBeUndefined();
  });

  it('a meter sums every answer it was given; no answer, no entry', () => {
    const meter = new UsageMeter();
    expect(meter.entry(5)).toBeUndefined();
    meter.record(SONNET, { inputTokens: 100, outputTokens: 5, cacheReadInputTokens: 1000 });
    meter.record(SONNET, { inputTokens: 100, outputTokens: 7, cacheWriteInputTokens: 50 });
    expect(meter.entry(5)).toEqual({ at: 5, modelId: SONNET, calls: 2, tokens: { input: 200, output: 12, cacheRead: 1000, cacheWrite: 50 }, costUsd: 0.001268 });
  });

  it('keeps the latest entries only, and totals everything', () => {
    let usage = withTurn(undefined, entry(100));
    for (let grade = 0; grade < MAX_USAGE_ENTRIES.grades + 5; grade += 1) usage = withGrade(usage, entry(grade));
    expect(usage.grades).toHaveLength(MAX_USAGE_ENTRIES.grades);
    expect(usage.grades[0]?.tokens.input).toBe(5);
    expect(usage.total.calls).toBe(MAX_USAGE_ENTRIES.grades + 6);
    expect(usage.total.tokens.input).toBe(100 + (14 * 15) / 2);
  });

  it('a total is priced only while every entry in it was', () => {
    const unpriced = withTurn(withTurn(undefined, entry(100)), entry(100, 'meta.llama3-70b-instruct-v1:0'));
    expect(unpriced.total.costUsd).toBeUndefined();
    expect(withTurn(unpriced, entry(100)).total.costUsd).toBeUndefined();
    expect(withTurn(withTurn(undefined, entry(100)), entry(100)).total.costUsd).toBe(0.0009);
  });
});
