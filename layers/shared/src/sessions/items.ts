import type { Caller, SessionItem } from '../domain';
import { NotFoundError } from '../errors';

/** Another user's session answers exactly like a missing one, so ids cannot be probed. */
export function assertOwnedBy(items: readonly SessionItem[], caller: Caller): void {
  if (items.length === 0) throw new NotFoundError('Session not found');
  if (caller.userId !== undefined && items.some((item) => item.userId !== caller.userId)) {
    throw new NotFoundError('Session not found');
  }
}

/**
 * The session's current transcript: the item with the most messages (the frontend may
 * store one session under two ts values), the newest one on a tie.
 */
export function longestTranscript<T extends SessionItem>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    const length = item.messages?.length ?? 0;
    if (!best || length > (best.messages?.length ?? 0) || (length === (best.messages?.length ?? 0) && item.ts > best.ts)) best = item;
  }
  return best;
}
