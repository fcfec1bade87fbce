import { createHmac } from 'node:crypto';
import {
  TEST_CLIENT_ID,
  TEST_ISSUER,
  TEST_KID,
  TEST_USER_POOL_ID,
  generateSigningKey,
  mintAccessToken,
  mintIdToken,
  mintUnsignedToken,
  signingKey,
  writeJwksFile,
} from '../../../test/support/tokens';
import { LocalAuthError, createLocalJwtVerifier, type LocalAuthReason, type LocalJwtVerifier } from './jwtVerifier';

/** The reason a verification was refused; fails the test if it was not refused with a LocalAuthError. */
async function refusal(verification: Promise<unknown>): Promise<LocalAuthReason> {
  const outcome = await verification.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(LocalAuthError);
  const error = outcome as LocalAuthError;
  expect(error.statusCode).toBe(401);
  return error.reason;
}

const bearer = (token: string): string => `Bearer ${token}`;

let jwksFile: Awaited<ReturnType<typeof writeJwksFile>>;
let idTokens: LocalJwtVerifier;

beforeAll(async () => {
  jwksFile = await writeJwksFile();
  idTokens = createLocalJwtVerifier({ issuer: TEST_ISSUER, audience: TEST_CLIENT_ID, jwksFile: jwksFile.path });
});

afterAll(() => jwksFile.cleanup());

describe('createLocalJwtVerifier with a JWKS file (ID tokens accepted)', () => {
  it('returns the claims of a valid ID token as API Gateway strings', async () => {
    // Arrange
    const token = await mintIdToken({ sub: 'user-a', 'cognito:groups': ['admin', 'poweruser'], nickname: null });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };

    // Act
    const claims = await idTokens.verify(bearer(token));

    // Assert
    expect(claims).toMatchObject({
      sub: 'user-a',
      aud: TEST_CLIENT_ID,
      iss: TEST_ISSUER,
      token_use: 'id',
      exp: String(exp),
      email_verified: 'true',
      'cognito:groups': '[admin poweruser]',
    });
    expect(claims).not.toHaveProperty('nickname');
    expect(Object.values(claims).every((value) => typeof value === 'string')).toBe(true);
  });

  it('accepts the bare token, as API Gateway identity sources do, and a lower-case scheme', async () => {
    // Arrange
    const token = await mintIdToken({ sub: 'user-b' });

    // Act
    const bare = await idTokens.verify(token);
    const lowerCase = await idTokens.verify(`bearer ${token}`);

    // Assert
    expect(bare.sub).toBe('user-b');
    expect(lowerCase.sub).toBe('user-b');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a blank header', '   '],
  ])('refuses %s as missing_token', async (_label, header) => {
    // Act
    const reason = await refusal(idTokens.verify(header));

    // Assert
    expect(reason).toBe('missing_token');
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['the scheme alone', 'Bearer'],
    ['two tokens', 'Bearer aaa.bbb.ccc ddd.eee.fff'],
  ])('refuses %s as malformed_header', async (_label, header) => {
    // Act
    const reason = await refusal(idTokens.verify(header));

    // Assert
    expect(reason).toBe('malformed_header');
  });

  it('refuses a bearer value that is not a JWT as malformed_token', async () => {
    // Act
    const reason = await refusal(idTokens.verify('Bearer not-a-jwt'));

    // Assert
    expect(reason).toBe('malformed_token');
  });

  it('refuses an unsigned (alg none) token, with or without a signature segment', async () => {
    // Arrange
    const unsigned = mintUnsignedToken({ sub: 'user-a' });
    const withJunkSignature = `${unsigned}c2lnbmF0dXJl`;

    // Act
    const reasons = [await refusal(idTokens.verify(bearer(unsigned))), await refusal(idTokens.verify(bearer(withJunkSignature)))];

    // Assert
    expect(reasons).toEqual(['unsigned_token', 'unsigned_token']);
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    // Arrange: the attack that works on verifiers which let the token pick the algorithm.
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode({ alg: 'HS256', typ: 'JWT', kid: TEST_KID })}.${encode({
      sub: 'user-a',
      aud: TEST_CLIENT_ID,
      iss: TEST_ISSUER,
      token_use: 'id',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
    })}`;
    const signature = createHmac('sha256', JSON.stringify(signingKey.publicJwk)).update(signingInput).digest('base64url');

    // Act
    const reason = await refusal(idTokens.verify(bearer(`${signingInput}.${signature}`)));

    // Assert
    expect(reason).toBe('unsupported_alg');
  });

  it('refuses a token signed by another key that claims our kid as invalid_signature', async () => {
    // Arrange
    const attackerKey = await generateSigningKey(TEST_KID);
    const token = await mintIdToken({ sub: 'user-a' }, { key: attackerKey });

    // Act
    const reason = await refusal(idTokens.verify(bearer(token)));

    // Assert
    expect(reason).toBe('invalid_signature');
  });

  it('refuses a token whose kid is not in the JWKS as unknown_key, without fetching anything', async () => {
    // Arrange
    const otherKey = await generateSigningKey('some-other-kid');
    const token = await mintIdToken({ sub: 'user-a' }, { key: otherKey });

    // Act
    const reason = await refusal(idTokens.verify(bearer(token)));

    // Assert
    expect(reason).toBe('unknown_key');
  });

  it.each<[string, () => Promise<string>, LocalAuthReason]>([
    ['an expired token', () => mintIdToken({}, { expiresInSec: -60 }), 'expired'],
    ['a token not valid yet (nbf)', () => mintIdToken({}, { notBeforeSec: 600 }), 'not_yet_valid'],
    ['a token issued in the future (iat)', () => mintIdToken({}, { issuedAtSec: 600 }), 'issued_in_future'],
    ['a token without exp', () => mintIdToken({ exp: undefined }), 'missing_exp'],
    ['a token from another issuer', () => mintIdToken({}, { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }), 'invalid_issuer'],
    ['a token for another client (aud)', () => mintIdToken({}, { audience: 'someotherclient' }), 'invalid_audience'],
    ['an access token where an ID token is expected', () => mintAccessToken({ sub: 'user-a' }), 'invalid_token_use'],
  ])('refuses %s with its own reason', async (_label, mint, expected) => {
    // Arrange
    const token = await mint();

    // Act
    const reason = await refusal(idTokens.verify(bearer(token)));

    // Assert
    expect(reason).toBe(expected);
  });

  it('never echoes the token in the error message', async () => {
    // Arrange
    const token = await mintIdToken({}, { expiresInSec: -60 });

    // Act
    const error = await idTokens.verify(bearer(token)).catch((caught: unknown) => caught as Error);

    // Assert
    expect(error.message).not.toContain(token.split('.')[1]);
  });
});

describe('createLocalJwtVerifier configured for access tokens', () => {
  it('accepts an access token (client_id checked) and refuses an ID token', async () => {
    // Arrange
    const verifier = createLocalJwtVerifier({
      issuer: TEST_ISSUER,
      clientId: TEST_CLIENT_ID,
      jwksFile: jwksFile.path,
      tokenUse: 'access',
    });
    const access = await mintAccessToken({ sub: 'user-a' });
    const wrongClient = await mintAccessToken({ sub: 'user-a' }, { audience: 'someotherclient' });
    const id = await mintIdToken({ sub: 'user-a' });

    // Act
    const claims = await verifier.verify(bearer(access));
    const reasons = [await refusal(verifier.verify(bearer(wrongClient))), await refusal(verifier.verify(bearer(id)))];

    // Assert
    expect(claims).toMatchObject({ sub: 'user-a', client_id: TEST_CLIENT_ID, token_use: 'access' });
    expect(reasons).toEqual(['invalid_audience', 'invalid_token_use']);
  });
});

describe('createLocalJwtVerifier for a Cognito user pool, keys preloaded from a file', () => {
  let pool: LocalJwtVerifier;

  beforeAll(() => {
    pool = createLocalJwtVerifier({ userPoolId: TEST_USER_POOL_ID, clientId: TEST_CLIENT_ID, jwksFile: jwksFile.path });
  });

  it('accepts an ID token of the pool and returns its claims', async () => {
    // Arrange
    const token = await mintIdToken({ sub: 'user-a' });

    // Act
    const claims = await pool.verify(bearer(token));

    // Assert
    expect(claims).toMatchObject({ sub: 'user-a', iss: TEST_ISSUER, aud: TEST_CLIENT_ID });
  });

  it.each<[string, () => Promise<string>, LocalAuthReason]>([
    ['another pool', () => mintIdToken({}, { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }), 'invalid_issuer'],
    ['another client', () => mintIdToken({}, { audience: 'someotherclient' }), 'invalid_audience'],
    ['an access token', () => mintAccessToken(), 'invalid_token_use'],
    ['an expired token', () => mintIdToken({}, { expiresInSec: -60 }), 'expired'],
    ['a forged signature', async () => mintIdToken({}, { key: await generateSigningKey(TEST_KID) }), 'invalid_signature'],
  ])('refuses a token from %s', async (_label, mint, expected) => {
    // Arrange
    const token = await mint();

    // Act
    const reason = await refusal(pool.verify(bearer(token)));

    // Assert
    expect(reason).toBe(expected);
  });
});

describe('createLocalJwtVerifier options', () => {
  it('refuses ambiguous or unsafe key sources at creation', () => {
    // Act + Assert
    expect(() =>
      createLocalJwtVerifier({ issuer: TEST_ISSUER, audience: TEST_CLIENT_ID, jwksFile: jwksFile.path, jwksUri: 'https://example.test/jwks.json' }),
    ).toThrow(/exactly one/);
    expect(() => createLocalJwtVerifier({ issuer: TEST_ISSUER, audience: TEST_CLIENT_ID })).toThrow(/exactly one/);
    expect(() =>
      createLocalJwtVerifier({ issuer: TEST_ISSUER, audience: TEST_CLIENT_ID, jwksUri: 'http://keys.example.test/jwks.json' }),
    ).toThrow(/loopback/);
    expect(() => createLocalJwtVerifier({ issuer: TEST_ISSUER, jwksFile: jwksFile.path })).toThrow(/audience/);
    expect(() => createLocalJwtVerifier({ userPoolId: 'not-a-pool-id', clientId: TEST_CLIENT_ID })).toThrow();
  });
});
