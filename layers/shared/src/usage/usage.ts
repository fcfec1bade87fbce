/**
 * What the model work of a session consumed: the `usage` attribute of a session item,
 * beside `messages` (docs/operations.md#cost). Every model call's reported usage counts,
 * the retried and invalid ones included (they are billed); a turn or a grade is one entry,
 * written with the item itself (the turn's UpdateItem, the grade's transaction).
 */
import { pricesFor } from './prices';

/** Token counts as Bedrock reports them: input = neither read from nor written to the cache. */
export interface Tokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** One interviewer turn or one grade: every model call it made. */
export interface UsageEntry {
  /** Epoch seconds when it was stored. */
  at: number;
  modelId: string;
  /** Model calls that answered (a call retried after an invalid answer counts twice). */
  calls: number;
  tokens: Tokens;
  /** Estimate from the price table (usage/prices.ts); absent when the model has no price. */
  costUsd?: number;
}

export interface SessionUsage {
  /** The latest MAX_USAGE_ENTRIES.turns interviewer turns. */
  turns: UsageEntry[];
  /** One entry per grade (a re-grade adds one: both were billed); the latest MAX_USAGE_ENTRIES.grades. */
  grades: UsageEntry[];
  /** Sum of every entry ever added (kept when old entries are dropped); costUsd only when every entry had one. */
  total: { calls: number; tokens: Tokens; costUsd?: number };
}

/**
 * How many entries an item keeps: the lists would otherwise grow with every re-grade (the
 * daily budget bounds grades per day, not per session) toward DynamoDB's 400 KB item limit,
 * and every read and write of the item would carry them. The totals count everything.
 */
export const MAX_USAGE_ENTRIES = { turns: 100, grades: 10 } as const;

/** What one Converse answer reports (the SDK's TokenUsage, every field optional). */
export interface ReportedUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export const NO_TOKENS: Readonly<Tokens> = Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });

export function addTokens(a: Tokens, b: Tokens): Tokens {
  return { input: a.input + b.input, output: a.output + b.output, cacheRead: a.cacheRead + b.cacheRead, cacheWrite: a.cacheWrite + b.cacheWrite };
}

export function tokensOf(usage: ReportedUsage | undefined): Tokens {
  return {
    input: usage?.inputTokens ?? 0,
    output: usage?.outputTokens ?? 0,
    cacheRead: usage?.cacheReadInputTokens ?? 0,
    cacheWrite: usage?.cacheWriteInputTokens ?? 0,
  };
}

/** Dollars to a millionth: enough for a per-turn cost, without float noise in the item. */
const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** The cost estimate of these tokens on this model; undefined when the price table has no row. */
export function costUsd(modelId: string, tokens: Tokens): number | undefined {
  const prices = pricesFor(modelId);
  if (!prices) return undefined;
  const perMillion =
    tokens.input * prices.input + tokens.output * prices.output + tokens.cacheRead * prices.cacheRead + tokens.cacheWrite * prices.cacheWrite;
  return roundUsd(perMillion / 1e6);
}

/**
 * Collects the usage of every model call of one request. The model client records each
 * answer it receives (model/client.ts), so the retries of the use case are counted too.
 */
export class UsageMeter {
  private calls = 0;
  private tokens: Tokens = { ...NO_TOKENS };
  private modelId: string | undefined;

  record(modelId: string | undefined, usage: ReportedUsage | undefined): void {
    this.calls += 1;
    this.modelId = modelId ?? this.modelId;
    this.tokens = addTokens(this.tokens, tokensOf(usage));
  }

  /** The request's entry, or undefined when no model call answered. */
  entry(at: number): UsageEntry | undefined {
    if (this.calls === 0 || this.modelId === undefined) return undefined;
    const cost = costUsd(this.modelId, this.tokens);
    return { at, modelId: this.modelId, calls: this.calls, tokens: { ...this.tokens }, ...(cost === undefined ? {} : { costUsd: cost }) };
  }
}

function addToTotal(total: SessionUsage['total'] | undefined, entry: UsageEntry): SessionUsage['total'] {
  const calls = (total?.calls ?? 0) + entry.calls;
  const tokens = addTokens(total?.tokens ?? NO_TOKENS, entry.tokens);
  // A total stays priced only while everything in it was: no partial sum passed off as the cost.
  const pricedSoFar = total === undefined || total.calls === 0 || total.costUsd !== undefined;
  return pricedSoFar && entry.costUsd !== undefined ? { calls, tokens, costUsd: roundUsd((total?.costUsd ?? 0) + entry.costUsd) } : { calls, tokens };
}

/** The item's usage with one more interviewer turn (stored: what the item carried when read). */
export function withTurn(stored: SessionUsage | undefined, entry: UsageEntry): SessionUsage {
  return {
    turns: [...(stored?.turns ?? []), entry].slice(-MAX_USAGE_ENTRIES.turns),
    grades: [...(stored?.grades ?? [])],
    total: addToTotal(stored?.total, entry),
  };
}

/** The item's usage with one more grade. */
export function withGrade(stored: SessionUsage | undefined, entry: UsageEntry): SessionUsage {
  return {
    turns: [...(stored?.turns ?? [])],
    grades: [...(stored?.grades ?? []), entry].slice(-MAX_USAGE_ENTRIES.grades),
    total: addToTotal(stored?.total, entry),
  };
}
