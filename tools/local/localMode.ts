/**
 * Local mode, assembled: the SAM templates read once, an embedded DynamoDB, the local
 * model (or real Bedrock), the local Lambda service and the HTTP API in front of it.
 * `npm start`, `npm run invoke` and the integration tests all start it through here.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { type Authorizer, createApiServer } from './apiGateway/server';
import { corsPolicy } from './apiGateway/cors';
import { createLocalJwtVerifier, type LocalJwtVerifierOptions } from './auth/jwtVerifier';
import { LOCAL_MODEL_ID, localModelResponder } from './bedrock/localModel';
import { PromptCacheSimulator } from './bedrock/promptCache';
import { startBedrockStub, type BedrockStub } from './bedrock/server';
import { DataDirInUseError, type DataDirOwner, type EmbeddedDynamo, LOCAL_CREDENTIALS, startEmbeddedDynamo } from './dynamo';
import { FunctionPool, type InvokeOutcome, lambdaRuntimeEnvironment } from './lambda/service';
import { type LambdaFunction, type LocalApp, loadApp } from './templates';

export type AuthOptions = { mode: 'none' } | { mode: 'cognito'; verifier: LocalJwtVerifierOptions };

/**
 * The per-user budgets of model work (0 = unlimited), handed to the root template as its
 * DailyTurnsPerUser, DailyGradesPerUser and MaxTurnsPerSession parameters, which reach the
 * functions' environment as a deploy's would. Unlimited unless asked: the templates'
 * defaults are for deployed stacks, not for the published frontend played locally.
 */
export interface Budgets {
  dailyTurns: number;
  dailyGrades: number;
  maxTurnsPerSession: number;
}

export const UNLIMITED: Budgets = { dailyTurns: 0, dailyGrades: 0, maxTurnsPerSession: 0 };

export interface LocalModeOptions {
  /** API port on 127.0.0.1; 0 picks a free one. Default 3000. */
  port?: number;
  /** DynamoDB data folder; null keeps the data in memory. */
  dataDir: string | null;
  rootTemplate?: string;
  /** Default: legacy `none`, so the published frontend (which sends no token) works. */
  auth?: AuthOptions;
  /** `local` (default): the stand-in model. `bedrock`: real Amazon Bedrock, default credential chain. */
  model?: 'local' | 'bedrock';
  /** CORS origins; default any. Also handed to the handlers as ALLOWED_ORIGINS. */
  allowedOrigins?: string[];
  /** Default: unlimited. */
  budgets?: Budgets;
  maxBodyBytes?: number;
  /** Start one execution environment per function at once (the CLI does; tests need not). */
  prewarm?: boolean;
  /** Use this application instead of reading the templates (tests with fixture handlers). */
  app?: LocalApp;
  /** Request log lines; silent by default. */
  log?: (line: string) => void;
  /** Also log every EMF metric line of the functions, compactly (`npm start -- --metrics`). */
  showMetrics?: boolean;
  /** Where the handlers' console output goes. */
  functionOutput?: Writable;
}

export interface LocalMode {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  app: LocalApp;
  dynamo: Backends['dynamo'];
  /** The stand-in model's endpoint; undefined with real Bedrock. */
  bedrock: BedrockStub | undefined;
  authMode: 'none' | 'cognito';
  authDescription: string;
  region: string;
  /** Invoke a function directly, as `sam local invoke` does. */
  invoke(fn: LambdaFunction, event: unknown): Promise<InvokeOutcome>;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} on 127.0.0.1 is already in use. Stop the other process or choose another port: npm start -- --port <n> (or PORT=<n> npm start).`);
    this.name = 'PortInUseError';
  }
}

const ACCOUNT_ID = '123456789012';
const LOCAL_API_ID = 'local';
/** How long shutdown waits for in-flight requests before cutting connections. */
const SHUTDOWN_GRACE_MS = 5_000;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** The environment one function's execution environments start with. */
function functionEnvironment(
  fn: LambdaFunction,
  settings: { region: string; dynamoEndpoint: string; bedrockUrl: string | undefined; authMode: string; allowedOrigins: string[] },
): Record<string, string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const env: Record<string, string> = {
    ...inherited,
    ...lambdaRuntimeEnvironment(fn, settings.region),
    ...fn.environment,
    AUTH_MODE: settings.authMode,
    ALLOWED_ORIGINS: settings.allowedOrigins.join(','),
    AWS_ENDPOINT_URL_DYNAMODB: settings.dynamoEndpoint,
  };
  // NODE_OPTIONS from the template is for the Lambda runtime; workers cannot take it.
  delete env.NODE_OPTIONS;
  if (settings.bedrockUrl) {
    // Local model: nothing may reach AWS, so static fake credentials replace any profile.
    env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = settings.bedrockUrl;
    env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
    if (env.MODEL_ID !== undefined) env.MODEL_ID = LOCAL_MODEL_ID;
    // The stand-in's id names no model family: ask for the deployed default's form (Converse
    // structured output) through the setting a deployment would use, not a product-code branch.
    if (env.STRUCTURED_OUTPUT !== undefined) env.STRUCTURED_OUTPUT = 'json_schema';
    // Likewise the deployed default's cachePoints, which the stand-in's cache simulation
    // answers with Bedrock's cache rules (bedrock/promptCache.ts).
    if (env.PROMPT_CACHING !== undefined && env.PROMPT_CACHING !== 'false') env.PROMPT_CACHING = 'always';
  } else {
    // Real Bedrock: the deployed path, with the developer's default credential chain. The
    // template declares the endpoint empty; the shell's own values (the SDK's standard
    // endpoint variable, another MODEL_ID) win, as they would for any AWS tool.
    const shell = process.env;
    if (shell.AWS_ENDPOINT_URL_BEDROCK_RUNTIME) env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = shell.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
    else delete env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
    if (shell.MODEL_ID && env.MODEL_ID !== undefined) env.MODEL_ID = shell.MODEL_ID;
  }
  return env;
}

export interface BackendOptions {
  app: LocalApp;
  dataDir: string | null;
  model: 'local' | 'bedrock';
  region: string;
  authMode: 'none' | 'cognito';
  allowedOrigins: string[];
  prewarm?: boolean;
  functionOutput?: Writable;
  /** When another process (a running `npm start`) holds the data folder, use its DynamoDB. */
  shareRunningDynamo?: boolean;
}

/** Everything behind the API: DynamoDB, the model, and one Lambda pool per function. */
export interface Backends {
  dynamo: { endpoint: string; tableName: string; dataDir: string | null; shared: boolean; created: boolean };
  bedrock: BedrockStub | undefined;
  invoke(fn: LambdaFunction, event: unknown, requestId?: string): Promise<InvokeOutcome>;
  close(): Promise<void>;
}

export async function startBackends(options: BackendOptions): Promise<Backends> {
  const { app } = options;
  let dynamo: EmbeddedDynamo | undefined;
  let shared: DataDirOwner | undefined;
  let bedrock: BedrockStub | undefined;
  const pools = new Map<LambdaFunction, FunctionPool>();
  try {
    try {
      dynamo = await startEmbeddedDynamo({ dataDir: options.dataDir, table: app.table });
    } catch (error) {
      if (!(error instanceof DataDirInUseError) || !options.shareRunningDynamo) throw error;
      shared = error.owner;
    }
    // The stand-in reports prompt-cache usage as Bedrock would (a simulation: bedrock/promptCache.ts).
    if (options.model === 'local') bedrock = await startBedrockStub({ responder: localModelResponder, host: '127.0.0.1', promptCache: new PromptCacheSimulator() });
    const dynamoEndpoint = dynamo?.endpoint ?? shared!.endpoint;
    for (const fn of app.functions) {
      const env = functionEnvironment(fn, {
        region: options.region,
        dynamoEndpoint,
        bedrockUrl: bedrock?.url,
        authMode: options.authMode,
        allowedOrigins: options.allowedOrigins,
      });
      const pool = new FunctionPool(fn, env, { region: options.region, accountId: ACCOUNT_ID, output: options.functionOutput });
      pools.set(fn, pool);
    }
    if (options.prewarm) {
      // In route order, one at a time: the first route the frontend calls is warm soonest.
      const order = [...new Set([...app.routes.map((route) => route.fn), ...app.functions])];
      void (async () => {
        for (const fn of order) await pools.get(fn)?.prewarm();
      })();
    }
  } catch (error) {
    await bedrock?.close();
    await dynamo?.close();
    throw error;
  }

  return {
    dynamo: {
      endpoint: dynamo?.endpoint ?? shared!.endpoint,
      tableName: app.table?.tableName ?? '',
      dataDir: options.dataDir,
      shared: Boolean(shared),
      created: dynamo?.created ?? false,
    },
    bedrock,
    async invoke(fn, event, requestId) {
      const pool = pools.get(fn);
      if (!pool) throw new Error(`Function ${fn.name} is not part of this local app`);
      return pool.invoke(event, requestId);
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      await bedrock?.close();
      await dynamo?.close();
    },
  };
}

/** The templates' own parameters choose the auth mode, origins and budgets, as a deploy would. */
export function loadLocalApp(options: { rootTemplate?: string; region: string; authMode: string; allowedOrigins: string[]; budgets?: Budgets }): LocalApp {
  const budgets = options.budgets ?? UNLIMITED;
  return loadApp({
    rootTemplate: options.rootTemplate,
    region: options.region,
    parameterOverrides: {
      AuthMode: options.authMode,
      AllowedOrigins: options.allowedOrigins.join(','),
      DailyTurnsPerUser: String(budgets.dailyTurns),
      DailyGradesPerUser: String(budgets.dailyGrades),
      MaxTurnsPerSession: String(budgets.maxTurnsPerSession),
    },
  });
}

/** Real Bedrock uses the developer's Region; the stand-in needs none but the SDK wants one. */
export function localRegion(model: 'local' | 'bedrock'): string {
  return model === 'bedrock' ? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' : 'us-east-1';
}

export async function startLocalMode(options: LocalModeOptions): Promise<LocalMode> {
  const authMode = options.auth?.mode ?? 'none';
  const allowedOrigins = options.allowedOrigins?.length ? options.allowedOrigins : ['*'];
  const model = options.model ?? 'local';
  const region = localRegion(model);
  const log = options.log ?? (() => undefined);
  const app = options.app ?? loadLocalApp({ rootTemplate: options.rootTemplate, region, authMode, allowedOrigins, budgets: options.budgets });
  if (app.routes.length === 0) {
    throw new Error(`No routes found in ${app.rootTemplate}${app.warnings.length ? `:\n  ${app.warnings.join('\n  ')}` : ''}`);
  }

  let authorizer: Authorizer | undefined;
  let authDescription = 'none (legacy): the client-sent userId is trusted, no token is checked';
  if (options.auth?.mode === 'cognito') {
    const verifier = createLocalJwtVerifier(options.auth.verifier);
    // Fetch the keys now: a wrong pool id or JWKS URL fails at start, not at the first request.
    await verifier.hydrate();
    authorizer = verifier;
    authDescription = `cognito: every route needs a valid Bearer token (${verifier.description})`;
  }

  let backends: Backends | undefined;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const invoke = async (fn: LambdaFunction, event: unknown, requestId?: string): Promise<InvokeOutcome> => {
    await ready;
    return backends!.invoke(fn, event, requestId);
  };

  // The port first: if it is taken, fail before opening the data folder.
  const server = createApiServer({
    routes: app.routes,
    cors: corsPolicy(app.cors, allowedOrigins, app.routes.map((route) => route.method)),
    invoke,
    authorizer,
    maxBodyBytes: options.maxBodyBytes,
    accountId: ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    log,
    showMetrics: options.showMetrics,
  });
  const port = await listen(server, options.port ?? 3000);
  try {
    backends = await startBackends({
      app,
      dataDir: options.dataDir,
      model,
      region,
      authMode,
      allowedOrigins,
      prewarm: options.prewarm,
      functionOutput: options.functionOutput,
    });
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  resolveReady();

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    dynamo: backends.dynamo,
    bedrock: backends.bedrock,
    authMode,
    authDescription,
    region,
    invoke: (fn, event) => invoke(fn, event),
    close: () =>
      (closing ??= (async () => {
        // In-flight requests finish (and write) before the store closes.
        await closeServer(server);
        await backends!.close();
      })()),
  };
}
