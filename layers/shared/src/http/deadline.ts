import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Deadline } from '../deadline';
import { GatewayTimeoutError } from '../errors';
import type { HttpEvent, HttpResult } from './event';

/**
 * Milliseconds kept back from the Lambda timeout for the DynamoDB write and the response;
 * a model answer arriving later than this is discarded, never written.
 */
export const WRITE_MARGIN_MS = 1500;

/** Kept back at the very end so that Middy's own 504 goes out before Lambda stops the invocation. */
const LAST_ANSWER_MS = 250;

/**
 * Middy's options for every route. WRITE_MARGIN_MS before the Lambda timeout Middy aborts the
 * handler's `signal`: the model call stops, and the use case discards a late answer (504,
 * nothing written). A write already under way may still finish within the margin, so Middy
 * does not answer at once; only a handler that is still running LAST_ANSWER_MS before the
 * timeout gets Middy's 504, JSON with CORS headers rather than Lambda's bare timeout.
 */
export const abortBeforeTimeout = {
  timeoutEarlyInMillis: WRITE_MARGIN_MS,
  timeoutEarlyResponse: (): Promise<never> =>
    new Promise((_resolve, reject) => {
      setTimeout(
        () => reject(new GatewayTimeoutError('The request did not finish in time. Please try again.', 'TIMEOUT')),
        WRITE_MARGIN_MS - LAST_ANSWER_MS,
      );
    }),
};

/** What `deadline` adds to the handler's context. */
export type WithDeadline = Context & { deadline: Deadline };

/**
 * The moment Middy's `signal` fires (see abortBeforeTimeout) as an absolute time → `context.deadline`:
 * the model client sizes each attempt to it, and the use case writes nothing after it.
 */
export function deadline(): MiddlewareObj<HttpEvent, HttpResult, Error, WithDeadline> {
  return {
    before: (request) => {
      request.context.deadline = { atMs: Date.now() + request.context.getRemainingTimeInMillis() - WRITE_MARGIN_MS };
    },
  };
}
