import type { MiddlewareObj } from '@middy/core';
import { httpConfig, type AuthMode } from '../config';
import type { Caller } from '../domain';
import { ForbiddenError, UnauthorizedError } from '../errors';
import type { HttpEvent, HttpResult } from './event';
import type { WithInput } from './input';

/**
 * In `cognito` mode the caller is the `sub` claim that API Gateway's JWT authorizer
 * verified; a client-declared userId is only allowed to repeat it. In `none`
 * (legacy/local) mode the declared userId is trusted, and may be absent (the frontend's
 * /review and /feedback calls carry none).
 */
export function resolveCaller(event: HttpEvent, declaredUserId: string | undefined, mode: AuthMode): Caller {
  if (mode === 'none') return { userId: declaredUserId, verified: false };

  const claims = event.requestContext.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  // API Gateway rejects unauthenticated calls before we run; reaching here without
  // claims means a misconfigured route (or `sam local`, which ignores JWT authorizers).
  if (typeof sub !== 'string' || sub.length === 0) throw new UnauthorizedError('Missing or invalid token');
  // The HTTP API authorizer accepts a Cognito access token too (it matches client_id
  // against the audience); the API accepts ID tokens only, the token the frontend holds.
  if (claims?.token_use !== undefined && claims.token_use !== 'id') throw new UnauthorizedError('An ID token is required');
  if (declaredUserId !== undefined && declaredUserId !== sub) {
    throw new ForbiddenError('userId does not match the authenticated user');
  }
  return { userId: sub, verified: true };
}

/** What `callerIdentity` adds to the handler's context. */
export type WithCaller = WithInput<{ userId?: string | undefined }> & { caller: Caller };

/** The caller (401/403 in cognito mode), from the validated input's declared userId → `context.caller`. */
export function callerIdentity(): MiddlewareObj<HttpEvent, HttpResult, Error, WithCaller> {
  const { authMode } = httpConfig();
  return {
    before: (request) => {
      request.context.caller = resolveCaller(request.event, request.context.input.userId, authMode);
    },
  };
}
