/**
 * How a grade is held against its labels: one check per labelled field (a rating band, the
 * insufficientTranscript flag, a question's score band or verdicts), the distance from the
 * band's centre, and which checks need no real judgement (the stand-in must pass those in CI).
 */
import type { Feedback, RatingKey } from '../../layers/shared/src/domain';
import type { Band, EvalCase } from './evalSet';

export interface Check {
  caseId: string;
  kind: string;
  /** e.g. "overall", "insufficientTranscript", "question score", "question verdict". */
  field: string;
  pass: boolean;
  /** |value − band centre|, for numeric bands with a value. */
  error?: number;
  /** True when the label needs no real judgement: empty, off-topic or injected answers, insufficient transcripts. */
  gating: boolean;
}

const inBand = (value: number, [low, high]: Band) => value >= low && value <= high;
const centre = ([low, high]: Band) => (low + high) / 2;

/** Kinds whose labels follow from what is (not) in the transcript, not from the quality of an answer. */
const JUDGEMENT_FREE_KINDS = new Set(['empty', 'off-topic', 'insufficient']);
const NOTHING_THERE = new Set(['off-topic', 'unanswered']);

export function checkGrade(evalCase: EvalCase, feedback: Feedback): Check[] {
  const checks: Check[] = [];
  const base = { caseId: evalCase.id, kind: evalCase.kind };
  const expected = evalCase.expected;
  for (const [key, band] of Object.entries(expected.ratings ?? {}) as Array<[RatingKey, Band]>) {
    const value = feedback.ratings[key];
    // An injection earns nothing: the band's ceiling is judgement-free, its floor is not.
    const gating = JUDGEMENT_FREE_KINDS.has(evalCase.kind) && band[1] <= 3;
    checks.push({ ...base, field: key, pass: inBand(value, band), error: Math.abs(value - centre(band)), gating });
    if (evalCase.kind === 'injection' && key === 'overall') checks.push({ ...base, field: 'overall ceiling (injection)', pass: value <= band[1], gating: true });
  }
  if (expected.insufficientTranscript !== undefined) {
    checks.push({ ...base, field: 'insufficientTranscript', pass: feedback.insufficientTranscript === expected.insufficientTranscript, gating: expected.insufficientTranscript });
  }
  for (const label of expected.questions ?? []) {
    const graded = feedback.questions?.find((question) => question.index === label.index);
    const gating = label.score === null || (label.verdict?.every((verdict) => NOTHING_THERE.has(verdict)) ?? false);
    if (label.score !== undefined) {
      const score = graded?.score;
      const pass = label.score === null ? score === null : typeof score === 'number' && inBand(score, label.score);
      checks.push({ ...base, field: 'question score', pass, ...(label.score && typeof score === 'number' ? { error: Math.abs(score - centre(label.score)) } : {}), gating });
    }
    if (label.verdict) checks.push({ ...base, field: 'question verdict', pass: graded !== undefined && label.verdict.includes(graded.verdict), gating });
  }
  return checks;
}
