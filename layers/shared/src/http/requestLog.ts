import type { MiddlewareObj, Request } from '@middy/core';
import { logger } from '../logger';
import type { HttpEvent, HttpResult } from './event';

/**
 * One log line per request: route, method, status and latency (the request id and cold
 * start come from Powertools' injectLambdaContext). 5xx are errors, 4xx warnings.
 */
export function requestLog(): MiddlewareObj<HttpEvent, HttpResult> {
  const started = new WeakMap<object, number>();
  const log = (request: Request<HttpEvent, HttpResult>) => {
    const statusCode = request.response?.statusCode ?? 500;
    const fields = {
      route: request.event.routeKey,
      method: request.event.requestContext?.http?.method,
      statusCode,
      latencyMs: Date.now() - (started.get(request) ?? Date.now()),
    };
    if (statusCode >= 500) logger.error('request failed', fields);
    else if (statusCode >= 400) logger.warn('request rejected', fields);
    else logger.info('request', fields);
  };
  return {
    before: (request) => {
      started.set(request, Date.now());
    },
    after: log,
    onError: log,
  };
}
