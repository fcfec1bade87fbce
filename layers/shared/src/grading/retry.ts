import { spendGrade } from '../budget/service';
import { readAggregate, type StoredAggregate } from '../db/aggregateTable';
import { ATTEMPT_KIND, getSessionWithAttempts, writeAttempt, type StoredAttempt } from '../db/attemptTable';
import { assertBeforeDeadline, type Deadline } from '../deadline';
import type { AnswerGrade, Attempt, Caller, QuestionGrade, SessionItem } from '../domain';
import { BadRequestError, ConflictError } from '../errors';
import { LIMITS } from '../limits';
import { logger } from '../logger';
import { countOutcome, METRIC } from '../metrics';
import { assertOwnedBy } from '../sessions/items';
import { storedSettings } from '../sessions/settings';
import { recordAttempt } from '../skills/practice';
import { recomputeState } from '../skills/recompute';
import { latestGraded } from '../skills/state';
import { withGrade, type UsageMeter } from '../usage/usage';
import { GRADE_RETRY_BUDGET_MS, GradeConflictError } from './service';

/**
 * POST /feedback with `retry`: grade one new answer to one question of the session's latest
 * grade, by the same per-question rubric, and store it as an attempt item together with the
 * owner's practice totals (one transaction, db/attemptTable.ts). Nothing is written when the
 * request is refused or the model fails.
 *
 * "This question" is the question's text, not its index: a re-grade of the same transcript
 * lists the same questions, but numbering is the grade's. Attempts at the same text count
 * towards its limit and give its previous score, whichever grade they were made against.
 */

/** Attempts one question may have; the next one is 409 ATTEMPT_LIMIT. */
export const MAX_ATTEMPTS_PER_QUESTION = LIMITS.maxAttemptsPerQuestion;

export interface RetryInput {
  sessionId: string;
  questionIndex: number;
  answer: string;
}

/** What the grader of one answer is given. */
export interface RetryGraderInput {
  category: string;
  difficulty: string;
  language?: string;
  question: string;
  answer: string;
}

/** The `attempt` of the response. */
export type AttemptView = Pick<Attempt, 'questionIndex' | 'attempt' | 'answer' | 'score' | 'verdict' | 'rationale' | 'modelAnswer' | 'tip' | 'previousScore' | 'delta' | 'gradedAt'>;

/** POST /feedback with `retry`, counted in the metrics: Attempts, or AttemptFailures by error code. */
export async function retryQuestion(
  input: RetryInput,
  caller: Caller,
  grader: (answer: RetryGraderInput) => Promise<AnswerGrade>,
  deadline?: Deadline,
  usage?: UsageMeter,
): Promise<AttemptView> {
  return countOutcome('feedback', METRIC.Attempts, METRIC.AttemptFailures, () => gradeAndStoreAttempt(input, caller, grader, deadline, usage));
}

/** What an attempt is checked and computed against: the session as read. */
interface Snapshot {
  graded: SessionItem & { gradeId?: string };
  question: QuestionGrade;
  /** The session's attempts, in the order made. */
  attempts: StoredAttempt[];
  aggregate: StoredAggregate | undefined;
}

async function readSnapshot(input: RetryInput, caller: Caller): Promise<Snapshot> {
  // The caller's aggregate is read beside the session (it is the owner's once ownership holds).
  const [{ items, attempts }, callersAggregate] = await Promise.all([
    getSessionWithAttempts(input.sessionId),
    caller.userId === undefined ? undefined : readAggregate(caller.userId),
  ]);
  assertOwnedBy(items, caller);
  // Legacy mode: a retry names its user (an ownerless session from the original backend aside).
  if (caller.userId === undefined && items.some((item) => item.userId !== undefined)) throw new BadRequestError('userId is required', 'MISSING_FIELD');
  const graded = latestGraded(items) as (SessionItem & { gradeId?: string }) | undefined;
  const questions = graded?.feedback?.questions;
  if (!graded || !Array.isArray(questions) || questions.length === 0 || typeof graded.gradeId !== 'string') {
    throw new ConflictError('This session has no per-question grade yet: grade it with POST /feedback first.', 'NOT_GRADED');
  }
  const question = questions[input.questionIndex];
  if (!question) throw new BadRequestError(`retry.questionIndex must be an integer from 0 to ${questions.length - 1}`, 'INVALID_FIELD');
  const aggregate = graded.userId === undefined ? undefined : graded.userId === caller.userId ? callersAggregate : await readAggregate(graded.userId);
  return { graded, question, attempts, aggregate };
}

const attemptsAt = (snapshot: Snapshot) => snapshot.attempts.filter((attempt) => attempt.question === snapshot.question.question);

function assertBelowLimit(snapshot: Snapshot): void {
  if (attemptsAt(snapshot).length >= MAX_ATTEMPTS_PER_QUESTION) {
    throw new ConflictError(`This question already has ${MAX_ATTEMPTS_PER_QUESTION} attempts, the most one question may have.`, 'ATTEMPT_LIMIT');
  }
}

async function gradeAndStoreAttempt(
  input: RetryInput,
  caller: Caller,
  grader: (answer: RetryGraderInput) => Promise<AnswerGrade>,
  deadline?: Deadline,
  usage?: UsageMeter,
): Promise<AttemptView> {
  let snapshot = await readSnapshot(input, caller);
  assertBelowLimit(snapshot);
  // A retry is a grade for the owner's daily budget: 429 before the model, its unit back if the model fails.
  grader = await spendGrade(snapshot.graded.userId ?? caller.userId, grader);
  const { language } = storedSettings([snapshot.graded]);
  const grade = await grader({
    category: snapshot.graded.category,
    difficulty: snapshot.graded.difficulty,
    ...(language ? { language } : {}),
    question: snapshot.question.question,
    answer: input.answer,
  });
  assertBeforeDeadline(deadline, 'feedback');
  const gradedAt = new Date().toISOString();
  const entry = usage?.entry(Math.floor(Date.now() / 1000));

  // Store it; a lost race reads again (the model's answer is kept) for up to GRADE_RETRY_BUDGET_MS.
  const retryUntil = Math.min(Date.now() + GRADE_RETRY_BUDGET_MS, deadline?.atMs ?? Number.POSITIVE_INFINITY);
  for (let round = 1; ; round += 1) {
    if (round > 1) {
      const graded = snapshot.question.question;
      snapshot = await readSnapshot(input, caller);
      // A re-grade landed meanwhile and numbers another question at this index: the answer was graded against the old one.
      if (snapshot.question.question !== graded) throw new GradeConflictError();
      assertBelowLimit(snapshot);
    }
    const earlier = attemptsAt(snapshot);
    const previousScore = earlier.length > 0 ? (earlier.at(-1)?.score ?? null) : snapshot.question.score;
    const attempt: StoredAttempt = {
      sessionId: input.sessionId,
      ts: -(snapshot.attempts.length + 1),
      kind: ATTEMPT_KIND,
      ...(snapshot.graded.userId === undefined ? {} : { owner: snapshot.graded.userId }),
      questionIndex: input.questionIndex,
      question: snapshot.question.question,
      gradeId: snapshot.graded.gradeId as string,
      attempt: earlier.length + 1,
      answer: input.answer,
      ...grade,
      previousScore,
      delta: grade.score === null || previousScore === null ? null : grade.score - previousScore,
      gradedAt,
      ...(entry ? { usage: withGrade(undefined, entry) } : {}),
    };
    const owner = snapshot.graded.userId;
    const outcome = await writeAttempt({
      attempt,
      graded: { ts: snapshot.graded.ts, gradeId: snapshot.graded.gradeId as string },
      ...(owner === undefined
        ? {}
        : {
            aggregate: {
              owner,
              expectedVersion: snapshot.aggregate?.version,
              state: {
                // Every grade with an owner writes the aggregate; one missing (deleted) is rebuilt.
                ...(snapshot.aggregate?.state ?? (await recomputeState(owner))),
                practice: recordAttempt(snapshot.aggregate?.state.practice, {
                  sessionId: input.sessionId,
                  questionIndex: input.questionIndex,
                  category: snapshot.graded.category,
                  question: attempt.question,
                  score: attempt.score ?? 0,
                  delta: attempt.delta,
                }),
              },
            },
          }),
    });
    if (outcome === 'written') return view(attempt);
    const delay = Math.random() * Math.min(10 * 2 ** round, 250);
    if (Date.now() + delay >= retryUntil) {
      logger.warn('attempt lost every race within its retry budget', { sessionId: input.sessionId, rounds: round });
      throw new GradeConflictError();
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function view(attempt: StoredAttempt): AttemptView {
  const { questionIndex, attempt: n, answer, score, verdict, rationale, modelAnswer, tip, previousScore, delta, gradedAt } = attempt;
  return { questionIndex, attempt: n, answer, score, verdict, rationale, modelAnswer, tip, previousScore, delta, gradedAt };
}
