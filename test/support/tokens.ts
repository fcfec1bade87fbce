/**
 * Test tokens: an RS256 key pair generated once per test module, its public JWKS, and
 * Cognito-shaped ID / access tokens signed with it (or deliberately broken). Serve the
 * JWKS from a file (`writeJwksFile`) or from a loopback HTTP server (`startJwksServer`)
 * and point the local JWT verifier at it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** A user pool id in Cognito's format, so CognitoJwtVerifier derives TEST_ISSUER from it. */
export const TEST_USER_POOL_ID = 'us-east-1_LocalTest1';
export const TEST_ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${TEST_USER_POOL_ID}`;
export const TEST_CLIENT_ID = 'localtestclient0123456789';
export const TEST_KID = 'local-test-key-1';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** Public half as published in a JWKS (kid, alg, use set). */
  publicJwk: JWK;
}

export interface JwkSet {
  keys: JWK[];
}

export async function generateSigningKey(kid: string = TEST_KID): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

/** The key every token is signed with unless a test passes another one. */
export const signingKey: SigningKey = await generateSigningKey();
/** The public key set a verifier trusts in tests. */
export const jwks: JwkSet = { keys: [signingKey.publicJwk] };

export interface MintOptions {
  /** Sign with this key instead of `signingKey` (e.g. an attacker's key reusing TEST_KID). */
  key?: SigningKey;
  /** `kid` header; defaults to the signing key's. */
  kid?: string;
  /** Signature algorithm in the header; the RSA key supports RS256/384/512 and PS*. */
  alg?: string;
  /** `exp` relative to now, in seconds; negative for an expired token. Default one hour, as Cognito. */
  expiresInSec?: number;
  /** Sets `nbf` relative to now (Cognito tokens carry none); positive for not-yet-valid. */
  notBeforeSec?: number;
  /** `iat` relative to now; default 0. */
  issuedAtSec?: number;
  issuer?: string;
  /** `aud` of an ID token / `client_id` of an access token. */
  audience?: string;
  /** `token_use` claim; defaults to the token kind. */
  tokenUse?: string;
}

/** Cognito's default token lifetime (one hour). */
const DEFAULT_LIFETIME_SEC = 3600;

/**
 * A Cognito-shaped ID token. `claims` overrides or adds claims; a claim set to
 * `undefined` is removed (e.g. `{ exp: undefined }`).
 */
export function mintIdToken(claims: Record<string, unknown> = {}, options: MintOptions = {}): Promise<string> {
  const sub = typeof claims.sub === 'string' ? claims.sub : randomUUID();
  return mint(
    {
      sub,
      email_verified: true,
      'cognito:username': sub,
      aud: options.audience ?? TEST_CLIENT_ID,
      event_id: randomUUID(),
      token_use: options.tokenUse ?? 'id',
      auth_time: nowSec(),
      email: `${sub}@example.test`,
      jti: randomUUID(),
      origin_jti: randomUUID(),
    },
    claims,
    options,
  );
}

/** A Cognito-shaped access token: `client_id` instead of `aud`, a `scope`. */
export function mintAccessToken(claims: Record<string, unknown> = {}, options: MintOptions = {}): Promise<string> {
  const sub = typeof claims.sub === 'string' ? claims.sub : randomUUID();
  return mint(
    {
      sub,
      client_id: options.audience ?? TEST_CLIENT_ID,
      event_id: randomUUID(),
      token_use: options.tokenUse ?? 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: nowSec(),
      jti: randomUUID(),
      origin_jti: randomUUID(),
      username: sub,
    },
    claims,
    options,
  );
}

/**
 * An unsecured JWT (RFC 7519 §6: `alg: "none"`, empty signature) with valid-looking ID
 * token claims and our kid, the classic forgery a verifier must refuse.
 */
export function mintUnsignedToken(claims: Record<string, unknown> = {}, options: Pick<MintOptions, 'kid'> = {}): string {
  const header = { alg: 'none', typ: 'JWT', kid: options.kid ?? TEST_KID };
  const payload = withoutUndefined({
    sub: randomUUID(),
    aud: TEST_CLIENT_ID,
    token_use: 'id',
    iss: TEST_ISSUER,
    iat: nowSec(),
    exp: nowSec() + DEFAULT_LIFETIME_SEC,
    ...claims,
  });
  return `${base64urlJson(header)}.${base64urlJson(payload)}.`;
}

async function mint(defaults: Record<string, unknown>, claims: Record<string, unknown>, options: MintOptions): Promise<string> {
  const key = options.key ?? signingKey;
  const now = nowSec();
  const timing: Record<string, unknown> = {
    iss: options.issuer ?? TEST_ISSUER,
    iat: now + (options.issuedAtSec ?? 0),
    exp: now + (options.expiresInSec ?? DEFAULT_LIFETIME_SEC),
  };
  if (options.notBeforeSec !== undefined) timing.nbf = now + options.notBeforeSec;
  const payload = withoutUndefined({ ...defaults, ...timing, ...claims });
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

/** Writes a JWKS to a fresh temp directory; `cleanup` removes it. */
export async function writeJwksFile(keySet: JwkSet = jwks): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'intelliview-jwks-'));
  const path = join(dir, 'jwks.json');
  await writeFile(path, JSON.stringify(keySet), 'utf8');
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface JwksServer {
  /** e.g. http://127.0.0.1:54321/.well-known/jwks.json */
  url: string;
  /** How many times the JWKS was requested (to observe the verifier's caching). */
  requestCount(): number;
  close(): Promise<void>;
}

/** Serves a JWKS at /.well-known/jwks.json on 127.0.0.1, on a port the OS picks. */
export async function startJwksServer(keySet: JwkSet = jwks): Promise<JwksServer> {
  let requests = 0;
  const body = JSON.stringify(keySet);
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requestCount: () => requests,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolveClose()));
      }),
  };
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
