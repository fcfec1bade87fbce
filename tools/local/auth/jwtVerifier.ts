/**
 * Local stand-in for the HTTP API's Cognito JWT authorizer: the local server calls
 * `verify(authorization header)` before every route and answers 401 without running
 * the handler when it throws. Verification is aws-jwt-verify's; this module only
 * chooses its configuration, adds the checks API Gateway makes beyond it, and turns
 * the claims into the strings API Gateway hands to Lambda.
 *
 * Accepted token: the Cognito **ID token** (`token_use: "id"`, `aud` = app client id),
 * the token the published frontend already holds. See docs/identity.md.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JwtVerifier } from 'aws-jwt-verify';
import { CognitoJwtVerifier, validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, assertIsJwks, type Jwk, type Jwks } from 'aws-jwt-verify/jwk';
import type { JwtHeader, JwtPayload } from 'aws-jwt-verify/jwt-model';
import { toApiGatewayClaims, type ApiGatewayJwtClaims } from './claims';
import { LocalAuthError, toLocalAuthError } from './errors';

export { LocalAuthError, type LocalAuthReason } from './errors';
export { toApiGatewayClaims, type ApiGatewayJwtClaims } from './claims';

export type TokenUse = 'id' | 'access';

/** A real Cognito user pool: issuer and JWKS URL are derived from the pool id. */
export interface CognitoUserPoolVerifierOptions {
  userPoolId: string;
  /** The app client id: must equal an ID token's `aud` (an access token's `client_id`). */
  clientId: string;
  /** Which Cognito token the API accepts; `'id'` unless said otherwise. */
  tokenUse?: TokenUse;
  /** Use this JWKS file instead of downloading the pool's keys (offline runs, tests). */
  jwksFile?: string;
}

/** Any issuer with a JWKS given by URL or by file, e.g. keys minted for tests. */
export interface JwksVerifierOptions {
  /** Must equal the token's `iss` exactly. */
  issuer: string;
  /** Expected `aud` of an ID token / `client_id` of an access token. `clientId` is an alias. */
  audience?: string;
  clientId?: string;
  /** Exactly one of jwksUri / jwksFile. http: is allowed for loopback hosts only. */
  jwksUri?: string;
  jwksFile?: string;
  tokenUse?: TokenUse;
}

export type LocalJwtVerifierOptions = CognitoUserPoolVerifierOptions | JwksVerifierOptions;

export interface LocalJwtVerifier {
  /**
   * Verifies `Authorization: Bearer <jwt>` (API Gateway also accepts the bare token)
   * and returns the claims as `requestContext.authorizer.jwt.claims` holds them.
   * @throws LocalAuthError (status 401, with a `reason`) for any token to refuse.
   */
  verify(authorizationHeader: string | undefined): Promise<ApiGatewayJwtClaims>;
  /** Fetch the issuer's keys now, so a wrong pool id or URL fails at start, not at the first request. */
  hydrate(): Promise<void>;
  /** Human-readable summary for the start banner. */
  readonly description: string;
}

/** Only RSA signatures: API Gateway's JWT authorizer supports no other family, and Cognito signs RS256. */
const API_GATEWAY_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512'];

/**
 * Timeout for a JWKS download: aws-jwt-verify's own response timeout for Node
 * (`defaultFetchTimeouts.response` in dist/esm/node-web-compat-node.js, 5.2.1).
 */
const JWKS_FETCH_TIMEOUT_MS = 3000;

export function createLocalJwtVerifier(options: LocalJwtVerifierOptions): LocalJwtVerifier {
  const tokenUse: TokenUse = options.tokenUse ?? 'id';
  const built = 'userPoolId' in options ? cognitoPoolVerifier(options, tokenUse) : jwksVerifier(options, tokenUse);

  return {
    description: `${built.description}, accepting ${tokenUse} tokens`,
    hydrate: built.hydrate,
    async verify(authorizationHeader) {
      const token = bearerToken(authorizationHeader);
      try {
        return toApiGatewayClaims(await built.verifyJwt(token));
      } catch (error) {
        throw toLocalAuthError(error, token.split('.')[0] ?? '');
      }
    },
  };
}

interface BuiltVerifier {
  verifyJwt(token: string): Promise<JwtPayload>;
  hydrate(): Promise<void>;
  description: string;
}

function cognitoPoolVerifier(options: CognitoUserPoolVerifierOptions, tokenUse: TokenUse): BuiltVerifier {
  requireText(options.userPoolId, 'userPoolId');
  requireText(options.clientId, 'clientId');
  // CognitoJwtVerifier checks iss, token_use and aud/client_id itself.
  const verifier = CognitoJwtVerifier.create({
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    tokenUse,
    customJwtCheck: apiGatewayChecks,
  });
  const source = options.jwksFile ? `keys from ${options.jwksFile}` : 'keys from the pool';
  const description = `Cognito user pool ${options.userPoolId}, client ${options.clientId}, ${source}`;
  if (options.jwksFile) {
    // With the keys preloaded, verifySync never touches the network: an unknown kid is
    // refused instead of triggering a download from the real pool.
    verifier.cacheJwks(readJwksFile(options.jwksFile));
    return { description, verifyJwt: async (token) => verifier.verifySync(token), hydrate: async () => {} };
  }
  return { description, verifyJwt: (token) => verifier.verify(token), hydrate: () => verifier.hydrate() };
}

function jwksVerifier(options: JwksVerifierOptions, tokenUse: TokenUse): BuiltVerifier {
  requireText(options.issuer, 'issuer');
  const audience = options.audience ?? options.clientId;
  requireText(audience, 'audience (or clientId)');
  if (Boolean(options.jwksUri) === Boolean(options.jwksFile)) {
    throw new Error('Give exactly one of jwksUri or jwksFile');
  }

  const checks = (props: { header: JwtHeader; payload: JwtPayload }): void => {
    apiGatewayChecks(props);
    // The Cognito rules, from the same library: token_use first, then `aud` for an ID
    // token or `client_id` for an access token. That is why `audience` is null below.
    validateCognitoJwtFields(props.payload, { tokenUse, clientId: audience });
  };

  if (options.jwksFile) {
    const jwksFile = resolve(options.jwksFile);
    // The file URL is only the cache key for the preloaded keys; nothing is fetched.
    const verifier = JwtVerifier.create({
      issuer: options.issuer,
      audience: null,
      jwksUri: pathToFileURL(jwksFile).href,
      customJwtCheck: checks,
    });
    verifier.cacheJwks(readJwksFile(jwksFile));
    return {
      description: `issuer ${options.issuer}, audience ${audience}, keys from ${jwksFile}`,
      verifyJwt: async (token) => verifier.verifySync(token),
      hydrate: async () => {},
    };
  }

  const jwksUri = checkedJwksUri(options.jwksUri ?? '');
  const verifier = JwtVerifier.create(
    { issuer: options.issuer, audience: null, jwksUri, customJwtCheck: checks },
    { jwksCache: new SimpleJwksCache({ fetcher: new HttpJwksFetcher() }) },
  );
  return {
    description: `issuer ${options.issuer}, audience ${audience}, keys from ${jwksUri}`,
    verifyJwt: (token) => verifier.verify(token),
    hydrate: () => verifier.hydrate(),
  };
}

/**
 * What the HTTP API JWT authorizer checks beyond aws-jwt-verify's defaults
 * (developer guide, "Control access to HTTP APIs with JWT authorizers"): an RSA
 * algorithm, `exp` present (aws-jwt-verify only checks it when present), `iat` not in
 * the future.
 */
function apiGatewayChecks({ header, payload }: { header: JwtHeader; payload: JwtPayload; jwk?: Jwk }): void {
  if (!API_GATEWAY_ALGORITHMS.includes(header.alg ?? '')) {
    throw new LocalAuthError('unsupported_alg', 'The token is signed with an algorithm the issuer does not use');
  }
  if (typeof payload.exp !== 'number') {
    throw new LocalAuthError('missing_exp', 'The token has no expiry (exp)');
  }
  if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000) {
    throw new LocalAuthError('issued_in_future', 'The token is issued in the future (iat)');
  }
}

/** API Gateway's identity source takes `Bearer <token>` or the token alone. */
function bearerToken(authorizationHeader: string | undefined): string {
  const value = authorizationHeader?.trim() ?? '';
  if (value === '') throw new LocalAuthError('missing_token', 'Missing Authorization header');
  const parts = value.split(/\s+/);
  const [first, second] = parts;
  if (parts.length === 2 && first?.toLowerCase() === 'bearer' && second) return second;
  if (parts.length === 1 && first && first.toLowerCase() !== 'bearer') return first;
  throw new LocalAuthError('malformed_header', 'The Authorization header must be "Bearer <token>"');
}

function readJwksFile(path: string): Jwks {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the JWKS file ${path}: ${(error as Error).message}`);
  }
  assertIsJwks(parsed as Parameters<typeof assertIsJwks>[0]);
  return parsed as Jwks;
}

/** Keys fetched over plain http could be swapped on the way: allow it only on this machine. */
function checkedJwksUri(uri: string): string {
  const url = new URL(uri);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return url.href;
  throw new Error(`jwksUri must be https:, or http: on a loopback host; got ${uri}`);
}

/**
 * aws-jwt-verify's default fetcher speaks https only; a JWKS served by a local test
 * server is http on 127.0.0.1, so fetch it with Node's fetch instead.
 */
class HttpJwksFetcher implements Fetcher {
  async fetch(uri: string): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await fetch(uri, { signal: AbortSignal.timeout(JWKS_FETCH_TIMEOUT_MS) });
    } catch (error) {
      throw new FetchError(uri, (error as Error).message);
    }
    if (response.status !== 200) {
      throw new NonRetryableFetchError(uri, `Status code is ${response.status}, expected 200`);
    }
    return response.arrayBuffer();
  }
}

function requireText(value: string | undefined, name: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`Local JWT verifier: ${name} is required`);
}
