import { createHttpHandler, json } from './middleware';
import { ServiceUnavailableError } from '../errors';
import { LIMITS } from '../limits';
import { httpEvent, lambdaContext } from '../../../../test/support/events';

type Result = { statusCode: number; headers: Record<string, string>; body: string };

async function invoke(handler: ReturnType<typeof createHttpHandler>, event = httpEvent({ body: '{}' })): Promise<Result> {
  return (await handler(event, lambdaContext())) as Result;
}

describe('the shared Middy stack', () => {
  const echo = createHttpHandler(async (event) => json(200, { got: event.body }), { jsonBody: true });

  it('parses a JSON body and adds CORS headers', async () => {
    const result = await invoke(echo, httpEvent({ body: '{"a":1}' }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ got: { a: 1 } });
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('answers malformed JSON with 400 JSON, not 415/422', async () => {
    const result = await invoke(echo, httpEvent({ body: '{"a":' }));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ error: 'Request body is not valid JSON', code: 'INVALID_JSON' });
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('parses JSON even without a JSON content type', async () => {
    const result = await invoke(echo, httpEvent({ body: '{"a":1}', headers: {} }));
    expect(result.statusCode).toBe(200);
  });

  it('answers a missing body with 400', async () => {
    const result = await invoke(echo, httpEvent({}));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).code).toBe('MISSING_BODY');
  });

  it('answers a body over the limit with 413, and one at the limit normally', async () => {
    const filler = (n: number) => JSON.stringify({ a: 'x'.repeat(n - 8) });
    expect((await invoke(echo, httpEvent({ body: filler(LIMITS.maxBodyBytes) }))).statusCode).toBe(200);
    const over = await invoke(echo, httpEvent({ body: filler(LIMITS.maxBodyBytes + 1) }));
    expect(over.statusCode).toBe(413);
    expect(over.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('decodes base64 bodies', async () => {
    const result = await invoke(echo, httpEvent({ body: Buffer.from('{"a":2}').toString('base64'), isBase64Encoded: true }));
    expect(JSON.parse(result.body)).toEqual({ got: { a: 2 } });
  });

  it('turns an AppError into its status, JSON body and headers', async () => {
    const throttled = createHttpHandler(async () => {
      throw new ServiceUnavailableError('The model is busy', 7);
    }, { jsonBody: false });
    const result = await invoke(throttled);
    expect(result.statusCode).toBe(503);
    expect(result.headers['Retry-After']).toBe('7');
    expect(JSON.parse(result.body)).toEqual({ error: 'The model is busy', code: 'MODEL_UNAVAILABLE' });
  });

  it('hides unknown errors behind a generic 500 without internals', async () => {
    const broken = createHttpHandler(async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.1:8000 at secret.ts:42');
    }, { jsonBody: false });
    const result = await invoke(broken);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ error: 'Internal server error', code: 'INTERNAL' });
    expect(result.body).not.toContain('ECONNREFUSED');
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
  });
});
