import type { HttpEvent, JwtClaims } from './event';
import { resolveCaller } from './identity';
import { httpEvent } from '../../../../test/support/events';

function withClaims(claims: JwtClaims | undefined): HttpEvent {
  const event = httpEvent({ method: 'GET', path: '/sessions' });
  return claims ? { ...event, requestContext: { ...event.requestContext, authorizer: { jwt: { claims } } } } : event;
}

describe('resolveCaller', () => {
  it('takes the caller from the verified sub in cognito mode', () => {
    expect(resolveCaller(withClaims({ sub: 'abc', token_use: 'id' }), undefined, 'cognito')).toEqual({ userId: 'abc', verified: true });
  });

  it('allows a declared userId that repeats the sub', () => {
    expect(resolveCaller(withClaims({ sub: 'abc' }), 'abc', 'cognito').userId).toBe('abc');
  });

  it('refuses a declared userId that differs from the sub with 403', () => {
    expect(() => resolveCaller(withClaims({ sub: 'abc' }), 'someone-else', 'cognito')).toThrow(expect.objectContaining({ statusCode: 403 }));
  });

  it('refuses a request without claims with 401', () => {
    expect(() => resolveCaller(withClaims(undefined), 'abc', 'cognito')).toThrow(expect.objectContaining({ statusCode: 401 }));
  });

  it('refuses an access token with 401', () => {
    expect(() => resolveCaller(withClaims({ sub: 'abc', token_use: 'access' }), undefined, 'cognito')).toThrow(expect.objectContaining({ statusCode: 401 }));
  });

  it('trusts the declared userId in none mode, and ignores claims there', () => {
    expect(resolveCaller(withClaims({ sub: 'abc' }), 'declared', 'none')).toEqual({ userId: 'declared', verified: false });
    expect(resolveCaller(withClaims(undefined), undefined, 'none')).toEqual({ userId: undefined, verified: false });
  });
});
