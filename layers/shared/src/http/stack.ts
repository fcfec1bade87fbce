import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import { httpConfig } from '../config';
import { logger } from '../logger';
import { coldStartMetric } from './coldStart';
import { errorResponse, fallbackErrorHandler } from './errorResponse';
import type { HttpEvent, HttpResult } from './event';
import { requestLog } from './requestLog';

/**
 * The middleware order of every route, stated here once. Each handler is
 *
 *   middy<HttpEvent, HttpResult>(abortBeforeTimeout)
 *     .use(httpStack())          1. Lambda context on every log line (Powertools)
 *                                2. request log (route, method, status, latency) and the
 *                                   ColdStart metric (EMF) of a new execution environment
 *                                3. CORS headers, on errors too
 *                                4. fallback error handler: unknown error → generic 500 JSON
 *                                5. error response: known error → {"error", "code"} JSON
 *     .use(jsonBody(schema))     6. POST: size limit, body present, JSON, zod → context.input
 *     .use(queryParams(schema))     GET: zod over the query string → context.input
 *     .use(transcriptLimits())   7. POST: 413 on an oversized history
 *     .use(settingsLimits())        POST /interview: 413 on an oversized focus or job description
 *     .use(callerIdentity())     8. the caller (401/403 in cognito mode) → context.caller
 *     .use(deadline())           9. model routes: the write deadline → context.deadline
 *     .handler(...)              the route's own lines; Middy passes the abort `signal`
 *
 * Middy runs `before` in this order and `after`/`onError` in reverse, so on the way out an
 * error meets 5 (known errors answered), then 4 (the rest), then 3 adds CORS headers and 2
 * logs the final status.
 */
export function httpStack(): MiddlewareObj<HttpEvent, HttpResult>[] {
  const config = httpConfig();
  if (config.authMode === 'none') {
    logger.warn('AUTH_MODE=none: legacy mode, the client-declared userId is trusted without a token. Never use this for a deployed stack.');
  }
  return [
    injectLambdaContext(logger),
    requestLog(),
    coldStartMetric(),
    httpCors({
      origins: config.allowedOrigins,
      methods: 'GET,POST,OPTIONS',
      headers: 'Content-Type,Authorization',
      exposeHeaders: 'X-Next-Cursor,Retry-After',
      maxAge: 600,
    }),
    fallbackErrorHandler(),
    errorResponse(),
  ];
}
