import { httpEvent, lambdaContext } from '../../test/support/events';

// Unit: the handler refuses bad input at the edge, before any DynamoDB or model call
// (no endpoint is configured here, so any I/O would fail the test with a 500).
process.env.AUTH_MODE = 'none';
const { handler } = await import('./handler');

const body = {
  sessionId: 's-1',
  ts: 1732400000,
  userId: 'u-1',
  category: 'DSA',
  difficulty: 'Medium',
  messages: [{ role: 'user', content: 'Start' }],
};

async function call(payload: unknown) {
  const event = httpEvent({ method: 'POST', path: '/interview', body: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

describe('POST /interview handler', () => {
  it.each([
    ['malformed JSON', '{', 400, 'INVALID_JSON'],
    ['empty messages', { ...body, messages: [] }, 400, 'INVALID_FIELD'],
    ['missing ts', { ...body, ts: undefined }, 400, 'MISSING_FIELD'],
    ['float ts', { ...body, ts: 1732400000.25 }, 400, 'INVALID_FIELD'],
    ['assistant-first history', { ...body, messages: [{ role: 'assistant', content: 'Q' }, { role: 'user', content: 'A' }] }, 400, 'INVALID_FIELD'],
    ['too many messages', { ...body, messages: Array.from({ length: 121 }, () => ({ role: 'user', content: 'x' })) }, 413, 'TOO_MANY_MESSAGES'],
  ])('answers %s with %s', async (_name, payload, status, code) => {
    // Act
    const result = await call(payload);
    // Assert
    expect(result.status).toBe(status);
    expect(result.body.code).toBe(code);
  });
});
