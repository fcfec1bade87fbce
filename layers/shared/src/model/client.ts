/**
 * The only code that sends requests to Bedrock. One client per container, created on first
 * use (so importing this module costs nothing until a model call is made, and tests can set
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME before the first call).
 *
 * Time budget: every call has an absolute deadline. Each attempt gets
 * min(MODEL_TIMEOUT_MS, time left) as its request timeout. Retries are ours, bounded by
 * time rather than by count: throttling, 5xx, network failures and attempt timeouts are
 * retried with exponential backoff and full jitter for MODEL_THROTTLE_BUDGET_MS from the
 * call's start, never past the deadline. (The SDK makes one attempt per send: its own
 * strategy counts attempts and draws on a retry quota that a throttling burst drains, which
 * is what let 30 % throttling reach the candidate.) The abortSignal fires at the deadline or
 * when the caller's signal aborts (the handler passes Middy's, which fires at the same
 * deadline), whichever is first, so a late answer is never returned: the call ends in a 504.
 */
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ModelConfig } from '../config';
import { AppError } from '../errors';
import { logger } from '../logger';
import { METRIC, publishMetrics } from '../metrics';
import { addTokens, NO_TOKENS, tokensOf, type Tokens, type UsageMeter } from '../usage/usage';
import { DeadlineExceeded, isRetryable, MAX_RETRY_DELAY_MS, toAppError } from './errors';

/**
 * API Gateway gives up on an integration after 30 s. Without a deadline from the handler we
 * still stop 2 s before that, leaving time to answer the client with an error.
 */
export const DEFAULT_BUDGET_MS = 28_000;

/** Backoff of retry n (1-based): full jitter over an exponentially growing, capped window. */
export function backoffDelayMs(baseMs: number, attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(baseMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS));
}

export function createBedrockClient(config: ModelConfig): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    // One attempt per send: retries are ours (see the module comment).
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      requestTimeout: config.requestTimeoutMs,
      // Without this the handler only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
      // A TCP+TLS handshake with a regional endpoint takes well under a second; 3 s catches a
      // black-holed connection early enough for a retry to fit the budget.
      connectionTimeout: Math.min(config.requestTimeoutMs, 3000),
    }),
  });
}

export interface CallContext {
  /** 'interview' | 'feedback' — logged, never the prompt itself. */
  route: string;
  promptVersion: string;
  deadlineMs: number;
  signal?: AbortSignal;
  /** Receives the usage of every answer, retries included (they are billed). */
  usage?: UsageMeter;
}

export interface ModelCaller {
  converse(input: ConverseCommandInput, context: CallContext): Promise<ConverseCommandOutput>;
}

function rejectsTemperature(error: unknown, input: ConverseCommandInput): boolean {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return name === 'ValidationException' && input.inferenceConfig?.temperature !== undefined && /temperature/i.test(message ?? '');
}

function withoutTemperature(input: ConverseCommandInput): ConverseCommandInput {
  const { temperature: _dropped, ...inferenceConfig } = input.inferenceConfig ?? {};
  return { ...input, inferenceConfig };
}

function isThrottle(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'ThrottlingException' || $metadata?.httpStatusCode === 429;
}

/**
 * One EMF line per model call (docs/operations.md#metrics): its latency, attempts, throttled
 * attempts, and the tokens of every answer it received. Counts are published even when 0,
 * so that rates (throttles per call) have a denominator.
 */
function publishCall(route: string, modelId: string | undefined, call: { latencyMs: number; attempts: number; throttles: number; failed: boolean; tokens: Tokens }): void {
  publishMetrics({ route, modelId: modelId ?? 'unknown' }, [
    [METRIC.ModelCalls, 'Count', 1],
    [METRIC.ModelErrors, 'Count', call.failed ? 1 : 0],
    [METRIC.ModelLatency, 'Milliseconds', call.latencyMs],
    [METRIC.ModelAttempts, 'Count', call.attempts],
    [METRIC.ModelRetries, 'Count', Math.max(0, call.attempts - 1)],
    [METRIC.ModelThrottles, 'Count', call.throttles],
    [METRIC.InputTokens, 'Count', call.tokens.input],
    [METRIC.OutputTokens, 'Count', call.tokens.output],
    [METRIC.CacheReadTokens, 'Count', call.tokens.cacheRead],
    [METRIC.CacheWriteTokens, 'Count', call.tokens.cacheWrite],
  ]);
}

/** Rejects when the signal aborts; used to stop waiting even while the SDK sleeps between retries. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason ?? new DeadlineExceeded());
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

export function createModelCaller(config: ModelConfig, client: () => BedrockRuntimeClient): ModelCaller {
  return {
    async converse(input, context) {
      const started = Date.now();
      const remaining = context.deadlineMs - started;
      if (remaining <= 0) throw toAppError(new DeadlineExceeded(), config);

      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new DeadlineExceeded()), remaining);
      const onCallerAbort = () => controller.abort(context.signal?.reason ?? new DeadlineExceeded());
      context.signal?.addEventListener('abort', onCallerAbort, { once: true });
      if (context.signal?.aborted) onCallerAbort();

      const attempt = (request: ConverseCommandInput) => {
        const sending = client().send(new ConverseCommand(request), {
          abortSignal: controller.signal,
          requestTimeout: Math.min(config.requestTimeoutMs, Math.max(1, context.deadlineMs - Date.now())),
        });
        sending.catch(() => undefined); // the race below may settle first; do not leave an unhandled rejection
        return Promise.race([sending, whenAborted(controller.signal)]);
      };
      // Retry until the throttle budget or the deadline would pass during the next wait.
      const retryUntil = Math.min(started + config.throttleBudgetMs, context.deadlineMs);
      let attempts = 0;
      let retryDelayMs = 0;
      let throttles = 0;
      let tokens: Tokens = { ...NO_TOKENS };
      let failed = true;
      const send = async (request: ConverseCommandInput): Promise<ConverseCommandOutput> => {
        for (;;) {
          attempts += 1;
          try {
            const output = await attempt(request);
            // Billed whatever happens next (late, invalid): recorded now.
            tokens = addTokens(tokens, tokensOf(output.usage));
            context.usage?.record(request.modelId, output.usage);
            return output;
          } catch (error) {
            if (isThrottle(error)) throttles += 1;
            const delay = backoffDelayMs(config.retryBaseDelayMs, attempts);
            if (!isRetryable(error) || Date.now() + delay >= retryUntil) throw error;
            retryDelayMs += delay;
            await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), whenAborted(controller.signal)]);
          }
        }
      };

      try {
        let output: ConverseCommandOutput;
        try {
          output = await send(input);
        } catch (error) {
          // A model that rejects a sampling parameter must not break the call: retry once without it.
          if (!rejectsTemperature(error, input)) throw error;
          logger.warn('model rejected temperature; retrying without it', { route: context.route, modelId: input.modelId });
          output = await send(withoutTemperature(input));
        }
        // Belt and braces: an answer that arrives after the deadline is never used.
        if (Date.now() > context.deadlineMs) throw new DeadlineExceeded();
        logger.info('model call', {
          route: context.route,
          modelId: input.modelId,
          promptVersion: context.promptVersion,
          latencyMs: Date.now() - started,
          modelLatencyMs: output.metrics?.latencyMs,
          attempts,
          retryDelayMs,
          stopReason: output.stopReason,
          inputTokens: output.usage?.inputTokens,
          outputTokens: output.usage?.outputTokens,
          cacheReadInputTokens: output.usage?.cacheReadInputTokens,
          cacheWriteInputTokens: output.usage?.cacheWriteInputTokens,
        });
        failed = false;
        return output;
      } catch (error) {
        const mapped = toAppError(error, config);
        const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
        logger.warn('model call failed', {
          route: context.route,
          modelId: input.modelId,
          promptVersion: context.promptVersion,
          latencyMs: Date.now() - started,
          errorName: (error as Error)?.name,
          httpStatusCode: metadata?.httpStatusCode,
          attempts,
          retryDelayMs,
          mappedTo: mapped instanceof AppError ? mapped.statusCode : 500,
        });
        throw mapped;
      } finally {
        clearTimeout(timer);
        context.signal?.removeEventListener('abort', onCallerAbort);
        publishCall(context.route, input.modelId, { latencyMs: Date.now() - started, attempts, throttles, failed, tokens });
      }
    },
  };
}
