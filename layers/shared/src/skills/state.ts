import { RATING_KEYS, type Feedback, type PointCount, type RatingKey, type Ratings, type RatingSums, type SkillsState, type TrendEntry } from '../domain';
import { practiceReport, type PracticeReport } from './practice';

export type { PointCount, RatingSum, RatingSums, SkillsState, TrendEntry } from '../domain';
import { pointKey, round2, TOP_N } from './aggregate';
import { nextPractice, type NextPractice } from './nextPractice';

/**
 * The per-user skills aggregate as plain data, and the pure functions that move it:
 * add a session's contribution, replace it (re-grade), take it back (roll back), and
 * render the GET /skills body. The same functions serve the incremental path (one
 * grade at a time) and the full recomputation (repair), so the two cannot drift apart.
 *
 * Ratings are summed in integer hundredths: subtracting a re-graded session's floats
 * would leave residues like 1e-15 and break "incremental == recomputed".
 */

export const SKILLS_LIMITS = {
  /** Distinct strength (and, separately, weakness) keys kept per user. */
  maxPointKeys: 100,
  /** When a list exceeds maxPointKeys it is pruned down to this many (hysteresis: prunes are rare). */
  pruneToPointKeys: 75,
  /** Characters of a point's text kept (key and display text). The grader allows 200. */
  maxPointChars: 100,
  /** Strengths (and, separately, weaknesses) counted per grade; the grader sends at most 5. */
  maxPointsPerGrade: 10,
  /** Graded sessions kept for the progress chart. */
  trendLength: 20,
} as const;

/** What one session's latest grade adds to the aggregate. */
export interface Contribution {
  sessionId: string;
  /** ts of the item that carries the grade. */
  ts: number;
  category: string;
  /** The session's difficulty, when its item has one (nextPractice steps it). */
  difficulty?: string;
  /** Hundredths of a point; only finite ratings. */
  ratings: Partial<Record<RatingKey, number>>;
  /** The display ratings, as graded (for the trend). */
  shownRatings: Partial<Ratings>;
  /** [key, display text], one per distinct key. */
  strengths: Array<[string, string]>;
  weaknesses: Array<[string, string]>;
  order: string;
}

export function emptyState(): SkillsState {
  return { sessions: 0, ratings: {}, byCategory: {}, strengths: {}, weaknesses: {}, trend: [], prunedPoints: 0 };
}

/**
 * A total order over grades: new grades carry a gradeId that starts with the grading
 * time in ms (fixed width, so string order = time order); grades stored by the original
 * backend have only feedbackTimestamp (seconds) and sort before any new grade of the
 * same second. The item's ts breaks the remaining ties.
 */
export function gradeOrder(item: { gradeId?: unknown; feedbackTimestamp?: unknown; ts: number }): string {
  if (typeof item.gradeId === 'string' && item.gradeId) return item.gradeId;
  const ms = Math.max(0, Math.trunc(Number(item.feedbackTimestamp) || 0)) * 1000;
  return `${String(ms).padStart(13, '0')}-0legacy-${String(Math.trunc(item.ts)).padStart(12, '0')}`;
}

let lastGradeMs = 0;
/** A new, unique, time-ordered grade id; monotonic within a container. */
export function newGradeId(nowMs = Date.now()): string {
  lastGradeMs = Math.max(nowMs, lastGradeMs + 1);
  const random = Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0');
  return `${String(lastGradeMs).padStart(13, '0')}-${random}`;
}

function clip(text: string): string {
  return text.length <= SKILLS_LIMITS.maxPointChars ? text : text.slice(0, SKILLS_LIMITS.maxPointChars).trimEnd();
}

function points(texts: unknown): Array<[string, string]> {
  const seen = new Map<string, string>();
  for (const raw of Array.isArray(texts) ? texts : []) {
    if (typeof raw !== 'string') continue;
    const text = clip(raw.trim().replace(/\s+/g, ' '));
    const key = pointKey(text);
    if (key && !seen.has(key)) seen.set(key, text);
    if (seen.size >= SKILLS_LIMITS.maxPointsPerGrade) break;
  }
  return [...seen];
}

/** The contribution of a stored grade (tolerates legacy items with odd shapes). */
export function contributionOf(item: {
  sessionId: string;
  ts: number;
  category?: unknown;
  difficulty?: unknown;
  feedback?: Partial<Feedback>;
  gradeId?: unknown;
  feedbackTimestamp?: unknown;
}): Contribution {
  const ratings: Contribution['ratings'] = {};
  const shownRatings: Contribution['shownRatings'] = {};
  for (const key of RATING_KEYS) {
    const value = Number(item.feedback?.ratings?.[key]);
    if (item.feedback?.ratings?.[key] === undefined || !Number.isFinite(value)) continue;
    ratings[key] = Math.round(value * 100);
    shownRatings[key] = value;
  }
  return {
    sessionId: item.sessionId,
    ts: Math.trunc(Number(item.ts)),
    category: typeof item.category === 'string' && item.category ? item.category : 'Unknown',
    ...(typeof item.difficulty === 'string' && item.difficulty ? { difficulty: item.difficulty } : {}),
    ratings,
    shownRatings,
    strengths: points(item.feedback?.strengths),
    weaknesses: points(item.feedback?.weaknesses),
    order: gradeOrder(item),
  };
}

function addRatings(into: RatingSums, ratings: Contribution['ratings'], sign: 1 | -1): void {
  for (const key of RATING_KEYS) {
    const value = ratings[key];
    if (value === undefined) continue;
    const entry = into[key] ?? { s: 0, c: 0 };
    entry.s += sign * value;
    entry.c += sign;
    if (entry.c <= 0) delete into[key];
    else into[key] = entry;
  }
}

function addPoints(into: Record<string, PointCount>, list: Array<[string, string]>, sign: 1 | -1): void {
  for (const [key, text] of list) {
    const entry = into[key];
    if (sign === 1) {
      if (entry) entry.c += 1;
      else into[key] = { t: text, c: 1 };
    } else if (entry) {
      // A key pruned earlier is simply absent: nothing to take back.
      entry.c -= 1;
      if (entry.c <= 0) delete into[key];
    }
  }
}

/** Drop the rarest keys (ties: the greatest key) so the item stays far below 400 KB. */
function prune(into: Record<string, PointCount>): number {
  const keys = Object.keys(into);
  if (keys.length <= SKILLS_LIMITS.maxPointKeys) return 0;
  const drop = keys
    .sort((a, b) => into[a]!.c - into[b]!.c || (a < b ? 1 : a > b ? -1 : 0))
    .slice(0, keys.length - SKILLS_LIMITS.pruneToPointKeys);
  for (const key of drop) delete into[key];
  return drop.length;
}

function trendEntry(c: Contribution): TrendEntry {
  return {
    sessionId: c.sessionId,
    ts: c.ts,
    category: c.category,
    ...(c.difficulty === undefined ? {} : { difficulty: c.difficulty }),
    ratings: c.shownRatings,
    o: c.order,
  };
}

function addOrRemove(state: SkillsState, c: Contribution, sign: 1 | -1): void {
  state.sessions += sign;
  addRatings(state.ratings, c.ratings, sign);
  const category = state.byCategory[c.category] ?? { sessions: 0, ratings: {} };
  category.sessions += sign;
  addRatings(category.ratings, c.ratings, sign);
  if (category.sessions <= 0) delete state.byCategory[c.category];
  else state.byCategory[c.category] = category;
  addPoints(state.strengths, c.strengths, sign);
  addPoints(state.weaknesses, c.weaknesses, sign);
}

export interface Applied {
  state: SkillsState;
  /** Trend entries pushed out by this change: a roll back puts them back. */
  evicted: TrendEntry[];
}

/**
 * Replace a session's contribution: take `previous` out (if the session was counted),
 * put `next` in (if it is graded now). Pure: returns a new state.
 */
export function replaceContribution(
  current: SkillsState,
  sessionId: string,
  previous: Contribution | undefined,
  next: Contribution | undefined,
  restore: readonly TrendEntry[] = [],
): Applied {
  const state = structuredClone(current);
  if (previous) addOrRemove(state, previous, -1);
  if (next) addOrRemove(state, next, 1);
  state.prunedPoints += prune(state.strengths) + prune(state.weaknesses);

  const trend = state.trend.filter((entry) => entry.sessionId !== sessionId);
  if (next) trend.push(trendEntry(next));
  for (const entry of restore) if (!trend.some((e) => e.sessionId === entry.sessionId)) trend.push(entry);
  trend.sort((a, b) => (a.o < b.o ? -1 : a.o > b.o ? 1 : 0));
  const cut = Math.max(0, trend.length - SKILLS_LIMITS.trendLength);
  state.trend = trend.slice(cut);
  return { state, evicted: trend.slice(0, cut) };
}

/** The latest grade of a session among its items (undefined when none is graded). */
export function latestGraded<T extends { ts: number; feedback?: unknown; gradeId?: unknown; feedbackTimestamp?: unknown }>(
  items: readonly T[],
): T | undefined {
  let best: { item: T; order: string } | undefined;
  for (const item of items) {
    if (!item.feedback || typeof item.feedback !== 'object') continue;
    const order = gradeOrder(item);
    if (!best || order > best.order) best = { item, order };
  }
  return best?.item;
}

/** The GET /skills body: the contract's fields plus byCategory and trend. */
export interface SkillsReport {
  sessionsAnalyzed: number;
  avgRatings: Partial<Record<RatingKey, number>>;
  topStrengths: Array<[string, number]>;
  topWeaknesses: Array<[string, number]>;
  byCategory: Record<string, { sessionsAnalyzed: number; avgRatings: Partial<Record<RatingKey, number>> }>;
  trend: Array<{ sessionId: string; ts: number; category: string; difficulty?: string; ratings: Partial<Ratings> }>;
  /** What to practise next, from the aggregate alone (./nextPractice.ts). */
  nextPractice: NextPractice;
  /** Retries of single questions (./practice.ts). */
  practice: PracticeReport;
}

function averages(sums: RatingSums): Partial<Record<RatingKey, number>> {
  const out: Partial<Record<RatingKey, number>> = {};
  for (const key of RATING_KEYS) {
    const entry = sums[key];
    if (entry && entry.c > 0) out[key] = round2(entry.s / entry.c / 100);
  }
  return out;
}

/** Most frequent first; equal counts by key, so the answer does not depend on history. */
function top(map: Record<string, PointCount>): Array<[string, number]> {
  return Object.entries(map)
    .sort(([ka, a], [kb, b]) => b.c - a.c || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .slice(0, TOP_N)
    .map(([, entry]) => [entry.t, entry.c]);
}

export function renderReport(state: SkillsState): SkillsReport {
  const byCategory: SkillsReport['byCategory'] = {};
  for (const [category, entry] of Object.entries(state.byCategory).sort(([a], [b]) => (a < b ? -1 : 1))) {
    byCategory[category] = { sessionsAnalyzed: entry.sessions, avgRatings: averages(entry.ratings) };
  }
  return {
    sessionsAnalyzed: state.sessions,
    avgRatings: averages(state.ratings),
    topStrengths: top(state.strengths),
    topWeaknesses: top(state.weaknesses),
    byCategory,
    trend: state.trend.map(({ sessionId, ts, category, difficulty, ratings }) => ({
      sessionId,
      ts,
      category,
      ...(difficulty === undefined ? {} : { difficulty }),
      ratings,
    })),
    nextPractice: nextPractice(state),
    practice: practiceReport(state.practice),
  };
}

/** Build a state from scratch from each session's latest grade, applied in grade order. */
export function buildState(latestGrades: readonly Contribution[]): SkillsState {
  let state = emptyState();
  for (const c of [...latestGrades].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))) {
    state = replaceContribution(state, c.sessionId, undefined, c).state;
  }
  return state;
}

/** Key-order-independent JSON (DynamoDB returns map keys in any order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
