import { jest } from '@jest/globals';
import { z } from 'zod';
import { GatewayTimeoutError, ServiceUnavailableError } from '../errors';
import { LIMITS } from '../limits';
import { logger } from '../logger';
import { abortBeforeTimeout, deadline, WRITE_MARGIN_MS } from './deadline';
import { json, type HttpEvent, type HttpHandler, type HttpResult } from './event';
import { jsonBody, queryParams } from './input';
import { httpStack } from './stack';
import middy from '@middy/core';
import { httpEvent, lambdaContext } from '../../../../test/support/events';

type Result = { statusCode: number; headers: Record<string, string>; body: string };

async function invoke(handler: HttpHandler, event = httpEvent({ body: '{}' }), context = lambdaContext()): Promise<Result> {
  const result = await handler(event, context);
  return { statusCode: result.statusCode ?? 0, headers: (result.headers ?? {}) as Record<string, string>, body: result.body ?? '' };
}

/** A route that answers with the body it validated. */
const echo: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
  .use(httpStack())
  .use(jsonBody(z.object({ a: z.number() })))
  .handler(async (_event, { input }) => json(200, { got: input }));

/** A route whose handler throws `error`. */
const throwing = (error: unknown): HttpHandler =>
  middy<HttpEvent, HttpResult>(abortBeforeTimeout)
    .use(httpStack())
    .handler(async () => {
      throw error;
    });

afterEach(() => jest.restoreAllMocks());

describe('the shared Middy stack', () => {
  it('parses and validates a JSON body into context.input, and adds CORS headers', async () => {
    const result = await invoke(echo, httpEvent({ body: '{"a":1}' }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ got: { a: 1 } });
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('answers malformed JSON with 400 INVALID_JSON, not 415/422', async () => {
    const result = await invoke(echo, httpEvent({ body: '{"a":' }));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ error: 'Request body is not valid JSON', code: 'INVALID_JSON' });
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('answers a forbidden JSON key (Middy 422) with 400 INVALID_JSON', async () => {
    const result = await invoke(echo, httpEvent({ body: '{"__proto__":{"a":1}}' }));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).code).toBe('INVALID_JSON');
  });

  it('parses JSON even without a JSON content type', async () => {
    const result = await invoke(echo, httpEvent({ body: '{"a":1}', headers: {} }));
    expect(result.statusCode).toBe(200);
  });

  it('answers a missing body with 400 MISSING_BODY', async () => {
    const result = await invoke(echo, httpEvent({}));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ error: 'Request body is required', code: 'MISSING_BODY' });
  });

  it('answers a body that fails the schema with 400 naming the field', async () => {
    const result = await invoke(echo, httpEvent({ body: '{"a":"one"}' }));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ error: 'a Invalid input: expected number, received string', code: 'INVALID_FIELD' });
  });

  it('answers a body over the limit with 413, and one at the limit normally', async () => {
    const atLimit = JSON.stringify({ a: 1, pad: 'x'.repeat(LIMITS.maxBodyBytes - 16) });
    expect(Buffer.byteLength(atLimit)).toBe(LIMITS.maxBodyBytes);
    expect((await invoke(echo, httpEvent({ body: atLimit }))).statusCode).toBe(200);
    const over = await invoke(echo, httpEvent({ body: `${atLimit} ` }));
    expect(over.statusCode).toBe(413);
    expect(JSON.parse(over.body).code).toBe('BODY_TOO_LARGE');
    expect(over.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('decodes base64 bodies', async () => {
    const result = await invoke(echo, httpEvent({ body: Buffer.from('{"a":2}').toString('base64'), isBase64Encoded: true }));
    expect(JSON.parse(result.body)).toEqual({ got: { a: 2 } });
  });

  it('validates the query string into context.input', async () => {
    const route: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
      .use(httpStack())
      .use(queryParams(z.object({ id: z.string() })))
      .handler(async (_event, { input }) => json(200, input));
    expect(JSON.parse((await invoke(route, httpEvent({ method: 'GET', queryStringParameters: { id: 'x' } }))).body)).toEqual({ id: 'x' });
    const missing = await invoke(route, httpEvent({ method: 'GET' }));
    expect(missing.statusCode).toBe(400);
    expect(JSON.parse(missing.body)).toEqual({ error: 'id is required', code: 'MISSING_FIELD' });
  });

  it('turns an AppError into its status, JSON body and headers', async () => {
    const result = await invoke(throwing(new ServiceUnavailableError('The model is busy', 7)));
    expect(result.statusCode).toBe(503);
    expect(result.headers['Retry-After']).toBe('7');
    expect(result.headers['Content-Type']).toBe('application/json');
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(JSON.parse(result.body)).toEqual({ error: 'The model is busy', code: 'MODEL_UNAVAILABLE' });
  });

  it('answers another 4xx http error with its status and BAD_REQUEST', async () => {
    const notAllowed = Object.assign(new Error('Method not allowed'), { statusCode: 405 });
    const result = await invoke(throwing(notAllowed));
    expect(result.statusCode).toBe(405);
    expect(JSON.parse(result.body)).toEqual({ error: 'Method not allowed', code: 'BAD_REQUEST' });
  });

  it('hides unknown errors behind a generic 500 JSON without internals, and logs them', async () => {
    const logged = jest.spyOn(logger, 'error');
    const result = await invoke(throwing(new Error('connect ECONNREFUSED 10.0.0.1:8000 at secret.ts:42')));
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ error: 'Internal server error', code: 'INTERNAL' });
    expect(result.headers['Content-Type']).toBe('application/json');
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(logged).toHaveBeenCalledWith('Unhandled error', { error: expect.objectContaining({ message: expect.stringContaining('ECONNREFUSED') }) });
  });

  it('hides a 5xx http error that is not ours too (http-errors expose no 5xx message)', async () => {
    const result = await invoke(throwing(Object.assign(new Error('upstream 10.0.0.1 said no'), { statusCode: 502 })));
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ error: 'Internal server error', code: 'INTERNAL' });
  });

  it('gives the logger the Lambda context and logs one line per request', async () => {
    const addContext = jest.spyOn(logger, 'addContext');
    const info = jest.spyOn(logger, 'info');
    const context = lambdaContext();
    await invoke(echo, httpEvent({ body: '{"a":1}' }), context);
    expect(addContext).toHaveBeenCalledWith(context);
    expect(info).toHaveBeenCalledWith('request', { route: 'POST /interview', method: 'POST', statusCode: 200, latencyMs: expect.any(Number) });
  });
});

describe('deadline and abort signal', () => {
  it('puts the write deadline, WRITE_MARGIN_MS before the Lambda timeout, on the context', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const route: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
      .use(httpStack())
      .use(deadline())
      .handler(async (_event, context) => json(200, context.deadline));
    const result = await invoke(route, httpEvent(), { ...lambdaContext(), getRemainingTimeInMillis: () => 10_000 });
    expect(JSON.parse(result.body)).toEqual({ atMs: 1_000_000 + 10_000 - WRITE_MARGIN_MS });
  });

  it('aborts the signal WRITE_MARGIN_MS before the timeout; a handler that honours it answers itself', async () => {
    const route: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
      .use(httpStack())
      .handler(
        (_event, _context, { signal }) =>
          new Promise<HttpResult>((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(new GatewayTimeoutError('The model did not answer in time')));
          }),
      );
    const started = Date.now();
    const result = await invoke(route, httpEvent(), lambdaContext(WRITE_MARGIN_MS + 100));
    expect(result.statusCode).toBe(504);
    expect(JSON.parse(result.body)).toEqual({ error: 'The model did not answer in time', code: 'MODEL_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(WRITE_MARGIN_MS);
  });

  it('answers 504 TIMEOUT with CORS itself, just before the Lambda timeout, when the handler ignores the signal', async () => {
    const route: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
      .use(httpStack())
      .handler(() => new Promise<HttpResult>(() => undefined));
    const started = Date.now();
    const result = await invoke(route, httpEvent(), lambdaContext(WRITE_MARGIN_MS + 100));
    const elapsed = Date.now() - started;
    expect(result.statusCode).toBe(504);
    expect(JSON.parse(result.body)).toEqual({ error: 'The request did not finish in time. Please try again.', code: 'TIMEOUT' });
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(elapsed).toBeGreaterThanOrEqual(WRITE_MARGIN_MS - 250);
    expect(elapsed).toBeLessThan(WRITE_MARGIN_MS + 100);
  });
});
