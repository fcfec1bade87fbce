import httpErrorHandler from '@middy/http-error-handler';
import type { MiddlewareObj } from '@middy/core';
import { ConfigError } from '../config';
import { AppError, BadRequestError } from '../errors';
import { logger } from '../logger';
import { json, type HttpEvent, type HttpResult } from './event';

/**
 * Errors we know (the AppError family, Middy's own 4xx errors) become their
 * `{"error", "code"}` JSON response here, directly, with their headers (e.g. Retry-After).
 * Anything else is left to `fallbackErrorHandler`.
 */
export function errorResponse(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      if (request.response !== undefined) return;
      const known = knownError(request.error);
      if (known) request.response = json(known.statusCode, { error: known.message, code: known.code }, known.headers);
    },
  };
}

function knownError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // Middy's middlewares throw http-errors style errors: an Error with a numeric statusCode.
  if (!(error instanceof Error) || !('statusCode' in error) || typeof error.statusCode !== 'number') return undefined;
  if (error.statusCode < 400 || error.statusCode >= 500) return undefined;
  // Middy's body parser answers 415/422 for unparsable JSON; for our clients that is a plain 400.
  if (error.statusCode === 415 || error.statusCode === 422) return new BadRequestError('Request body is not valid JSON', 'INVALID_JSON');
  return new AppError(error.statusCode, 'BAD_REQUEST', error.message || 'Bad request');
}

/** The generic 500 every unknown error gets: JSON like every other answer, no internals. */
const INTERNAL_ERROR_BODY = JSON.stringify({ error: 'Internal server error', code: 'INTERNAL' });

/** Last resort for what `errorResponse` does not know: logged here, answered as a generic 500. */
export function fallbackErrorHandler(): MiddlewareObj<HttpEvent, HttpResult> {
  return httpErrorHandler({
    fallbackMessage: INTERNAL_ERROR_BODY,
    logger: (error) => logger.error(error instanceof ConfigError ? 'Configuration error' : 'Unhandled error', { error }),
  });
}
