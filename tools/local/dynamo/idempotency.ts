/**
 * ClientRequestToken for TransactWriteItems, as DynamoDB documents it: within 10 minutes of
 * the first request with a token completing, a request with the same token and the same
 * parameters returns that success again without applying anything; a different request
 * with the token is IdempotentParameterMismatchException; one still running is
 * TransactionInProgressException. A request that did not succeed is simply run again.
 */
import { idempotentParameterMismatch, transactionInProgress, type ProtocolReply } from './errors';

export const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;

interface TokenRecord {
  fingerprint: string;
  completedAt: number;
  /** The success answer, replayed to an identical retry; undefined when the request failed. */
  success: ProtocolReply | undefined;
}

export class IdempotencyTokens {
  private readonly completed = new Map<string, TokenRecord>();
  private readonly running = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Before running a request: its earlier success to replay, or undefined to run it.
   * Throws the mismatch / in-progress errors. Call `finish` after running it.
   */
  begin(token: string, fingerprint: string): ProtocolReply | undefined {
    this.forgetExpired();
    const running = this.running.get(token);
    if (running !== undefined) {
      if (running !== fingerprint) throw idempotentParameterMismatch();
      throw transactionInProgress();
    }
    const previous = this.completed.get(token);
    if (previous && previous.fingerprint !== fingerprint) throw idempotentParameterMismatch();
    if (previous?.success) return previous.success;
    this.running.set(token, fingerprint);
    return undefined;
  }

  finish(token: string, fingerprint: string, success: ProtocolReply | undefined): void {
    this.running.delete(token);
    // Re-inserted so the map stays in completion order and expiry can stop at the first live one.
    this.completed.delete(token);
    this.completed.set(token, { fingerprint, completedAt: this.now(), success });
  }

  /** Forgets a request that never ran (for example a simulated crash). */
  abandon(token: string): void {
    this.running.delete(token);
  }

  private forgetExpired(): void {
    const oldest = this.now() - IDEMPOTENCY_WINDOW_MS;
    for (const [token, record] of this.completed) {
      if (record.completedAt >= oldest) return;
      this.completed.delete(token);
    }
  }
}

/** The request's parameters as one string, independent of key order, without the token. */
export function requestFingerprint(request: { [key: string]: unknown }): string {
  const { ClientRequestToken: _token, ...parameters } = request;
  return canonicalJson(parameters);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as { [key: string]: unknown })
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
