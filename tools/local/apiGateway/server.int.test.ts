/**
 * The local HTTP API against fixture handlers (local/__fixtures__): the event the
 * handler receives, the payload 2.0 response rules, CORS on every answer, the timeout,
 * and the errors Node's HTTP parser raises, all over real loopback HTTP.
 */
import net from 'node:net';
import { TEST_CLIENT_ID, TEST_ISSUER, mintIdToken } from '../../../test/support/tokens';
import { FIXTURE_TEMPLATE, startCognitoFixture } from '../__fixtures__/cognitoLocalMode';
import { type LocalMode, startLocalMode } from '../localMode';

const ORIGIN = 'http://localhost:3001';

/** Sends raw bytes (what fetch refuses to send) and returns the raw answer. */
function rawRequest(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(data);
  });
}

function parseRaw(answer: string): { status: number; headers: Record<string, string>; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

describe('local API server with fixture handlers (auth none)', () => {
  let local: LocalMode;

  beforeAll(async () => {
    local = await startLocalMode({ port: 0, dataDir: null, rootTemplate: FIXTURE_TEMPLATE, allowedOrigins: [ORIGIN], maxBodyBytes: 2048 });
  });
  afterAll(() => local.close());

  it('hands the handler a payload 2.0 event, a Lambda context and the template environment', async () => {
    // Act
    const res = await fetch(`${local.url}/echo/a/b%20c?x=1&x=2&y=%C3%A9`, {
      headers: { origin: ORIGIN, cookie: 'k1=v1; k2=v2', 'X-Custom': 'Value' },
    });
    const { event, context, env } = (await res.json()) as { event: any; context: any; env: any };

    // Assert
    expect(res.status).toBe(200);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /echo/{proxy+}',
      rawPath: '/echo/a/b%20c',
      rawQueryString: 'x=1&x=2&y=%C3%A9',
      cookies: ['k1=v1', 'k2=v2'],
      queryStringParameters: { x: '1,2', y: 'é' },
      pathParameters: { proxy: 'a/b c' },
      isBase64Encoded: false,
      requestContext: {
        accountId: expect.any(String),
        apiId: expect.any(String),
        http: { method: 'GET', path: '/echo/a/b%20c', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
        routeKey: 'ANY /echo/{proxy+}',
        stage: '$default',
        requestId: expect.any(String),
        time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
        timeEpoch: expect.any(Number),
      },
    });
    expect(event.headers['x-custom']).toBe('Value');
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event).not.toHaveProperty('body');
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(context.functionName).toBe('EchoFunction');
    expect(context.remainingMs).toBeGreaterThan(0);
    expect(context.remainingMs).toBeLessThanOrEqual(5000);
    expect(res.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
    expect(env).toMatchObject({
      GREETING: 'hello',
      ONLY_ECHO: 'hello-echo',
      TABLE_NAME: local.dynamo.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: local.dynamo.endpoint,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: local.bedrock?.url,
      AUTH_MODE: 'none',
    });
  });

  it('passes a JSON body as text and a binary body base64-encoded', async () => {
    // Act
    const text = await fetch(`${local.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    const binary = await fetch(`${local.url}/echo`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array([0, 255, 1]) });
    const textEvent = ((await text.json()) as { event: any }).event;
    const binaryEvent = ((await binary.json()) as { event: any }).event;

    // Assert
    expect(textEvent).toMatchObject({ body: '{"a":1}', isBase64Encoded: false, routeKey: 'POST /echo' });
    expect(binaryEvent).toMatchObject({ body: Buffer.from([0, 255, 1]).toString('base64'), isBase64Encoded: true });
  });

  it('uses the API CORS configuration, not the handler\'s CORS headers, and exposes the app headers', async () => {
    // Act
    const res = await fetch(`${local.url}/echo/x`, { headers: { origin: ORIGIN } });
    const other = await fetch(`${local.url}/echo/x`, { headers: { origin: 'https://elsewhere.example' } });

    // Assert
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-next-cursor');
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight for a known route with the configured methods, headers and max age', async () => {
    // Act
    const res = await fetch(`${local.url}/shape/plain`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'content-type' },
    });

    // Assert
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(res.headers.get('access-control-max-age')).toBe('300');
  });

  it('maps a plain result to 200 JSON, and cookies, multi-value headers and base64 bodies as API Gateway does', async () => {
    // Act
    const plain = await fetch(`${local.url}/shape/plain`);
    const cookies = await fetch(`${local.url}/shape/cookies`);
    const binary = await fetch(`${local.url}/shape/binary`);

    // Assert
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.json()).toEqual({ hello: 'world', env: 'hello from ssm' });
    expect(cookies.status).toBe(201);
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(cookies.headers.get('x-multi')).toBe('one, two');
    expect(cookies.headers.get('x-next-cursor')).toBe('abc');
    expect(await cookies.text()).toBe('made');
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0, 1, 2, 254, 255]);
  });

  it.each([
    ['unknown route', () => fetch(`${local.url}/nowhere`, { headers: { origin: ORIGIN } }), 404, 'ROUTE_NOT_FOUND'],
    ['method without a route', () => fetch(`${local.url}/slow`, { method: 'POST', headers: { origin: ORIGIN } }), 404, 'ROUTE_NOT_FOUND'],
    ['handler throws', () => fetch(`${local.url}/shape/throw`, { headers: { origin: ORIGIN } }), 500, 'INTEGRATION_ERROR'],
    ['malformed result', () => fetch(`${local.url}/shape/malformed`, { headers: { origin: ORIGIN } }), 500, 'MALFORMED_LAMBDA_RESPONSE'],
    ['body over the limit', () => fetch(`${local.url}/echo`, { method: 'POST', headers: { origin: ORIGIN }, body: 'x'.repeat(2049) }), 413, 'PAYLOAD_TOO_LARGE'],
  ])('%s → JSON error with CORS headers', async (_name, request, status, code) => {
    // Act
    const res = await request();

    // Assert
    expect(res.status).toBe(status);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await res.json()).toEqual({ error: expect.any(String), code });
  });

  it('accepts a body exactly at the limit', async () => {
    // Act
    const res = await fetch(`${local.url}/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(2048) });

    // Assert
    expect(res.status).toBe(200);
  });

  it('answers 504 when the handler runs past its template Timeout', async () => {
    // Act
    const started = Date.now();
    const res = await fetch(`${local.url}/slow`, { headers: { origin: ORIGIN } });
    const elapsed = Date.now() - started;

    // Assert
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ error: expect.stringContaining('1 s'), code: 'INTEGRATION_TIMEOUT' });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(3000);
  });

  it.each([
    ['an over-long URL', `GET /echo/${'a'.repeat(11_000)} HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\n\r\n`, 414, 'URI_TOO_LONG'],
    ['over-long headers', `GET /echo/a HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\nX-Big: ${'a'.repeat(11_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ['an unknown method', `BREW /echo/a HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\n\r\n`, 400, 'BAD_METHOD'],
    ['a broken chunked body', `POST /echo HTTP/1.1\r\nHost: x\r\nOrigin: ${ORIGIN}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`, 400, 'MALFORMED_REQUEST'],
  ])('answers %s with JSON and CORS headers, not a bare status line', async (_name, request, status, code) => {
    // Act
    const answer = parseRaw(await rawRequest(local.port, request));

    // Assert
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(answer.body).toEqual({ error: expect.any(String), code });
  });
});

describe('local API server in cognito mode', () => {
  let local: LocalMode;
  let fixture: Awaited<ReturnType<typeof startCognitoFixture>>;

  beforeAll(async () => {
    fixture = await startCognitoFixture();
    local = fixture.local;
  });
  afterAll(() => fixture.close());

  it('refuses a request without a token with 401 JSON and CORS, without running the handler', async () => {
    // Act
    const res = await fetch(`${local.url}/shape/throw`, { headers: { origin: ORIGIN } });

    // Assert: the handler would have answered 500
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized', code: 'UNAUTHORIZED' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('still answers preflights without a token', async () => {
    // Act
    const res = await fetch(`${local.url}/echo`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });

    // Assert
    expect(res.status).toBe(204);
  });

  it('puts the verified claims, as strings, where API Gateway puts them', async () => {
    // Arrange
    const token = await mintIdToken({ sub: 'user-a' });

    // Act
    const res = await fetch(`${local.url}/echo/me`, { headers: { authorization: `Bearer ${token}` } });
    const { event, env } = (await res.json()) as { event: any; env: any };

    // Assert
    expect(res.status).toBe(200);
    expect(env.AUTH_MODE).toBe('cognito');
    expect(event.requestContext.authorizer.jwt.claims).toMatchObject({ sub: 'user-a', iss: TEST_ISSUER, aud: TEST_CLIENT_ID, token_use: 'id' });
    expect(Object.values(event.requestContext.authorizer.jwt.claims).every((value) => typeof value === 'string')).toBe(true);
  });
});
