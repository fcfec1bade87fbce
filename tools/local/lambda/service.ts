/**
 * The local Lambda service: runs a function's handler in worker threads, one worker per
 * concurrent invocation like Lambda's execution environments, each with the function's
 * own environment variables and module state. Warm workers are reused; a worker that
 * times out or crashes is discarded (Lambda resets the environment), so the next call
 * is a cold start again. Like a function's reserved concurrency, the number of
 * environments is capped; requests beyond the cap wait for a free environment instead of
 * starting ever more workers (each holds its own copy of the SDK and the handler).
 */
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { LambdaFunction } from '../templates';
import type { EmfLine } from './emf';
import type { ContextData, FromWorker, LambdaErrorPayload, ToWorker, WorkerInit } from './protocol';

export type { LambdaErrorPayload } from './protocol';

/** metrics: the invocation's EMF lines (emf.ts), which the worker keeps out of the console. */
export type InvokeOutcome =
  | { status: 'ok'; payload: unknown; durationMs: number; metrics?: EmfLine[] }
  | { status: 'error'; error: LambdaErrorPayload; durationMs: number; metrics?: EmfLine[] }
  | { status: 'timeout'; durationMs: number };

export interface FunctionPoolOptions {
  /** Where the handler's console output goes (the terminal by default; `npm run invoke` uses stderr). */
  output?: Writable;
  region: string;
  accountId: string;
  /** Most execution environments at once; further invocations queue. Default: the function's reserved concurrency, else 4. */
  maxEnvironments?: number;
}

const DEFAULT_MAX_ENVIRONMENTS = 4;

/** Lambda's limit for the init phase (module import); it does not count against Timeout. */
const INIT_TIMEOUT_MS = 10_000;

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);

/** The variables the Lambda runtime itself sets, before the template's own. */
export function lambdaRuntimeEnvironment(fn: LambdaFunction, region: string): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: fn.physicalName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.physicalName}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    LAMBDA_TASK_ROOT: fn.codeDir,
    ...(fn.runtime ? { AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}` } : {}),
  };
}

/** One execution environment and the outcome of its init phase. */
interface Environment {
  worker: Worker;
  /** Resolves with undefined when the handler is loaded, or with the init error. */
  ready: Promise<LambdaErrorPayload | undefined>;
}

export class FunctionPool {
  private readonly idle: Environment[] = [];
  private readonly all = new Set<Worker>();
  /** Invocations waiting for an environment, oldest first. */
  private readonly waiting: Array<{ resolve: (environment: Environment) => void; reject: (error: Error) => void }> = [];
  private closed = false;

  constructor(
    readonly fn: LambdaFunction,
    private readonly env: Record<string, string>,
    private readonly options: FunctionPoolOptions,
  ) {}

  private spawn(): Environment {
    const init: WorkerInit = { entryFile: this.fn.entryFile, exportName: this.fn.exportName };
    const worker = new Worker(BOOTSTRAP, { workerData: init, env: this.env, stdout: true, stderr: true });
    worker.stdout.pipe(this.options.output ?? process.stdout, { end: false });
    worker.stderr.pipe(this.options.output ?? process.stderr, { end: false });
    this.all.add(worker);
    const ready = new Promise<LambdaErrorPayload | undefined>((resolve) => {
      const timer = setTimeout(
        () => resolve({ errorType: 'Runtime.InitTimeout', errorMessage: `Init did not finish within ${INIT_TIMEOUT_MS} ms` }),
        INIT_TIMEOUT_MS,
      );
      const settle = (value: LambdaErrorPayload | undefined) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        resolve(value);
      };
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready') settle(undefined);
        else if (message.type === 'initError') settle(message.error);
      };
      const onError = (error: Error) => settle({ errorType: 'Runtime.ImportModuleError', errorMessage: error.message, stack: error.stack?.split('\n') });
      const onExit = (code: number) => settle({ errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with code ${code} during init` });
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    const environment = { worker, ready };
    worker.once('exit', () => {
      this.all.delete(worker);
      const index = this.idle.indexOf(environment);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return environment;
  }

  private get maxEnvironments(): number {
    // Like Lambda, a reserved concurrency caps the function's environments.
    return Math.max(1, this.options.maxEnvironments ?? this.fn.reservedConcurrency ?? DEFAULT_MAX_ENVIRONMENTS);
  }

  /** A warm environment, a new one below the cap, or the next one to come free. */
  private acquire(): Promise<Environment> {
    const warm = this.idle.pop();
    if (warm) return Promise.resolve(warm);
    if (this.all.size < this.maxEnvironments) return Promise.resolve(this.spawn());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Hand a warm environment to the oldest waiting invocation, or keep it idle. */
  private release(environment: Environment): void {
    const next = this.waiting.shift();
    if (next) next.resolve(environment);
    else this.idle.push(environment);
  }

  private discard(environment: Environment): void {
    this.all.delete(environment.worker);
    void environment.worker.terminate();
    // The cap now has room: a waiting invocation gets a fresh environment.
    const next = this.waiting.shift();
    if (next && !this.closed) next.resolve(this.spawn());
  }

  /** Invoke once; resolves (never rejects) with what the Lambda service would report. */
  async invoke(event: unknown, awsRequestId: string = randomUUID()): Promise<InvokeOutcome> {
    if (this.closed) throw new Error(`${this.fn.name}: the local Lambda service is closed`);
    const environment = await this.acquire();
    const initStarted = Date.now();
    const initError = await environment.ready;
    if (initError) {
      this.discard(environment);
      return { status: 'error', error: initError, durationMs: Date.now() - initStarted };
    }
    return this.run(environment, event, awsRequestId);
  }

  private run(environment: Environment, event: unknown, awsRequestId: string): Promise<InvokeOutcome> {
    const { worker } = environment;
    const started = Date.now();
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const context: ContextData = {
      functionName: this.fn.physicalName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${this.fn.physicalName}`,
      memoryLimitInMB: String(this.fn.memoryMb),
      awsRequestId,
      logGroupName: `/aws/lambda/${this.fn.physicalName}`,
      logStreamName: `${new Date(started).toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]local-${worker.threadId}`,
      deadlineMs: started + timeoutMs,
    };

    return new Promise<InvokeOutcome>((resolve) => {
      const finish = (outcome: InvokeOutcome, keepWarm: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (keepWarm) this.release(environment);
        else this.discard(environment);
        resolve(outcome);
      };
      const elapsed = () => Date.now() - started;
      const onMessage = (message: FromWorker) => {
        if (message.type === 'result') {
          finish({ status: 'ok', payload: JSON.parse(message.payload) as unknown, durationMs: elapsed(), metrics: message.metrics }, true);
        } else if (message.type === 'error') {
          finish({ status: 'error', error: message.error, durationMs: elapsed(), ...(message.metrics ? { metrics: message.metrics } : {}) }, !message.fatal);
        }
      };
      // An exception nobody caught ends the execution environment, as on Lambda.
      const onError = (error: Error) =>
        finish({ status: 'error', error: { errorType: 'Runtime.UnhandledError', errorMessage: error.message, stack: error.stack?.split('\n') }, durationMs: elapsed() }, false);
      const onExit = (code: number) =>
        finish({ status: 'error', error: { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with code ${code}` }, durationMs: elapsed() }, false);
      // Timeout: Lambda stops the environment, so a runaway handler cannot write later.
      const timer = setTimeout(() => finish({ status: 'timeout', durationMs: elapsed() }, false), timeoutMs);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      const message: ToWorker = { type: 'invoke', event, context };
      worker.postMessage(message);
    });
  }

  /**
   * Start one environment now, so the first request does not pay the cold start.
   * Resolves when its init is over (callers prewarm one function at a time: on a
   * small machine, parallel inits slow every one of them down).
   */
  async prewarm(): Promise<void> {
    if (this.closed || this.all.size > 0) return;
    const environment = this.spawn();
    this.idle.push(environment);
    await environment.ready;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error(`${this.fn.name}: the local Lambda service is closed`));
    const workers = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
