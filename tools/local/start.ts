/**
 * `npm start`: the whole API on http://127.0.0.1:3000 with an embedded DynamoDB and the
 * local stand-in model; no AWS account, no Docker. See docs/local-mode.md.
 */
import path from 'node:path';
import { DataDirInUseError } from './dynamo';
import { COMMON_HELP, UsageError, authFrom, budgetsFrom, dataDirFrom, modelFrom, originsFrom, parse } from './cli';
import { type LocalMode, PortInUseError, startLocalMode } from './localMode';

/** Exit code when the port or the data folder is taken: a usage problem the user can fix. */
const EXIT_IN_USE = 2;
const EXIT_USAGE = 64;

const HELP = `Usage: npm start -- [options]

Serves every route of the SAM templates on http://127.0.0.1:<port>.

  --port <n>                Port (default 3000, or PORT); 0 picks a free port
  --metrics                 Print each CloudWatch EMF metric line of the functions, compactly${COMMON_HELP}`;

function portFrom(raw: string | undefined): number {
  const value = raw ?? process.env.PORT ?? '3000';
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got "${value}"`);
  return port;
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** The budgets the functions got (0 or unset = unlimited), as the flags set them. */
function budgetLine(app: LocalMode['app']): string {
  const env: Record<string, string> = Object.assign({}, ...app.functions.map((fn) => fn.environment));
  const show = (name: string, what: string) => `${Number(env[name]) > 0 ? env[name] : 'unlimited'} ${what}`;
  return [show('DAILY_TURNS_PER_USER', 'turns/user/day'), show('DAILY_GRADES_PER_USER', 'grades/user/day'), show('MAX_TURNS_PER_SESSION', 'turns/session')].join(', ') +
    ' (--daily-turns, --daily-grades, --max-turns-per-session)';
}

export function banner(local: LocalMode, model: 'local' | 'bedrock', origins: string[]): string {
  const { url, app } = local;
  const width = Math.max(...app.routes.map((route) => route.method.length));
  const urlWidth = Math.max(...app.routes.map((route) => url.length + route.path.length));
  const modelIds = [...new Set(app.functions.map((fn) => fn.environment.MODEL_ID).filter(Boolean))];
  const lines = [
    '',
    `IntelliView local mode: ${url}`,
    '',
    `Routes (from ${relative(app.rootTemplate)} and the templates it nests):`,
    ...app.routes.map((route) => `  ${route.method.padEnd(width)}  ${`${url}${route.path}`.padEnd(urlWidth)}  → ${route.fn.name} (timeout ${route.fn.timeoutSeconds} s)`),
    '',
    local.dynamo.dataDir
      ? `Data:   ${relative(local.dynamo.dataDir)} (DynamoDB table ${local.dynamo.tableName}, kept between runs${local.dynamo.created ? '; created now' : ''})`
      : `Data:   in memory (--in-memory): everything is lost when this stops (table ${local.dynamo.tableName})`,
    model === 'local'
      ? `Model:  LOCAL STAND-IN, NOT CLAUDE. A deterministic interviewer and grader for development,\n        served at ${local.bedrock?.url}. Use --bedrock for real Amazon Bedrock.\n        Its token counts and prompt-cache reads are a SIMULATION (Bedrock's caching rules, ≈4 chars/token).`
      : `Model:  Amazon Bedrock (real), ${modelIds.join(', ')} in ${local.region}, default AWS credential chain. Calls are billed.`,
    local.authMode === 'none'
      ? [
          'Auth:   ************************************************************************',
          '        *  NONE (legacy mode): the userId the client sends is trusted, no token  *',
          '        *  is checked. Fine for local development, never for a deployed stack.   *',
          '        *  Use --auth cognito to verify JWTs like the deployed API.              *',
          '        ************************************************************************',
        ].join('\n')
      : `Auth:   ${local.authDescription}`,
    `CORS:   ${origins.includes('*') ? 'any origin' : origins.join(', ')}`,
    `Budget: ${budgetLine(app)}`,
    `API:    ${url}/docs (interactive), ${url}/openapi.json (OpenAPI 3.1, docs/openapi.yaml)`,
    '',
    'Frontend (.env.local of the Next.js app):',
    `  NEXT_PUBLIC_LAMBDA_ENDPOINT=${url}`,
    `  NEXT_PUBLIC_LAMBDA_INTERVIEW_ENDPOINT=${url}/interview`,
    `  NEXT_PUBLIC_LIST_SESSIONS_ENDPOINT=${url}/sessions`,
    ...(app.warnings.length ? ['', 'Template warnings:', ...app.warnings.map((warning) => `  - ${warning}`)] : []),
    '',
    'Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parse(argv, { port: { type: 'string' }, metrics: { type: 'boolean' } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const model = modelFrom(values);
  const origins = originsFrom(values);
  const local = await startLocalMode({
    port: portFrom(values.port as string | undefined),
    dataDir: dataDirFrom(values),
    rootTemplate: values.template,
    auth: authFrom(values),
    model,
    allowedOrigins: origins,
    budgets: budgetsFrom(values),
    prewarm: true,
    log: (line) => console.log(line),
    showMetrics: values.metrics === true,
  });
  console.log(banner(local, model, origins));

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`\n${signal} again: exiting without waiting.`);
        process.exit(130);
      }
      stopping = true;
      console.log(`\n${signal}: finishing requests in flight, then closing DynamoDB…`);
      local.close().then(resolve, (error: unknown) => {
        console.error('Shutdown failed:', error);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('Stopped.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof PortInUseError || error instanceof DataDirInUseError) {
      console.error(`\n${error.message}\n`);
      process.exit(EXIT_IN_USE);
    }
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${HELP}`);
      process.exit(EXIT_USAGE);
    }
    console.error(error);
    process.exit(1);
  },
);
