import { corsHeaders, corsPolicy, preflightHeaders } from './cors';

describe('CORS policy', () => {
  it('allows any origin with * and exposes the headers the app sends', () => {
    // Arrange
    const policy = corsPolicy({ allowMethods: ['GET', 'POST'], maxAge: 600 }, ['*'], ['GET']);

    // Act
    const headers = corsHeaders(policy, 'http://localhost:3000');

    // Assert
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(headers['access-control-expose-headers']?.split(',')).toEqual(expect.arrayContaining(['retry-after', 'x-next-cursor']));
  });

  it('echoes a listed origin (and wildcard subdomains), and gives an unlisted one nothing', () => {
    // Arrange
    const policy = corsPolicy(undefined, ['https://app.example.com', 'https://*.preview.example.com'], ['GET', 'POST']);

    // Act / Assert
    expect(corsHeaders(policy, 'https://app.example.com')['access-control-allow-origin']).toBe('https://app.example.com');
    expect(corsHeaders(policy, 'https://pr-1.preview.example.com')['access-control-allow-origin']).toBe('https://pr-1.preview.example.com');
    expect(corsHeaders(policy, 'https://evil.example.com')).toEqual({});
    expect(preflightHeaders(policy, 'https://evil.example.com', undefined)).toEqual({});
  });

  it('answers a preflight with the route methods when the template names none', () => {
    // Arrange
    const policy = corsPolicy(undefined, ['*'], ['GET', 'POST', 'GET']);

    // Act
    const headers = preflightHeaders(policy, 'http://x', 'content-type');

    // Assert
    expect(headers['access-control-allow-methods']).toBe('GET,POST,OPTIONS');
    expect(headers['access-control-allow-headers']).toBe('authorization,content-type');
  });
});
