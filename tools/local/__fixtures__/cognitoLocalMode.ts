/**
 * Local mode over the fixture template in cognito mode, verifying tokens against a JWKS
 * file written for the test (test/support/tokens.ts mints the matching tokens).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_CLIENT_ID, TEST_ISSUER, writeJwksFile } from '../../../test/support/tokens';
import { type LocalMode, startLocalMode } from '../localMode';

export const FIXTURE_TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'template.yml');

export async function startCognitoFixture(): Promise<{ local: LocalMode; close(): Promise<void> }> {
  const jwks = await writeJwksFile();
  const local = await startLocalMode({
    port: 0,
    dataDir: null,
    rootTemplate: FIXTURE_TEMPLATE,
    auth: { mode: 'cognito', verifier: { issuer: TEST_ISSUER, audience: TEST_CLIENT_ID, jwksFile: jwks.path } },
  });
  return {
    local,
    async close() {
      await local.close();
      await jwks.cleanup();
    },
  };
}
