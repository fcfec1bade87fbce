import { RATING_KEYS, type Feedback, type RatingKey } from '../domain';

/** The contract's GET /skills body. */
export interface SkillsReport {
  sessionsAnalyzed: number;
  avgRatings: Partial<Record<RatingKey, number>>;
  topStrengths: Array<[string, number]>;
  topWeaknesses: Array<[string, number]>;
}

export const EMPTY_SKILLS: SkillsReport = { sessionsAnalyzed: 0, avgRatings: {}, topStrengths: [], topWeaknesses: [] };

export const TOP_N = 5;

/** Group spelling variants of one point ("Clear structure" / "clear structure ") together. */
export function pointKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Most frequent first; ties keep first-seen order (as Python's Counter.most_common does). */
export function topCounts(counts: Map<string, { text: string; count: number }>, n = TOP_N): Array<[string, number]> {
  return [...counts.values()]
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, n)
    .map((entry) => [entry.text, entry.count]);
}

/** Full aggregation over graded feedbacks (one per session). */
export function aggregateFeedback(feedbacks: readonly Feedback[]): SkillsReport {
  if (feedbacks.length === 0) return { ...EMPTY_SKILLS, avgRatings: {}, topStrengths: [], topWeaknesses: [] };
  const sums = new Map<RatingKey, { sum: number; count: number }>();
  const strengths = new Map<string, { text: string; count: number }>();
  const weaknesses = new Map<string, { text: string; count: number }>();
  const tally = (into: typeof strengths, texts: readonly string[] | undefined) => {
    for (const text of new Set((texts ?? []).map((t) => t.trim()).filter(Boolean))) {
      const key = pointKey(text);
      const entry = into.get(key);
      if (entry) entry.count += 1;
      else into.set(key, { text, count: 1 });
    }
  };
  for (const feedback of feedbacks) {
    for (const key of RATING_KEYS) {
      const value = Number(feedback.ratings?.[key]);
      if (!Number.isFinite(value)) continue;
      const entry = sums.get(key) ?? { sum: 0, count: 0 };
      entry.sum += value;
      entry.count += 1;
      sums.set(key, entry);
    }
    tally(strengths, feedback.strengths);
    tally(weaknesses, feedback.weaknesses);
  }
  const avgRatings: SkillsReport['avgRatings'] = {};
  for (const [key, { sum, count }] of sums) avgRatings[key] = round2(sum / count);
  return {
    sessionsAnalyzed: feedbacks.length,
    avgRatings,
    topStrengths: topCounts(strengths),
    topWeaknesses: topCounts(weaknesses),
  };
}
