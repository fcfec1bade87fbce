import middy from '@middy/core';
import type { MiddlewareObj, Request } from '@middy/core';
import httpCors from '@middy/http-cors';
import httpErrorHandler from '@middy/http-error-handler';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpConfig, ConfigError } from '../config';
import { AppError, PayloadTooLargeError } from '../errors';
import { LIMITS } from '../limits';
import { logger } from '../logger';

/**
 * The one Middy stack all five handlers share, in one fixed order:
 *   request log → CORS → body size limit → JSON body parser → handler
 * and on the way out (Middy runs after/onError in reverse):
 *   error normaliser → http-error-handler → CORS headers → request log.
 * Every response, errors included, is JSON `{"error", "code"}` with CORS headers.
 */

export type HttpEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body?: unknown };
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (typeof event.body !== 'string') return 0;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').length : Buffer.byteLength(event.body, 'utf8');
}

const bodySizeLimit = (): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: (request) => {
    if (bodyBytes(request.event) > LIMITS.maxBodyBytes) {
      throw new PayloadTooLargeError(`Request body exceeds ${LIMITS.maxBodyBytes} bytes`, 'BODY_TOO_LARGE');
    }
  },
});

/** A POST without a body reaches the JSON parser as undefined; say so plainly. */
const requireBody = (): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: (request) => {
    if (request.event.body === undefined || request.event.body === null || request.event.body === '') {
      throw new AppError(400, 'MISSING_BODY', 'Request body is required');
    }
  },
});

interface NormalisedError {
  statusCode: number;
  expose: true;
  message: string;
  headers: Record<string, string>;
}

function toHttpError(error: unknown, request: Request): NormalisedError {
  const respond = (statusCode: number, code: string, message: string, headers: Record<string, string> = {}) => ({
    statusCode,
    expose: true as const,
    message: JSON.stringify({ error: message, code }),
    headers,
  });
  if (error instanceof AppError) return respond(error.statusCode, error.code, error.message, error.headers);

  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Middy's body parser answers 415/422 for unparsable JSON; for our clients that is a plain 400.
    if (status === 415 || status === 422) return respond(400, 'INVALID_JSON', 'Request body is not valid JSON');
    return respond(status, 'BAD_REQUEST', String((error as Error).message || 'Bad request'));
  }

  const context = request.context as Context | undefined;
  if (error instanceof ConfigError) {
    logger.error('Configuration error', { error, requestId: context?.awsRequestId });
  } else {
    logger.error('Unhandled error', { error: error as Error, requestId: context?.awsRequestId });
  }
  return respond(500, 'INTERNAL', 'Internal server error');
}

const errorNormaliser = (): MiddlewareObj => ({
  onError: (request) => {
    if (request.response !== undefined) return;
    request.error = toHttpError(request.error, request) as unknown as Error;
  },
});

const requestLog = (): MiddlewareObj<APIGatewayProxyEventV2, HttpResult> => {
  const started = new WeakMap<object, number>();
  const log = (request: Request<APIGatewayProxyEventV2, HttpResult>) => {
    const statusCode = request.response?.statusCode ?? 500;
    const fields = {
      route: request.event.routeKey,
      method: request.event.requestContext?.http?.method,
      statusCode,
      latencyMs: Date.now() - (started.get(request) ?? Date.now()),
      requestId: (request.context as Context | undefined)?.awsRequestId,
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
};

export interface HttpHandlerOptions {
  /** Parse a JSON body (POST routes). */
  jsonBody: boolean;
}

/** Wrap a thin handler in the shared Middy stack. */
export function createHttpHandler(handler: HttpHandler, options: HttpHandlerOptions) {
  const config = httpConfig();
  if (config.authMode === 'none') {
    logger.warn('AUTH_MODE=none: legacy mode, the client-declared userId is trusted without a token. Never use this for a deployed stack.');
  }
  const chain = middy<APIGatewayProxyEventV2, HttpResult, Error, Context>()
    .use(requestLog())
    .use(
      httpCors({
        origins: config.allowedOrigins,
        methods: 'GET,POST,OPTIONS',
        headers: 'Content-Type,Authorization',
        exposeHeaders: 'X-Next-Cursor,Retry-After',
        maxAge: 600,
      }),
    );
  if (options.jsonBody) {
    chain.use(bodySizeLimit()).use(requireBody()).use(httpJsonBodyParser({ disableContentTypeCheck: true }));
  }
  return chain
    .use(httpErrorHandler({ logger: false }))
    .use(errorNormaliser())
    .handler(handler as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>);
}

/**
 * Milliseconds kept back from the Lambda timeout for the DynamoDB write and the
 * response; a model answer arriving later than this is discarded, never written.
 */
export const WRITE_MARGIN_MS = 1500;

/** The absolute time (epoch ms) by which model work must be done for this invocation. */
export function deadlineFrom(context: Pick<Context, 'getRemainingTimeInMillis'>): { atMs: number } {
  return { atMs: Date.now() + context.getRemainingTimeInMillis() - WRITE_MARGIN_MS };
}
