/**
 * `npm run invoke -- <functionName> [events/<file>.json]`: the local `sam local invoke -e`.
 * Runs the handler once with the event file (default events/<functionName>.json) against
 * the same embedded DynamoDB data and the local model, prints the result on stdout
 * (the handler's logs go to stderr), and exits 0, or 1 if the function failed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMON_HELP, UsageError, budgetsFrom, dataDirFrom, modelFrom, originsFrom, parse } from './cli';
import { loadLocalApp, localRegion, startBackends } from './localMode';
import type { LambdaFunction, LocalApp } from './templates';

const EXIT_USAGE = 64;

const HELP = `Usage: npm run invoke -- <functionName> [eventFile] [options]

Invokes one function once, like \`sam local invoke -e\`. The event defaults to
events/<functionName>.json. If \`npm start\` is running on the same data folder, its
DynamoDB is used.
${COMMON_HELP.replace(/\n {2}--auth[\s\S]*?(?=\n {2}--allowed-origins)/, '\n  --auth none|cognito       AUTH_MODE handed to the function (default none); the event carries any claims')}`;

function findFunction(app: LocalApp, name: string): LambdaFunction {
  const wanted = name.toLowerCase();
  const fn = app.functions.find((candidate) =>
    [candidate.name, candidate.logicalId, candidate.physicalName].some((id) => id.toLowerCase() === wanted),
  );
  if (!fn) throw new UsageError(`No function "${name}". Known: ${app.functions.map((candidate) => candidate.name).join(', ')}`);
  return fn;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {});
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [name, eventArg, ...rest] = positionals;
  if (!name || rest.length) throw new UsageError('Give a function name and at most one event file');
  const authMode = (values.auth ?? process.env.LOCAL_AUTH_MODE ?? 'none') === 'cognito' ? 'cognito' : 'none';
  const model = modelFrom(values);
  const region = localRegion(model);
  const allowedOrigins = originsFrom(values);
  const app = loadLocalApp({ rootTemplate: values.template, region, authMode, allowedOrigins, budgets: budgetsFrom(values) });
  const fn = findFunction(app, name);

  const eventFile = path.resolve(eventArg ?? path.join('events', `${fn.name}.json`));
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventFile, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the event ${eventFile}: ${(error as Error).message}`);
  }

  const backends = await startBackends({
    app,
    dataDir: dataDirFrom(values),
    model,
    region,
    authMode,
    allowedOrigins,
    functionOutput: process.stderr,
    shareRunningDynamo: true,
  });
  try {
    const where = backends.dynamo.dataDir ? (backends.dynamo.shared ? `the running local server's DynamoDB (${backends.dynamo.endpoint})` : backends.dynamo.dataDir) : 'in-memory DynamoDB';
    console.error(`Invoking ${fn.name} (${fn.logicalId}) with ${path.relative(process.cwd(), eventFile)}; data: ${where}; model: ${model === 'local' ? 'local stand-in, not Claude' : 'Amazon Bedrock'}`);
    const outcome = await backends.invoke(fn, event);
    if (outcome.status === 'ok') {
      console.error(`Done in ${outcome.durationMs} ms.`);
      console.log(JSON.stringify(outcome.payload, null, 2));
      const hint = emptyTableHint(fn.name, eventArg, outcome.payload);
      if (hint) console.error(hint);
      return 0;
    }
    if (outcome.status === 'timeout') {
      console.error(`Task timed out after ${fn.timeoutSeconds} seconds.`);
      return 1;
    }
    console.log(JSON.stringify(outcome.error, null, 2));
    return 1;
  } finally {
    await backends.close();
  }
}

/**
 * The sample events play ONE session in order (docs/deploy-sam.md, "Sample events"): a
 * reader's default event finds nothing until the interview events have run against the same
 * data. Say so instead of leaving a newcomer with a bare 404 or an empty list.
 */
function emptyTableHint(functionName: string, eventArg: string | undefined, payload: unknown): string | undefined {
  if (eventArg !== undefined || !['fetchSession', 'generateFeedbackFunction', 'listSessions', 'aggregateSkillsFunction'].includes(functionName)) return undefined;
  const { statusCode, body } = (payload ?? {}) as { statusCode?: number; body?: string };
  const empty = statusCode === 404 || body === '[]' || (typeof body === 'string' && body.startsWith('{"sessionsAnalyzed":0'));
  if (!empty) return undefined;
  return [
    `Hint: the sample events play one session in order, and this one needs the earlier ones' data:`,
    '  npm run invoke -- generateInterviewQuestion',
    '  npm run invoke -- generateInterviewQuestion events/generateInterviewQuestion.nextTurn.json',
    '  npm run invoke -- generateFeedbackFunction',
    `  npm run invoke -- ${functionName}`,
    '(against the same data folder: not with --in-memory).',
  ].join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${HELP}`);
      process.exit(EXIT_USAGE);
    }
    console.error(error);
    process.exit(1);
  },
);
