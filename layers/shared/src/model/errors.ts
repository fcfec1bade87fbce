/**
 * Bedrock failures → the domain errors the Middy error handler turns into JSON:
 *  - throttling, 5xx and network failures (after our retries) → 503 with Retry-After;
 *  - request timeout or our deadline → 504;
 *  - the model rejected the request (ValidationException, model error, access) → 502.
 * Anything else (a bug) is left as is and becomes a generic 500.
 */
import type { ModelConfig } from '../config';
import { AppError, BadGatewayError, GatewayTimeoutError, ServiceUnavailableError } from '../errors';

/** Raised (as an abort reason) when the call's deadline passes. */
export class DeadlineExceeded extends Error {
  constructor() {
    super('Model call deadline exceeded');
    this.name = 'DeadlineExceeded';
  }
}

const UNAVAILABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelNotReadyException',
  'ServiceQuotaExceededException',
]);
const TIMEOUT = new Set(['DeadlineExceeded', 'AbortError', 'TimeoutError', 'ModelTimeoutException', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/** The longest single wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 2000;

/**
 * Seconds the client should wait: the service's Retry-After if it sent one, else our
 * longest backoff step, rounded up to whole seconds.
 */
export function retryAfterSeconds(error: unknown, config: Pick<ModelConfig, 'retryBaseDelayMs'>): number {
  const header = (error as SdkErrorShape)?.$response?.headers?.['retry-after'];
  const fromHeader = header !== undefined ? Number(header) : Number.NaN;
  if (Number.isFinite(fromHeader) && fromHeader > 0) return Math.ceil(fromHeader);
  return Math.max(1, Math.ceil(Math.min(config.retryBaseDelayMs * 4, MAX_RETRY_DELAY_MS) / 1000));
}

/** Worth another attempt: throttling, 5xx, network failures, an attempt that timed out. */
export function isRetryable(error: unknown): boolean {
  const { name = '', code = '', $metadata } = (error ?? {}) as SdkErrorShape;
  const status = $metadata?.httpStatusCode;
  if (name === 'DeadlineExceeded' || name === 'AbortError') return false;
  return (
    UNAVAILABLE.has(name) ||
    TIMEOUT.has(name) ||
    NETWORK_CODES.has(code) ||
    TIMEOUT_CODES.has(code) ||
    status === 408 ||
    status === 429 ||
    (status !== undefined && status >= 500)
  );
}

export function toAppError(error: unknown, config: Pick<ModelConfig, 'retryBaseDelayMs'>): unknown {
  if (error instanceof AppError) return error;
  const { name = '', code = '', $metadata } = (error ?? {}) as SdkErrorShape;
  const status = $metadata?.httpStatusCode;

  if (TIMEOUT.has(name) || TIMEOUT_CODES.has(code) || status === 408) {
    return new GatewayTimeoutError('The AI interviewer did not answer in time. Please try again.');
  }
  if (UNAVAILABLE.has(name) || status === 429 || (status !== undefined && status >= 500) || NETWORK_CODES.has(code)) {
    return new ServiceUnavailableError(
      'The AI interviewer is busy right now. Please try again shortly.',
      retryAfterSeconds(error, config),
    );
  }
  if (status !== undefined && status >= 400) {
    return new BadGatewayError('The AI model rejected the request. Please try again later.', 'MODEL_REJECTED');
  }
  return error;
}
