/** Command-line flags shared by `npm start` and `npm run invoke`. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LocalJwtVerifierOptions, TokenUse } from './auth/jwtVerifier';
import type { AuthOptions, Budgets } from './localMode';

/** Where `npm start` keeps its DynamoDB data (git-ignored). */
export const DEFAULT_DATA_DIR = '.local-data/dynamodb';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const COMMON_FLAGS = {
  'in-memory': { type: 'boolean' },
  'data-dir': { type: 'string' },
  bedrock: { type: 'boolean' },
  auth: { type: 'string' },
  'user-pool-id': { type: 'string' },
  'client-id': { type: 'string' },
  'jwks-uri': { type: 'string' },
  'jwks-file': { type: 'string' },
  issuer: { type: 'string' },
  audience: { type: 'string' },
  'token-use': { type: 'string' },
  'allowed-origins': { type: 'string' },
  template: { type: 'string' },
  'daily-turns': { type: 'string' },
  'daily-grades': { type: 'string' },
  'max-turns-per-session': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CommonValues = {
  [K in keyof typeof COMMON_FLAGS]?: (typeof COMMON_FLAGS)[K]['type'] extends 'boolean' ? boolean : string;
};

export function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(
  argv: string[],
  extra: T,
): { values: CommonValues & Record<keyof T, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...COMMON_FLAGS, ...extra }, allowPositionals: true, strict: true });
    return { values: values as unknown as CommonValues & Record<keyof T, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** null = in memory. */
export function dataDirFrom(values: CommonValues, env: NodeJS.ProcessEnv = process.env): string | null {
  if (values['in-memory']) {
    if (values['data-dir']) throw new UsageError('--in-memory and --data-dir exclude each other');
    return null;
  }
  return path.resolve(values['data-dir'] ?? env.LOCAL_DATA_DIR ?? DEFAULT_DATA_DIR);
}

/** `--bedrock` or LOCAL_MODEL=bedrock: real Amazon Bedrock; otherwise the local stand-in. */
export function modelFrom(values: CommonValues, env: NodeJS.ProcessEnv = process.env): 'local' | 'bedrock' {
  const fromEnv = env.LOCAL_MODEL?.trim().toLowerCase();
  if (fromEnv && fromEnv !== 'local' && fromEnv !== 'bedrock') throw new UsageError(`LOCAL_MODEL must be local or bedrock, got "${env.LOCAL_MODEL}"`);
  return values.bedrock || fromEnv === 'bedrock' ? 'bedrock' : 'local';
}

export function originsFrom(values: CommonValues, env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = values['allowed-origins'] ?? env.LOCAL_ALLOWED_ORIGINS ?? '*';
  const origins = raw.split(',').map((origin) => origin.trim()).filter(Boolean);
  return origins.length ? origins : ['*'];
}

/** The budget flags; each absent one is unlimited locally (0), whatever the templates' defaults. */
export function budgetsFrom(values: CommonValues): Budgets {
  const count = (flag: 'daily-turns' | 'daily-grades' | 'max-turns-per-session'): number => {
    const raw = values[flag];
    if (raw === undefined) return 0;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) throw new UsageError(`--${flag} must be a whole number (0 = unlimited), got "${raw}"`);
    return value;
  };
  return { dailyTurns: count('daily-turns'), dailyGrades: count('daily-grades'), maxTurnsPerSession: count('max-turns-per-session') };
}

export function authFrom(values: CommonValues, env: NodeJS.ProcessEnv = process.env): AuthOptions {
  const mode = (values.auth ?? env.LOCAL_AUTH_MODE ?? 'none').trim().toLowerCase();
  if (mode === 'none') return { mode: 'none' };
  if (mode !== 'cognito') throw new UsageError(`--auth must be none or cognito, got "${mode}"`);
  const tokenUse = values['token-use'];
  if (tokenUse !== undefined && tokenUse !== 'id' && tokenUse !== 'access') throw new UsageError('--token-use must be id or access');
  const common = { ...(tokenUse ? { tokenUse: tokenUse as TokenUse } : {}), ...(values['jwks-file'] ? { jwksFile: values['jwks-file'] } : {}) };
  let verifier: LocalJwtVerifierOptions;
  if (values['user-pool-id']) {
    if (!values['client-id']) throw new UsageError('--auth cognito with --user-pool-id also needs --client-id');
    verifier = { userPoolId: values['user-pool-id'], clientId: values['client-id'], ...common };
  } else if (values.issuer) {
    const audience = values.audience ?? values['client-id'];
    if (!audience) throw new UsageError('--auth cognito with --issuer also needs --audience (or --client-id)');
    if (!values['jwks-uri'] && !values['jwks-file']) throw new UsageError('--auth cognito with --issuer also needs --jwks-uri or --jwks-file');
    verifier = { issuer: values.issuer, audience, ...(values['jwks-uri'] ? { jwksUri: values['jwks-uri'] } : {}), ...common };
  } else {
    throw new UsageError('--auth cognito needs either --user-pool-id and --client-id, or --issuer, --audience and --jwks-uri/--jwks-file');
  }
  return { mode: 'cognito', verifier };
}

export const COMMON_HELP = `
  --in-memory               Keep DynamoDB data in memory only (lost on exit)
  --data-dir <path>         DynamoDB data folder (default ${DEFAULT_DATA_DIR}, or LOCAL_DATA_DIR)
  --bedrock                 Use real Amazon Bedrock with your default AWS credentials
                            (or LOCAL_MODEL=bedrock) instead of the local stand-in model
  --auth none|cognito       none (default, legacy): trust the client's userId.
                            cognito: verify a Bearer JWT on every route, like the deployed API
    --user-pool-id <id> --client-id <id>          verify against a Cognito user pool
    --issuer <url> --audience <id> --jwks-uri <url> | --jwks-file <path>
                                                  verify against your own keys
    --token-use id|access   which Cognito token the API accepts (default id)
  --allowed-origins <list>  CORS origins, comma separated (default *, or LOCAL_ALLOWED_ORIGINS)
  --daily-turns <n>         Interviewer turns per user per UTC day (default 0 = unlimited)
  --daily-grades <n>        Grades per user per UTC day (default 0 = unlimited)
  --max-turns-per-session <n>
                            Interviewer turns one session may hold (default 0 = unlimited)
  --template <path>         Root SAM template (default template.yml)
  -h, --help                This help`;
