import { GatewayTimeoutError } from './errors';
import { logger } from './logger';

/** Stops a write when the caller has already been told the call failed. */
export interface Deadline {
  /** Absolute epoch ms after which nothing may be written. */
  atMs: number;
}

/** A model answer that arrives after the deadline is discarded, never written. */
export function assertBeforeDeadline(deadline: Deadline | undefined, what: string): void {
  if (deadline && Date.now() > deadline.atMs) {
    logger.warn('late model answer discarded', { what });
    throw new GatewayTimeoutError('The model did not answer in time; nothing was saved. Please try again.');
  }
}
