/**
 * Test hooks of the transactions front (a dev tool: local mode and tests only).
 *
 * A front that serialises every transaction never produces the failures real DynamoDB
 * produces under contention, so tests inject them, through `startEmbeddedDynamo(...).faults`:
 *
 * - `failNextTransactions(count, failure)`: the next `count` TransactWriteItems requests
 *   fail without applying anything (they are not recorded against their
 *   ClientRequestToken, so a retry runs for real):
 *   - 'TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded':
 *     TransactionCanceledException (HTTP 400) with that code and DynamoDB's message as
 *     the FIRST item's CancellationReason and `None` for the others;
 *   - 'InternalServerError': HTTP 500 InternalServerError, as a crash mid-request looks
 *     to the client (the SDK's standard retry strategy retries it, with the same token).
 *   Calls add up: `failNextTransactions(1, 'TransactionConflict')` then
 *   `failNextTransactions(1, 'ThrottlingError')` fails the next two, in that order.
 * - `beforeNextTransaction(hook)`: runs `hook` once, just before the next
 *   TransactWriteItems takes the lock and reads its items, and waits for it. The hook may
 *   write through the endpoint (for example bump an aggregate's version), which makes that
 *   transaction lose the race with the hook's write exactly as it would on DynamoDB.
 *   Several hooks run before successive transactions, one each. If a hook throws, that
 *   transaction answers HTTP 500 InternalServerError with the hook's message.
 * - `reset()`: forgets pending failures and hooks.
 *
 * TransactGetItems and every other operation are never affected.
 */
export type InjectedTransactionFailure = 'TransactionConflict' | 'ThrottlingError' | 'ProvisionedThroughputExceeded' | 'InternalServerError';

export interface TransactionFaults {
  failNextTransactions(count: number, failure: InjectedTransactionFailure): void;
  beforeNextTransaction(hook: () => Promise<unknown>): void;
  reset(): void;
}

/** The front's side of the hooks: what the next TransactWriteItems must suffer. */
export class TransactionFaultQueue implements TransactionFaults {
  private failures: InjectedTransactionFailure[] = [];
  private hooks: Array<() => Promise<unknown>> = [];

  failNextTransactions(count: number, failure: InjectedTransactionFailure): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    for (let i = 0; i < count; i += 1) this.failures.push(failure);
  }

  beforeNextTransaction(hook: () => Promise<unknown>): void {
    this.hooks.push(hook);
  }

  reset(): void {
    this.failures = [];
    this.hooks = [];
  }

  /** The hook the next transaction runs first, if any (taken: it runs once). */
  takeHook(): (() => Promise<unknown>) | undefined {
    return this.hooks.shift();
  }

  /** The failure the next transaction answers with, if any (taken: it fails once). */
  takeFailure(): InjectedTransactionFailure | undefined {
    return this.failures.shift();
  }
}
