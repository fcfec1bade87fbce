import { httpEvent, lambdaContext } from '../../test/support/events';
delete process.env.AUTH_MODE; // cognito is the default

// Unit: the caller must be known before any DynamoDB call.
const { handler } = await import('./handler');

async function call(query: Record<string, string> | undefined, claims?: Record<string, string>) {
  const plain = httpEvent({ method: 'GET', path: '/skills', queryStringParameters: query });
  const event = claims ? { ...plain, requestContext: { ...plain.requestContext, authorizer: { jwt: { claims } } } } : plain;
  const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

describe('GET /skills handler (cognito mode, the deployed default)', () => {
  it('answers a request without verified claims with 401', async () => {
    expect((await call({ userId: 'u-1' })).status).toBe(401);
  });

  it('answers another user\'s userId with 403', async () => {
    expect((await call({ userId: 'someone-else' }, { sub: 'u-1', token_use: 'id' })).status).toBe(403);
  });

  it('answers an over-long userId with 400', async () => {
    expect((await call({ userId: 'u'.repeat(129) }, { sub: 'u-1' })).status).toBe(400);
  });
});
