import type { SessionItem } from '../domain';
import { getItems, listUserItems } from '../db/sessionsTable';
import { buildState, contributionOf, latestGraded, type SkillsState } from './state';

/**
 * The full recomputation of a user's aggregate from the stored sessions: the source of
 * truth. Used by the repair command, and to build the aggregate once for a user who has
 * none yet (tables migrated from the original backend): by GET /skills's first read or
 * by the user's first grade. O(number of the user's items): never again once it exists.
 */
export type GradedItem = SessionItem & { gradeId?: string };

export async function recomputeState(userId: string, options: { except?: string } = {}): Promise<SkillsState> {
  // The index projects feedbackTimestamp, so only graded items are fetched in full.
  const graded = (await listUserItems(userId)).filter(
    (entry) => typeof entry.feedbackTimestamp === 'number' && entry.sessionId !== options.except,
  );
  const items = (await getItems(graded.map(({ sessionId, ts }) => ({ sessionId, ts: Number(ts) })))) as GradedItem[];
  return stateFromItems(items.filter((item) => item.userId === userId));
}

/** Group items by session, take each session's latest grade, build the state. */
export function stateFromItems(items: readonly GradedItem[]): SkillsState {
  const bySession = new Map<string, GradedItem[]>();
  for (const item of items) {
    const list = bySession.get(item.sessionId) ?? [];
    list.push({ ...item, ts: Number(item.ts) });
    bySession.set(item.sessionId, list);
  }
  const latest = [...bySession.values()].map((list) => latestGraded(list)).filter((item) => item !== undefined);
  return buildState(latest.map((item) => contributionOf(item)));
}
