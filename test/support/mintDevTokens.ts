/**
 * For trying local mode in cognito mode by hand: writes a fresh public JWKS to a file
 * and prints one ID token per `--sub`, signed with the matching private key (kept only
 * in this process, so every run rotates the keys: restart the local server after it).
 *
 *   node_modules/.bin/tsx test/support/mintDevTokens.ts --sub user-a --sub user-b
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TEST_CLIENT_ID, TEST_ISSUER, jwks, mintIdToken } from './tokens';

const { values } = parseArgs({
  options: {
    sub: { type: 'string', multiple: true, default: ['local-user'] },
    out: { type: 'string', default: '.local-data/dev-jwks.json' },
  },
});

const jwksPath = resolve(values.out);
await mkdir(dirname(jwksPath), { recursive: true });
await writeFile(jwksPath, JSON.stringify(jwks, null, 2), 'utf8');

console.log(`JWKS written to ${jwksPath}`);
console.log(`issuer:   ${TEST_ISSUER}`);
console.log(`audience: ${TEST_CLIENT_ID}`);
for (const sub of values.sub) {
  console.log(`\nsub ${sub} (valid one hour):\nAuthorization: Bearer ${await mintIdToken({ sub })}`);
}
