import { MalformedResultError, toHttpResponse } from './response';

describe('toHttpResponse (payload format 2.0)', () => {
  it('turns a result without statusCode into 200 application/json with the result as body', () => {
    // Act
    const response = toHttpResponse({ message: 'hi' });

    // Assert
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual([['content-type', 'application/json']]);
    expect(response.body.toString()).toBe('{"message":"hi"}');
  });

  it('uses a structured result as given: headers, multi-value headers, cookies', () => {
    // Act
    const response = toHttpResponse({
      statusCode: 503,
      headers: { 'Retry-After': 2, 'Content-Type': 'application/json' },
      multiValueHeaders: { 'X-A': ['1', '2'] },
      cookies: ['c=1', 'd=2'],
      body: '{"error":"busy"}',
    });

    // Assert
    expect(response.statusCode).toBe(503);
    expect(response.headers).toEqual([
      ['retry-after', '2'],
      ['content-type', 'application/json'],
      ['x-a', '1'],
      ['x-a', '2'],
      ['set-cookie', 'c=1'],
      ['set-cookie', 'd=2'],
    ]);
    expect(response.body.toString()).toBe('{"error":"busy"}');
  });

  it('decodes a base64 body', () => {
    // Act
    const response = toHttpResponse({ statusCode: 200, isBase64Encoded: true, body: Buffer.from([1, 2, 3]).toString('base64') });

    // Assert
    expect([...response.body]).toEqual([1, 2, 3]);
  });

  it.each([
    [{ statusCode: 'ok' }],
    [{ statusCode: 42 }],
    [{ statusCode: 200, headers: ['x'] }],
    [{ statusCode: 200, headers: { x: { nested: true } } }],
    [{ statusCode: 200, cookies: 'a=1' }],
  ])('refuses the malformed result %j', (result) => {
    // Act / Assert
    expect(() => toHttpResponse(result)).toThrow(MalformedResultError);
  });
});
