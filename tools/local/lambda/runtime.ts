/**
 * One Lambda execution environment, inside a worker thread: imports the handler module
 * once (the cold start), then runs one invocation per message with a Lambda context,
 * and returns the result serialised as the Lambda service does (JSON).
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { ContextData, FromWorker, LambdaErrorPayload, ToWorker, WorkerInit } from './protocol';

type Handler = (event: unknown, context: unknown, callback?: (error: unknown, result?: unknown) => void) => unknown;

const port = parentPort;
if (!port) throw new Error('runtime.ts runs inside a worker thread');
const { entryFile, exportName } = workerData as WorkerInit;

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
  try {
    const result = await run(handler, message.event, lambdaContext(message.context));
    send({ type: 'result', payload: JSON.stringify(result) ?? 'null' });
  } catch (error) {
    send({ type: 'error', error: toErrorPayload(error), fatal: false });
  }
});
