import { UnauthorizedError } from '@intelliview/shared/errors';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwkInvalidKtyError,
  JwkInvalidUseError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwkValidationError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  ParameterValidationError,
} from 'aws-jwt-verify/error';

/** Why a request was refused; one code per check so tests and logs can tell them apart. */
export type LocalAuthReason =
  | 'missing_token'
  | 'malformed_header'
  | 'malformed_token'
  | 'unsigned_token'
  | 'unsupported_alg'
  | 'unknown_key'
  | 'invalid_signature'
  | 'missing_exp'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'invalid_issuer'
  | 'invalid_audience'
  | 'invalid_token_use'
  | 'jwks_unavailable';

/**
 * A request the local server must answer 401 without running the handler, as API
 * Gateway's JWT authorizer would. `reason` is for tests and logs; `message` is short
 * and safe to show (it names the failed check, never the token).
 */
export class LocalAuthError extends UnauthorizedError {
  constructor(
    readonly reason: LocalAuthReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Translate aws-jwt-verify's error classes into one LocalAuthError. Errors that are not
 * the library's (a bug in our code) are rethrown untouched so they surface as 500s.
 * Order matters: several classes share the FailedAssertionError base.
 */
export function toLocalAuthError(error: unknown, unverifiedHeaderSegment: string): LocalAuthError {
  if (error instanceof LocalAuthError) return error;
  if (!(error instanceof JwtBaseError)) throw error;

  const reasonAndMessage = ((): [LocalAuthReason, string] => {
    if (error instanceof JwtParseError) {
      // The library refuses `alg: none` tokens as unparsable (empty signature segment);
      // name that case, since it is the classic forgery rather than a garbled token.
      return declaresAlgNone(unverifiedHeaderSegment)
        ? ['unsigned_token', 'Unsigned tokens (alg "none") are not accepted']
        : ['malformed_token', 'The bearer token is not a well-formed JWT'];
    }
    if (error instanceof JwtInvalidSignatureAlgorithmError) {
      return declaresAlgNone(unverifiedHeaderSegment)
        ? ['unsigned_token', 'Unsigned tokens (alg "none") are not accepted']
        : ['unsupported_alg', 'The token is signed with an algorithm the issuer does not use'];
    }
    if (error instanceof JwtWithoutValidKidError || error instanceof KidNotFoundInJwksError) {
      return ['unknown_key', 'The token was not signed by a key of the issuer'];
    }
    if (error instanceof JwtInvalidSignatureError) return ['invalid_signature', 'The token signature is invalid'];
    if (error instanceof JwtExpiredError) return ['expired', 'The token has expired'];
    if (error instanceof JwtNotBeforeError) return ['not_yet_valid', 'The token is not valid yet'];
    if (error instanceof JwtInvalidIssuerError) return ['invalid_issuer', 'The token was issued by another issuer'];
    if (error instanceof JwtInvalidAudienceError || error instanceof CognitoJwtInvalidClientIdError) {
      return ['invalid_audience', 'The token was issued for another client'];
    }
    if (error instanceof CognitoJwtInvalidTokenUseError) {
      return ['invalid_token_use', 'The token is not of the accepted type (token_use)'];
    }
    // CognitoJwtVerifier looks the issuer up among the pool's issuers before verifying,
    // so an unknown `iss` arrives as a parameter error rather than JwtInvalidIssuerError.
    if (error instanceof ParameterValidationError && /issuer/i.test(error.message)) {
      return ['invalid_issuer', 'The token was issued by another issuer'];
    }
    if (
      error instanceof FetchError ||
      error instanceof JwksNotAvailableInCacheError ||
      error instanceof JwksValidationError ||
      error instanceof JwkValidationError ||
      error instanceof JwkInvalidUseError ||
      error instanceof JwkInvalidKtyError
    ) {
      // Fail closed: without the issuer's keys nothing can be verified.
      return ['jwks_unavailable', `The issuer's signing keys could not be used: ${error.message}`];
    }
    return ['malformed_token', 'The bearer token was rejected'];
  })();
  return new LocalAuthError(...reasonAndMessage);
}

/** Reads the (unverified) header only to label a rejection the library already made. */
function declaresAlgNone(headerSegment: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(headerSegment, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && String((header as { alg?: unknown }).alg).toLowerCase() === 'none';
  } catch {
    return false;
  }
}
