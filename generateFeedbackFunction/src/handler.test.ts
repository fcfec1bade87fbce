import { httpEvent, lambdaContext } from '../../test/support/events';

// Unit: bad input is refused at the edge, before any DynamoDB or model call.
process.env.AUTH_MODE = 'none';
const { handler } = await import('./handler');

async function call(payload: unknown) {
  const event = httpEvent({ method: 'POST', path: '/feedback', body: payload === undefined ? undefined : JSON.stringify(payload) });
  const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

describe('POST /feedback handler', () => {
  it.each([
    ['missing sessionId', { ts: 1732400000, messages: [{ role: 'assistant', content: 'Q' }] }, 400, 'MISSING_FIELD'],
    ['messages not an array', { sessionId: 's', ts: 1732400000, messages: 'all of it' }, 400, 'INVALID_FIELD'],
    ['non-string content', { sessionId: 's', ts: 1732400000, messages: [{ role: 'user', content: { text: 'x' } }] }, 400, 'INVALID_FIELD'],
    ['an over-long message', { sessionId: 's', ts: 1732400000, messages: [{ role: 'user', content: 'x'.repeat(10_001) }] }, 413, 'MESSAGE_TOO_LONG'],
    ['no body', undefined, 400, 'MISSING_BODY'],
  ])('answers %s with %s %s', async (_name, payload, status, code) => {
    const result = await call(payload);
    expect(result.status).toBe(status);
    expect(result.body.code).toBe(code);
  });
});
