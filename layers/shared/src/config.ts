/**
 * Typed configuration, read from the environment once per container and failing fast
 * with a message that names the missing variable. Split by concern so the reader
 * functions never need the model's settings (and never load the Bedrock client).
 * The SAM templates are the source of truth for these variables.
 */

export type AuthMode = 'cognito' | 'none';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`Missing required environment variable ${name}`);
  return value;
}

function optionalInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`Environment variable ${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

function optionalNumber(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`Environment variable ${name} must be a number in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

export interface HttpConfig {
  authMode: AuthMode;
  /** Origins allowed by CORS; ['*'] allows any. */
  allowedOrigins: string[];
}

export interface TableConfig {
  tableName: string;
  userIndexName: string;
}

export interface ModelConfig {
  modelId: string;
  interviewMaxTokens: number;
  feedbackMaxTokens: number;
  /** Undefined: do not send temperature (several Claude models reject it with structured output). */
  interviewTemperature: number | undefined;
  feedbackTemperature: number | undefined;
  /** Per-attempt request timeout (never more than the time left before the deadline). */
  requestTimeoutMs: number;
  /**
   * How long a model call keeps retrying throttling, 5xx, network failures and attempt
   * timeouts, from its start (never past the deadline). Retries are bounded by time, not by
   * count: throttles fail fast, so a few seconds absorb a high throttle rate.
   */
  throttleBudgetMs: number;
  /**
   * Base of the exponential backoff with full jitter: retry n waits a random time in
   * [0, min(base × 2^(n−1), MAX_RETRY_DELAY_MS)) ms.
   */
  retryBaseDelayMs: number;
  /** 'auto' picks by model family; 'json_schema' = Converse structured output; 'tool' = forced tool use. */
  structuredOutput: 'auto' | 'json_schema' | 'tool';
  /**
   * 'auto' (PROMPT_CACHING=true, the default): cachePoints where the model supports them;
   * 'off' (false): never; 'always': for a model id the capability table cannot know (local
   * mode's stand-in, whose simulated cache then sees the deployed default's cachePoints).
   */
  promptCaching: 'auto' | 'always' | 'off';
}

export function readHttpConfig(env: Env = process.env): HttpConfig {
  const mode = (env.AUTH_MODE ?? 'cognito').trim().toLowerCase();
  if (mode !== 'cognito' && mode !== 'none') {
    throw new ConfigError(`AUTH_MODE must be "cognito" or "none", got "${env.AUTH_MODE}"`);
  }
  const origins = (env.ALLOWED_ORIGINS ?? '*')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return { authMode: mode, allowedOrigins: origins.length ? origins : ['*'] };
}

export function readTableConfig(env: Env = process.env): TableConfig {
  return {
    tableName: required(env, 'TABLE_NAME'),
    userIndexName: env.USER_INDEX_NAME?.trim() || 'userId-ts-index',
  };
}

export function readModelConfig(env: Env = process.env): ModelConfig {
  const structured = (env.STRUCTURED_OUTPUT ?? 'auto').trim();
  if (structured !== 'auto' && structured !== 'json_schema' && structured !== 'tool') {
    throw new ConfigError(`STRUCTURED_OUTPUT must be auto, json_schema or tool, got "${structured}"`);
  }
  const caching = (env.PROMPT_CACHING ?? 'true').trim().toLowerCase();
  if (!['true', 'false', 'always'].includes(caching)) {
    throw new ConfigError(`PROMPT_CACHING must be true, false or always, got "${env.PROMPT_CACHING}"`);
  }
  return {
    modelId: required(env, 'MODEL_ID'),
    interviewMaxTokens: optionalInt(env, 'INTERVIEW_MAX_TOKENS', 512, 16, 8192),
    feedbackMaxTokens: optionalInt(env, 'FEEDBACK_MAX_TOKENS', 2048, 256, 16384),
    interviewTemperature: optionalNumber(env, 'INTERVIEW_TEMPERATURE', 0, 1),
    feedbackTemperature: optionalNumber(env, 'FEEDBACK_TEMPERATURE', 0, 1),
    requestTimeoutMs: optionalInt(env, 'MODEL_TIMEOUT_MS', 12000, 100, 600000),
    throttleBudgetMs: optionalInt(env, 'MODEL_THROTTLE_BUDGET_MS', 8000, 0, 60000),
    retryBaseDelayMs: optionalInt(env, 'MODEL_RETRY_BASE_MS', 500, 1, 10000),
    structuredOutput: structured,
    promptCaching: caching === 'always' ? 'always' : caching === 'false' ? 'off' : 'auto',
  };
}

/**
 * Per-user budgets of model work (budget/service.ts). Each limit is a positive integer, or
 * undefined for unlimited (the variable unset, empty or 0): the templates set them from
 * their parameters, local mode and the in-process tests leave them unlimited unless asked.
 */
export interface BudgetConfig {
  /** Interviewer turns (POST /interview model calls) per user per UTC day. */
  dailyTurnsPerUser: number | undefined;
  /** Grades (POST /feedback model calls) per user per UTC day. */
  dailyGradesPerUser: number | undefined;
  /** Interviewer turns one session may hold; the next one is refused for good. */
  maxTurnsPerSession: number | undefined;
}

export function readBudgetConfig(env: Env = process.env): BudgetConfig {
  const limit = (name: string) => optionalInt(env, name, 0, 0, 1_000_000) || undefined;
  return {
    dailyTurnsPerUser: limit('DAILY_TURNS_PER_USER'),
    dailyGradesPerUser: limit('DAILY_GRADES_PER_USER'),
    maxTurnsPerSession: limit('MAX_TURNS_PER_SESSION'),
  };
}

/** Memoise a reader so the environment is read once per container. */
export function once<T>(read: () => T): () => T {
  let value: { v: T } | undefined;
  const get = () => (value ??= { v: read() }).v;
  return get;
}

export const httpConfig = once(() => readHttpConfig());
export const tableConfig = once(() => readTableConfig());
export const modelConfig = once(() => readModelConfig());
export const budgetConfig = once(() => readBudgetConfig());
