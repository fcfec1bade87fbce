import { spendGrade } from '../budget/service';
import { readAggregate, type StoredAggregate } from '../db/aggregateTable';
import { writeGradeAndAggregate, MAX_TRANSACT_ITEMS, type PinnedItem } from '../db/gradeTransaction';
import { getSessionItems, saveFeedback } from '../db/sessionsTable';
import { assertBeforeDeadline, type Deadline } from '../deadline';
import { nowEpochSeconds, type Caller, type ChatMessage, type Feedback, type SessionSettings } from '../domain';
import { AppError, NotFoundError, PayloadTooLargeError } from '../errors';
import { logger } from '../logger';
import { countOutcome, METRIC } from '../metrics';
import { transcriptToGrade } from '../sessions/history';
import { assertOwnedBy, longestTranscript } from '../sessions/items';
import { storedSettings } from '../sessions/settings';
import { recomputeState, type GradedItem } from '../skills/recompute';
import { withPracticeOf } from '../skills/service';
import { contributionOf, latestGraded, newGradeId, replaceContribution, type SkillsState } from '../skills/state';
import { withGrade, type UsageEntry, type UsageMeter } from '../usage/usage';

/**
 * POST /feedback: read the session (and the owner's skills aggregate, in parallel when the
 * caller is known), grade the transcript, then store the grade and the new aggregate in one
 * transaction (db/gradeTransaction.ts). A lost race reads everything again and recomputes,
 * so a session is always counted once, by its latest grade.
 */

/**
 * How long a grade keeps redoing lost races, from its first attempt (never past the
 * deadline). Bounded by time, not count: how many rounds a grade may lose depends on how many
 * grades of the same user race for the aggregate, and each round is a few milliseconds.
 */
export const GRADE_RETRY_BUDGET_MS = 3000;
const BACKOFF_BASE_MS = 10;
const BACKOFF_MAX_MS = 250;

export class GradeConflictError extends AppError {
  constructor() {
    super(409, 'GRADE_CONFLICT', 'The session was being graded by another request at the same time; nothing was saved. Please try again.', {
      'Retry-After': '1',
    });
  }
}

export interface FeedbackInput {
  sessionId: string;
  ts: number;
  messages: ChatMessage[];
}

export interface GradeToRecord {
  sessionId: string;
  ts: number;
  /** The item's userId; undefined only for legacy items that have none (no aggregate then). */
  owner: string | undefined;
  feedback: Feedback;
  feedbackTimestamp: number;
  /** The grade's model usage, added to the item's `usage` in the same write (docs/operations.md#cost). */
  usage?: UsageEntry;
}

/** What a grade's new aggregate is computed from. */
interface GradeSnapshot {
  items: GradedItem[];
  aggregate: StoredAggregate | undefined;
}

async function readSnapshot(sessionId: string, owner: string): Promise<GradeSnapshot> {
  const [items, aggregate] = await Promise.all([getSessionItems(sessionId), readAggregate(owner)]);
  return { items, aggregate };
}

/**
 * POST /feedback's use case, counted in the metrics: Grades, or GradeFailures by error code
 * (docs/operations.md#metrics). `usage` is the meter the grader's model calls record into.
 */
export async function gradeSession(
  input: FeedbackInput,
  caller: Caller,
  grader: Parameters<typeof gradeAndStore>[2],
  deadline?: Deadline,
  usage?: UsageMeter,
): Promise<Feedback> {
  return countOutcome('feedback', METRIC.Grades, METRIC.GradeFailures, () => gradeAndStore(input, caller, grader, deadline, usage));
}

async function gradeAndStore(
  input: FeedbackInput,
  caller: Caller,
  grader: (session: { category: string; difficulty: string; messages: ChatMessage[] } & SessionSettings) => Promise<Feedback>,
  deadline?: Deadline,
  usage?: UsageMeter,
): Promise<Feedback> {
  const items = await getSessionItems(input.sessionId);
  assertOwnedBy(items, caller);
  const target = items.find((item) => item.ts === input.ts);
  if (!target) throw new NotFoundError('Session not found');
  // The owner's grades of the day: over the budget → 429 before the model is called, and a
  // model call that fails gives its unit back (budget/service.ts).
  grader = await spendGrade(target.userId ?? caller.userId, grader);
  const latest = longestTranscript(items) ?? target;
  // The owner's aggregate is read while the model grades (its version is pinned by the
  // transaction, so when it is read does not matter for correctness, only for latency).
  const aggregate = target.userId === undefined ? undefined : settled(readAggregate(target.userId));

  // The session's language, focus and job description: the grade is written in that language, with roleFit for a job description.
  const settings = storedSettings(items);
  const feedback = await grader({ category: latest.category, difficulty: latest.difficulty, messages: transcriptToGrade(latest.messages, input.messages), ...settings });
  assertBeforeDeadline(deadline, 'feedback');

  const grade = { sessionId: input.sessionId, ts: target.ts, owner: target.userId, feedback, feedbackTimestamp: nowEpochSeconds(), usage: usage?.entry(nowEpochSeconds()) };
  await recordGrade(grade, aggregate && { items, aggregate: await unwrap(aggregate) }, deadline);
  return feedback;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A read started early whose failure must surface only when (and if) it is awaited. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

async function unwrap<T>(result: Promise<Settled<T>>): Promise<T> {
  const outcome = await result;
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * Store a grade on the item (sessionId, ts) and count it in the owner's aggregate,
 * replacing whatever the session counted before (re-grade, or its other ts item).
 * `first` is what the caller already read, so a first attempt costs no extra read.
 * @throws NotFoundError when the item does not exist or belongs to someone else.
 * @throws GradeConflictError (409) when it kept losing races for GRADE_RETRY_BUDGET_MS (or until the deadline).
 */
export async function recordGrade(grade: GradeToRecord, first?: GradeSnapshot, deadline?: Deadline): Promise<void> {
  const owner = grade.owner;
  if (owner === undefined) {
    // A gradeId still: a retry attempt pins the grade it was made against by it.
    await saveFeedback({ ...grade, gradeId: newGradeId() });
    return;
  }
  const retryUntil = Math.min(Date.now() + GRADE_RETRY_BUDGET_MS, deadline?.atMs ?? Number.POSITIVE_INFINITY);
  for (let attempt = 1; ; attempt += 1) {
    const snapshot = attempt === 1 && first ? first : await readSnapshot(grade.sessionId, owner);
    if ((await attemptGrade(grade, owner, snapshot)) === 'written') return;
    const delay = Math.random() * Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS);
    if (Date.now() + delay >= retryUntil) {
      logger.warn('grade lost every race within its retry budget', { sessionId: grade.sessionId, attempts: attempt });
      throw new GradeConflictError();
    }
    logger.info('grade lost a race; reading again', { sessionId: grade.sessionId, attempt });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function attemptGrade(grade: GradeToRecord, owner: string, snapshot: GradeSnapshot): Promise<'written' | 'stale'> {
  // Only the owner's items count (the API never lets two users share a sessionId, but a
  // table migrated from the original backend might).
  const items = snapshot.items.filter((item) => item.userId === owner);
  const target = items.find((item) => item.ts === grade.ts);
  if (!target) throw new NotFoundError('Session not found');
  const others = items.filter((item) => item !== target);
  if (others.length + 2 > MAX_TRANSACT_ITEMS) {
    throw new PayloadTooLargeError('The session has too many stored items to grade', 'SESSION_TOO_LARGE');
  }

  const gradeId = newGradeId();
  const graded: GradedItem = { ...target, feedback: grade.feedback, feedbackTimestamp: grade.feedbackTimestamp, gradeId };
  const before = latestGraded(items);
  const after = latestGraded([...others, graded]);
  const state = await newAggregateState(owner, grade.sessionId, snapshot.aggregate, before, after);

  return writeGradeAndAggregate({
    sessionId: grade.sessionId,
    owner,
    target: pinned(target),
    others: others.map(pinned),
    grade: { feedback: grade.feedback, feedbackTimestamp: grade.feedbackTimestamp, gradeId, ...(grade.usage ? { usage: withGrade(target.usage, grade.usage) } : {}) },
    aggregate: { state, expectedVersion: snapshot.aggregate?.version },
  });
}

function pinned(item: GradedItem): PinnedItem {
  return { ts: item.ts, gradeId: typeof item.gradeId === 'string' ? item.gradeId : undefined };
}

/**
 * The aggregate after this grade: the session's previous contribution (`before`, from the
 * items read) replaced by the new one. A user without an aggregate (sessions from the
 * original backend, or never graded) gets it built from the other sessions; so does an
 * aggregate that still carries the previous write path's markers, which may count a grade
 * that never landed.
 */
async function newAggregateState(
  owner: string,
  sessionId: string,
  aggregate: StoredAggregate | undefined,
  before: GradedItem | undefined,
  after: GradedItem | undefined,
): Promise<SkillsState> {
  const next = after && contributionOf(after);
  if (aggregate && !aggregate.hasLegacyMarkers) {
    return replaceContribution(aggregate.state, sessionId, before && contributionOf(before), next).state;
  }
  // This session's own items were read (and are pinned) above: count it from them, not from the index.
  const rebuilt = withPracticeOf(aggregate?.state, await recomputeState(owner, { except: sessionId }));
  return replaceContribution(rebuilt, sessionId, undefined, next).state;
}
