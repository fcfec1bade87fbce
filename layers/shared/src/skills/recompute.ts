import type { SessionItem } from '../domain';
import { getItems, listUserItems } from '../sessions/repository';
import { buildState, contributionOf, latestGraded, type SkillsState } from './state';

/**
 * The full recomputation of a user's aggregate from the stored sessions: the source of
 * truth. Used by the repair command, by GET /skills for a user who has no aggregate
 * item yet (tables migrated from the original backend), and by the first grade of such
 * a user. O(number of the user's items): never on the hot path once the item exists.
 */
export type GradedItem = SessionItem & { gradeId?: string };

export async function recomputeState(userId: string): Promise<SkillsState> {
  // The index projects feedbackTimestamp, so only graded items are fetched in full.
  const graded = (await listUserItems(userId)).filter((entry) => typeof entry.feedbackTimestamp === 'number');
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
