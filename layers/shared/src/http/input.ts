import type { MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { AppError, PayloadTooLargeError } from '../errors';
import { LIMITS } from '../limits';
import type { HttpEvent, HttpResult } from './event';
import { parseOr400 } from './schemas';

/** What the input middlewares add to the handler's context: the request, validated. */
export type WithInput<T> = Context & { input: T };

type InputMiddleware<T> = MiddlewareObj<HttpEvent, HttpResult, Error, WithInput<T>>;

function bodyBytes(event: HttpEvent): number {
  if (typeof event.body !== 'string') return 0;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').length : Buffer.byteLength(event.body, 'utf8');
}

const bodySizeLimit = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  before: (request) => {
    if (bodyBytes(request.event) > LIMITS.maxBodyBytes) {
      throw new PayloadTooLargeError(`Request body exceeds ${LIMITS.maxBodyBytes} bytes`, 'BODY_TOO_LARGE');
    }
  },
});

/** A POST without a body would reach the JSON parser as undefined; say so plainly. */
const requireBody = (): MiddlewareObj<HttpEvent, HttpResult> => ({
  before: (request) => {
    if (request.event.body === undefined || request.event.body === null || request.event.body === '') {
      throw new AppError(400, 'MISSING_BODY', 'Request body is required');
    }
  },
});

/**
 * POST routes: body size limit (413) → body present (400) → Middy's JSON body parser (any
 * content type; bad JSON is a 400) → the zod schema (400 naming the field) → `context.input`.
 */
export function jsonBody<S extends z.ZodType>(schema: S): InputMiddleware<z.output<S>>[] {
  return [
    bodySizeLimit(),
    requireBody(),
    httpJsonBodyParser({ disableContentTypeCheck: true }),
    {
      before: (request) => {
        // Parsed by now: the parser replaced the body string with its JSON value.
        const parsed: unknown = request.event.body;
        request.context.input = parseOr400(schema, parsed, 'body');
      },
    },
  ];
}

/** GET routes: the query string parameters through the zod schema (400 naming the field) → `context.input`. */
export function queryParams<S extends z.ZodType>(schema: S): InputMiddleware<z.output<S>> {
  return {
    before: (request) => {
      request.context.input = parseOr400(schema, request.event.queryStringParameters, 'query');
    },
  };
}
