/**
 * Bedrock failures → the domain errors the Middy error handler turns into JSON:
 *  - throttling, 5xx and network failures (after the SDK's retries) → 503 with Retry-After;
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

/**
 * Seconds the client should wait: the service's Retry-After if it sent one, else the next
 * step of our own backoff schedule (base × 2^attempts), rounded up to whole seconds.
 */
export function retryAfterSeconds(error: unknown, config: Pick<ModelConfig, 'retryBaseDelayMs' | 'maxAttempts'>): number {
  const header = (error as SdkErrorShape)?.$response?.headers?.['retry-after'];
  const fromHeader = header !== undefined ? Number(header) : Number.NaN;
  if (Number.isFinite(fromHeader) && fromHeader > 0) return Math.ceil(fromHeader);
  return Math.max(1, Math.ceil((config.retryBaseDelayMs * 2 ** config.maxAttempts) / 1000));
}

export function toAppError(error: unknown, config: Pick<ModelConfig, 'retryBaseDelayMs' | 'maxAttempts'>): unknown {
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
