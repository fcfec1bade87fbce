import { httpEvent, lambdaContext } from '../../test/support/events';

// Unit: bad input is refused at the edge, before any DynamoDB call.
process.env.AUTH_MODE = 'none';
const { handler } = await import('./handler');

async function call(query: Record<string, string> | undefined) {
  const event = httpEvent({ method: 'GET', path: '/review', queryStringParameters: query });
  const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

describe('GET /review handler', () => {
  it('answers a missing sessionId with 400 naming it', async () => {
    const result = await call(undefined);
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('sessionId is required');
  });

  it('refuses a sessionId that could reach a non-session item', async () => {
    expect((await call({ sessionId: 'skills#user' })).status).toBe(400);
  });
});
