import { CATEGORIES, DIFFICULTIES, type Category, type Difficulty, type PointCount, type SkillsState, type TrendEntry } from '../domain';
import { LIMITS } from '../limits';
import { round2 } from './aggregate';

/**
 * GET /skills nextPractice: what the candidate should practise next, computed from the skills
 * aggregate alone (no extra read) by fixed rules, so the same aggregate always gives the same
 * plan (docs/analytics.md#nextpractice states them):
 *
 *  1. category — among the five categories the user has graded sessions in, the one with the
 *     lowest recent overall: the mean overall of its last 3 sessions in the trend (the last 20
 *     grades), or its all-time average when none of its sessions is in the trend any more.
 *     Ties: fewer graded sessions first, then the frontend's category order.
 *  2. difficulty — that category's latest difficulty (Medium when unknown), one step up when its
 *     last two sessions were both at that difficulty and both scored overall ≥ 8, one step down
 *     when both scored ≤ 4 (never beyond Easy or Hard).
 *  3. focus — up to 3 weaknesses that recur (counted in ≥ 2 sessions), most frequent first; when
 *     none recurs yet, the most frequent ones. Clipped to 80 characters, so each can be sent
 *     back as POST /interview's `focus` as it is.
 *  A user with no graded session gets an Easy Behavioral interview, and the reason says why.
 */

export interface NextPractice {
  category: Category;
  difficulty: Difficulty;
  focus: string[];
  /** One sentence citing the evidence (lowest rating, recurring weakness, trend). */
  reason: string;
}

export const NEXT_PRACTICE_RULES = {
  recentSessions: 3,
  streak: 2,
  stepUpAt: 8,
  stepDownAt: 4,
  maxFocus: LIMITS.maxFocusEntries,
  recurringCount: 2,
  defaultDifficulty: 'Medium' as Difficulty,
} as const;

export const FIRST_PRACTICE: NextPractice = {
  category: 'Behavioral',
  difficulty: 'Easy',
  focus: [],
  reason: 'No graded session yet, so start with an Easy Behavioral interview; once it is graded, this plan follows your weakest category and recurring weaknesses.',
};

const isCategory = (value: string): value is Category => (CATEGORIES as readonly string[]).includes(value);
const isDifficulty = (value: string | undefined): value is Difficulty => (DIFFICULTIES as readonly string[]).includes(value ?? '');
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

interface Candidate {
  category: Category;
  recent: number;
  basis: string;
  sessions: number;
  entries: TrendEntry[];
}

function candidates(state: SkillsState): Candidate[] {
  const out: Candidate[] = [];
  for (const category of CATEGORIES) {
    const stored = state.byCategory[category];
    if (!stored || stored.sessions <= 0) continue;
    const entries = state.trend.filter((entry) => entry.category === category && typeof entry.ratings.overall === 'number');
    const recent = entries.slice(-NEXT_PRACTICE_RULES.recentSessions).map((entry) => entry.ratings.overall ?? 0);
    const allTime = stored.ratings.overall;
    if (recent.length > 0) {
      out.push({ category, recent: round2(mean(recent)), basis: recent.length === 1 ? 'in its latest graded session' : `over its last ${recent.length} graded sessions`, sessions: stored.sessions, entries });
    } else if (allTime && allTime.c > 0) {
      out.push({ category, recent: round2(allTime.s / allTime.c / 100), basis: `on average over ${plural(allTime.c, 'graded session')}`, sessions: stored.sessions, entries });
    }
  }
  return out;
}

function weakest(list: Candidate[]): Candidate | undefined {
  // Stable sort over CATEGORIES order: equal recent overall → fewer sessions → category order.
  return [...list].sort((a, b) => a.recent - b.recent || a.sessions - b.sessions)[0];
}

function difficultyFor(entries: readonly TrendEntry[]): { difficulty: Difficulty; why: string } {
  const latest = entries.at(-1)?.difficulty;
  const base = isDifficulty(latest) ? latest : NEXT_PRACTICE_RULES.defaultDifficulty;
  const lastTwo = entries.slice(-NEXT_PRACTICE_RULES.streak);
  const streak = lastTwo.length === NEXT_PRACTICE_RULES.streak && lastTwo.every((entry) => entry.difficulty === base);
  const overalls = lastTwo.map((entry) => entry.ratings.overall ?? 0);
  const index = DIFFICULTIES.indexOf(base);
  if (streak && overalls.every((overall) => overall >= NEXT_PRACTICE_RULES.stepUpAt) && index < DIFFICULTIES.length - 1) {
    const up = DIFFICULTIES[index + 1] ?? base;
    return { difficulty: up, why: `your last two ${base} sessions there scored ${NEXT_PRACTICE_RULES.stepUpAt} or more, so the difficulty steps up to ${up}` };
  }
  if (streak && overalls.every((overall) => overall <= NEXT_PRACTICE_RULES.stepDownAt) && index > 0) {
    const down = DIFFICULTIES[index - 1] ?? base;
    return { difficulty: down, why: `your last two ${base} sessions there scored ${NEXT_PRACTICE_RULES.stepDownAt} or less, so the difficulty steps down to ${down}` };
  }
  return { difficulty: base, why: `the difficulty stays at ${base}` };
}

/** Most frequent first; equal counts by key (as the report's top lists), so the answer does not depend on history. */
function byFrequency(points: Record<string, PointCount>): PointCount[] {
  return Object.entries(points)
    .sort(([ka, a], [kb, b]) => b.c - a.c || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, point]) => point);
}

function clipFocus(text: string): string {
  return text.length <= LIMITS.maxFocusChars ? text : `${text.slice(0, LIMITS.maxFocusChars - 1).trimEnd()}…`;
}

function focusFor(state: SkillsState): { focus: string[]; why: string } {
  const sorted = byFrequency(state.weaknesses);
  const recurring = sorted.filter((point) => point.c >= NEXT_PRACTICE_RULES.recurringCount);
  const picked = (recurring.length > 0 ? recurring : sorted).slice(0, NEXT_PRACTICE_RULES.maxFocus);
  const first = picked[0];
  if (!first) return { focus: [], why: 'no weakness was recorded' };
  const why =
    recurring.length > 0
      ? `"${clipFocus(first.t)}" recurred as a weakness in ${plural(first.c, 'session')}`
      : 'no weakness has recurred yet, so the focus is on the ones your grades named';
  return { focus: picked.map((point) => clipFocus(point.t)), why };
}

/** The plan for the next session, from the aggregate (pure and deterministic). */
export function nextPractice(state: SkillsState): NextPractice {
  const chosen = weakest(candidates(state));
  if (!chosen) return { ...FIRST_PRACTICE, focus: [] };
  const { difficulty, why: difficultyWhy } = difficultyFor(chosen.entries);
  const { focus, why: focusWhy } = focusFor(state);
  const reason = `${chosen.category} has your lowest recent overall rating (${chosen.recent} ${chosen.basis}); ${focusWhy}; ${difficultyWhy}.`;
  return { category: chosen.category, difficulty, focus, reason };
}
