import {
  TEST_CLIENT_ID,
  TEST_ISSUER,
  TEST_KID,
  generateSigningKey,
  mintIdToken,
  startJwksServer,
  type JwksServer,
} from '../../../test/support/tokens';
import { LocalAuthError, createLocalJwtVerifier } from './jwtVerifier';

// The JWKS given by URL: a real HTTP server on 127.0.0.1 that the verifier downloads from.
describe('createLocalJwtVerifier with a JWKS URL', () => {
  let server: JwksServer;

  beforeEach(async () => {
    server = await startJwksServer();
  });

  afterEach(() => server.close());

  it('downloads the keys once and verifies ID tokens with them', async () => {
    // Arrange
    const verifier = createLocalJwtVerifier({ issuer: TEST_ISSUER, audience: TEST_CLIENT_ID, jwksUri: server.url });
    const first = await mintIdToken({ sub: 'user-a' });
    const second = await mintIdToken({ sub: 'user-b' });

    // Act
    const claims = [await verifier.verify(`Bearer ${first}`), await verifier.verify(`Bearer ${second}`)];

    // Assert
    expect(claims.map((c) => c.sub)).toEqual(['user-a', 'user-b']);
    expect(server.requestCount()).toBe(1);
  });

  it('hydrate() fetches the keys before the first request', async () => {
    // Arrange
    const verifier = createLocalJwtVerifier({ issuer: TEST_ISSUER, audience: TEST_CLIENT_ID, jwksUri: server.url });

    // Act
    await verifier.hydrate();
    await verifier.verify(`Bearer ${await mintIdToken()}`);

    // Assert
    expect(server.requestCount()).toBe(1);
  });

  it('refuses a token signed by another key under our kid', async () => {
    // Arrange
    const verifier = createLocalJwtVerifier({ issuer: TEST_ISSUER, audience: TEST_CLIENT_ID, jwksUri: server.url });
    const forged = await mintIdToken({ sub: 'user-a' }, { key: await generateSigningKey(TEST_KID) });

    // Act
    const outcome = verifier.verify(`Bearer ${forged}`);

    // Assert
    await expect(outcome).rejects.toBeInstanceOf(LocalAuthError);
    await expect(outcome).rejects.toMatchObject({ reason: 'invalid_signature', statusCode: 401 });
  });

  it('fails closed (401 jwks_unavailable) when the key server is unreachable', async () => {
    // Arrange: a URL on a port nothing listens on any more.
    const deadUrl = server.url;
    await server.close();
    server = await startJwksServer();
    const verifier = createLocalJwtVerifier({ issuer: TEST_ISSUER, audience: TEST_CLIENT_ID, jwksUri: deadUrl });

    // Act
    const outcome = verifier.verify(`Bearer ${await mintIdToken()}`);

    // Assert
    await expect(outcome).rejects.toMatchObject({ reason: 'jwks_unavailable', statusCode: 401 });
  });
});
