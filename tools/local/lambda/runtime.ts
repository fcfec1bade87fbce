/**
 * One Lambda execution environment, inside a worker thread: imports the handler module
 * once (the cold start), then runs one invocation per message with a Lambda context,
 * and returns the result serialised as the Lambda service does (JSON).
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { parseEmf, type EmfLine } from './emf';
import type { ContextData, FromWorker, LambdaErrorPayload, ToWorker, WorkerInit } from './protocol';

type Handler = (event: unknown, context: unknown, callback?: (error: unknown, result?: unknown) => void) => unknown;

const port = parentPort;
if (!port) throw new Error('runtime.ts runs inside a worker thread');
const { entryFile, exportName } = workerData as WorkerInit;

/**
 * The invocation's EMF metric lines (Powertools Metrics writes each with one stdout write):
 * taken out of stdout here and sent with the outcome, so the main thread knows whose they
 * are without racing the piped stdout. One invocation at a time per environment.
 */
let emitted: EmfLine[] = [];
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const line = parseEmf(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  if (!line) return (writeStdout as (...args: unknown[]) => boolean)(chunk, ...rest);
  emitted.push(line);
  const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
  callback?.();
  return true;
}) as typeof process.stdout.write;

function toErrorPayload(error: unknown): LambdaErrorPayload {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, stack: error.stack?.split('\n') };
  }
  return { errorType: 'Error', errorMessage: String(error) };
}

function send(message: FromWorker): void {
  port!.postMessage(message);
}

function lambdaContext(data: ContextData) {
  return {
    ...data,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, data.deadlineMs - Date.now()),
    // Legacy callback-era methods, still present on the real context object.
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Runs an async handler, or a callback-style one (three parameters), to a promise. */
function run(handler: Handler, event: unknown, context: unknown): Promise<unknown> {
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    if (returned instanceof Promise) returned.then(resolve, reject);
  });
}

async function loadHandler(): Promise<Handler> {
  try {
    const module = (await import(pathToFileURL(entryFile).href)) as Record<string, unknown>;
    const exported = module[exportName];
    if (typeof exported === 'function') return exported as Handler;
    throw Object.assign(new Error(`${entryFile} does not export a function named ${exportName}`), {
      name: 'Runtime.HandlerNotFound',
    });
  } catch (error) {
    const payload = toErrorPayload(error);
    if (!payload.errorType.startsWith('Runtime.')) payload.errorType = 'Runtime.ImportModuleError';
    throw payload;
  }
}

// The import starts with the worker (the cold start); a failure is reported to each invocation.
const ready = loadHandler();
ready.then(
  () => send({ type: 'ready' }),
  (payload: LambdaErrorPayload) => send({ type: 'initError', error: payload }),
);

port.on('message', async (message: ToWorker) => {
  let handler: Handler;
  try {
    handler = await ready;
  } catch (payload) {
    send({ type: 'error', error: payload as LambdaErrorPayload, fatal: true });
    return;
  }
  emitted = [];
  try {
    const result = await run(handler, message.event, lambdaContext(message.context));
    send({ type: 'result', payload: JSON.stringify(result) ?? 'null', metrics: emitted });
  } catch (error) {
    send({ type: 'error', error: toErrorPayload(error), fatal: false, metrics: emitted });
  }
});
