import type { Caller } from '../http/identity';
import { getItems, listUserItems } from '../sessions/repository';
import { requireUserId } from '../sessions/service';
import { aggregateFeedback, type SkillsReport } from './aggregate';

/**
 * Skill analytics for the caller: the latest grade of each of their sessions, aggregated.
 * Reads the user's index entries, then the graded items' feedback.
 */
export async function skillsForUser(caller: Caller): Promise<SkillsReport> {
  const userId = requireUserId(caller);
  const latestGradedBySession = new Map<string, { sessionId: string; ts: number; feedbackTimestamp: number }>();
  for (const item of await listUserItems(userId)) {
    if (typeof item.feedbackTimestamp !== 'number') continue;
    const seen = latestGradedBySession.get(item.sessionId);
    if (!seen || item.feedbackTimestamp > seen.feedbackTimestamp || (item.feedbackTimestamp === seen.feedbackTimestamp && item.ts > seen.ts)) {
      latestGradedBySession.set(item.sessionId, { sessionId: item.sessionId, ts: item.ts, feedbackTimestamp: item.feedbackTimestamp });
    }
  }
  const items = await getItems([...latestGradedBySession.values()]);
  return aggregateFeedback(items.filter((item) => item.userId === userId && item.feedback).map((item) => item.feedback!));
}
