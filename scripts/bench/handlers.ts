/**
 * The built bundles, loaded IN this process for the warm and /skills sections: the
 * function bundles exactly as shipped (each with its own copy of the layer beside it, so
 * each has its own module state and clients, like its own container) and the floors.
 * The environment is set first: the layer reads its configuration once.
 */
import { pathToFileURL } from 'node:url';
import type { Built } from './build';
import { FUNCTIONS, type FunctionName } from './common';
import type { Context } from 'aws-lambda';
import { lambdaContext } from '../../test/support/events';
import type { Event } from './events';
import { awsEnv, type Infra } from './infra';

export type Result = { statusCode?: number; headers?: Record<string, string>; body?: string };
export type Handler = (event: Event, context: Context) => Promise<Result>;

export interface Loaded {
  handler: Map<FunctionName, Handler>;
  floor: Map<FunctionName, Handler>;
  invoke(name: FunctionName, event: Event, floor?: boolean): Promise<Result>;
}

/** Logs the handlers write to stdout (Powertools, as on Lambda) are produced, then dropped. */
export async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

export async function loadHandlers(built: Built, infra: Infra): Promise<Loaded> {
  // The union of the five templates' variables (they agree except for per-function model
  // limits, which do not matter against the stub), pointed at the bench's endpoints.
  for (const fn of built.functions.values()) Object.assign(process.env, fn.environment);
  Object.assign(process.env, awsEnv(infra));
  delete process.env.NODE_OPTIONS;
  const handler = new Map<FunctionName, Handler>();
  const floor = new Map<FunctionName, Handler>();
  for (const { name } of FUNCTIONS) {
    const fn = built.functions.get(name)!;
    handler.set(name, ((await import(pathToFileURL(fn.handler).href)) as { handler: Handler }).handler);
    floor.set(name, ((await import(pathToFileURL(fn.floor).href)) as { handler: Handler }).handler);
  }
  return {
    handler,
    floor,
    async invoke(name, event, useFloor = false) {
      const fn = built.functions.get(name)!;
      return quietly(() => (useFloor ? floor : handler).get(name)!(event, lambdaContext(29_000, name, fn.memoryMb)));
    },
  };
}
