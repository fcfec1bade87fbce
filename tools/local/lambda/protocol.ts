/** Messages between the local Lambda service (main thread) and one execution environment (worker). */
import type { EmfLine } from './emf';

/** The serialisable part of the Lambda context; the worker adds the functions. */
export interface ContextData {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  /** Epoch ms at which Lambda would stop the invocation. */
  deadlineMs: number;
}

export interface WorkerInit {
  entryFile: string;
  exportName: string;
}

export type ToWorker = { type: 'invoke'; event: unknown; context: ContextData };

export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

export type FromWorker =
  /** Init finished (the handler module is imported): the cold start is over. */
  | { type: 'ready' }
  | { type: 'initError'; error: LambdaErrorPayload }
  /** The handler's result, serialised as Lambda serialises it (JSON); metrics: its EMF lines (emf.ts). */
  | { type: 'result'; payload: string; metrics: EmfLine[] }
  | { type: 'error'; error: LambdaErrorPayload; /** Init failures end the environment. */ fatal: boolean; metrics?: EmfLine[] };
