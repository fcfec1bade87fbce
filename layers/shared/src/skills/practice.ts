/**
 * Practice: what retries of single questions (POST /feedback with `retry`) add to the
 * skills aggregate, so GET /skills reports them from its one read: how many attempts, their
 * average change in score, and the retried questions whose latest attempt still scores
 * below 5 (most recent first). Pure functions over PracticeState; the retry's transaction
 * stores the result with the attempt (grading/retry.ts).
 *
 * A grade does not change it: an attempt is made against a grade, and a later re-grade of
 * the same transcript lists the same questions (model/questions.ts), so entries stay valid.
 * A full recomputation of the aggregate (repair) keeps it as it was: attempts are not
 * listed in the user index it recomputes from.
 */
import type { PracticeEntry, PracticeState } from '../domain';
import { round2 } from './aggregate';

/** Retried questions still below PASSING_SCORE kept, most recent first. */
export const PRACTICE_QUESTIONS = 20;
export const PASSING_SCORE = 5;
/** Characters of a question's text kept to recognise it. */
const QUESTION_KEY_CHARS = 120;

export interface PracticeReport {
  attempts: number;
  /** Mean of (score − previous score) over attempts that had a previous score; null when none. */
  averageDelta: number | null;
  belowFive: Array<{ sessionId: string; index: number; category: string; score: number }>;
}

export interface AttemptResult {
  sessionId: string;
  questionIndex: number;
  category: string;
  question: string;
  score: number;
  delta: number | null;
}

export function emptyPractice(): PracticeState {
  return { attempts: 0, deltaSum: 0, deltaCount: 0, below: [] };
}

export function recordAttempt(state: PracticeState | undefined, attempt: AttemptResult): PracticeState {
  const current = state ?? emptyPractice();
  const q = attempt.question.slice(0, QUESTION_KEY_CHARS);
  const others = current.below.filter((entry) => !(entry.sessionId === attempt.sessionId && entry.q === q));
  const entry: PracticeEntry = { sessionId: attempt.sessionId, index: attempt.questionIndex, category: attempt.category, score: attempt.score, q };
  return {
    attempts: current.attempts + 1,
    deltaSum: current.deltaSum + (attempt.delta ?? 0),
    deltaCount: current.deltaCount + (attempt.delta === null ? 0 : 1),
    below: (attempt.score < PASSING_SCORE ? [entry, ...others] : others).slice(0, PRACTICE_QUESTIONS),
  };
}

export function practiceReport(state: PracticeState | undefined): PracticeReport {
  const current = state ?? emptyPractice();
  return {
    attempts: current.attempts,
    averageDelta: current.deltaCount > 0 ? round2(current.deltaSum / current.deltaCount) : null,
    belowFive: current.below.map(({ sessionId, index, category, score }) => ({ sessionId, index, category, score })),
  };
}
