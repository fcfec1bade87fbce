import type { Feedback } from '../domain';
import { AppError, NotFoundError } from '../errors';
import { logger } from '../logger';
import { getSessionItems, saveFeedback } from '../sessions/repository';
import { recomputeState, type GradedItem } from './recompute';
import { canonicalJson, contributionOf, latestGraded, newGradeId, replaceContribution, type SkillsState } from './state';
import { readAggregate, writeAggregate, type PendingGrade, type StoredAggregate } from './store';

/**
 * Storing a grade: the session item's feedback AND the user's skills aggregate, kept in
 * step without TransactWriteItems (dynalite, the embedded DynamoDB of local mode, does
 * not implement it). Three single-item conditional writes:
 *
 *   1. aggregate: replace the session's contribution AND record a pending marker
 *      {gradeId, previous, next} for the session (conditional on the aggregate's version);
 *   2. session item: SET feedback, feedbackTimestamp, gradeId (conditional on owner);
 *   3. aggregate: drop the pending marker.
 *
 * Invariant: for every session without a pending marker, the aggregate counts exactly
 * the contribution of the session's latest stored grade. A marker is a lease: while it
 * is fresh, another grade of the same session answers 409 (retry shortly); once it is
 * older than GRADE_LEASE_MS its writer is certainly gone (the function's timeout is far
 * shorter), and the next writer (or the repair command) settles it from the session
 * items: if the item carries the marker's gradeId, write 2 landed and the aggregate is
 * already right (drop the marker); if not, the aggregate takes `next` back and puts
 * `previous` back. A retry of the same POST /feedback therefore converges: it re-grades
 * and replaces whatever the failed attempt left counted, never counting a session twice.
 */

/** Longer than any function timeout (POST /feedback: 29 s), so a live writer never loses its lease. */
export const GRADE_LEASE_MS = 60_000;
/** Grades in progress per user; beyond it, 409 (keeps the aggregate item small). */
export const MAX_PENDING = 16;
const MAX_WRITE_ATTEMPTS = 10;

export interface GradeToRecord {
  sessionId: string;
  ts: number;
  /** The item's userId; undefined only for legacy items that have none (no aggregate then). */
  owner: string | undefined;
  feedback: Feedback;
  feedbackTimestamp: number;
}

export class GradeInProgressError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(409, 'GRADE_IN_PROGRESS', 'A grade for this session is still being saved. Please try again shortly.', {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

type Change = { state: SkillsState; pending: Record<string, PendingGrade> };

/**
 * Read-modify-write of the aggregate with optimistic concurrency: `change` sees a fresh
 * consistent read and returns the new content (or undefined: nothing to write); a lost
 * race reads again.
 */
async function updateAggregate(userId: string, change: (current: StoredAggregate | undefined) => Promise<Change | undefined>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await readAggregate(userId);
    const next = await change(current);
    if (!next) return;
    if (await writeAggregate(userId, next, current?.version)) return;
    if (attempt >= MAX_WRITE_ATTEMPTS) throw new Error('The skills aggregate kept changing; giving up');
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
  }
}

/** Settle an abandoned marker from what the session items say (see the module comment). */
function settle(state: SkillsState, sessionId: string, pending: PendingGrade, items: readonly GradedItem[]): SkillsState {
  const landed = items.some((item) => item.gradeId === pending.gradeId);
  if (landed) return state;
  return replaceContribution(state, sessionId, pending.next, pending.previous, pending.evicted).state;
}

function isStale(pending: PendingGrade, nowMs: number): boolean {
  return nowMs - pending.startedAtMs >= GRADE_LEASE_MS;
}

/** Settle every stale marker of the aggregate; fresh ones stay. */
async function settleStale(current: StoredAggregate, nowMs: number, known: Map<string, GradedItem[]>): Promise<Change> {
  let state = current.state;
  const pending: Record<string, PendingGrade> = {};
  for (const [sessionId, marker] of Object.entries(current.pending)) {
    if (!isStale(marker, nowMs)) {
      pending[sessionId] = marker;
      continue;
    }
    const items = known.get(sessionId) ?? ((await getSessionItems(sessionId)) as GradedItem[]);
    state = settle(state, sessionId, marker, items);
    logger.warn('settled an abandoned grade marker', { sessionId, gradeId: marker.gradeId });
  }
  return { state, pending };
}

/**
 * POST /feedback's write: the grade on the item (sessionId, ts) and the owner's
 * aggregate. Replaces the session's previous contribution (re-grade, or the session's
 * other ts item), so a session is always counted once, by its latest grade.
 * @throws NotFoundError when the item does not exist or belongs to someone else.
 * @throws GradeInProgressError (409) while another grade of the session is being saved.
 */
export async function recordGrade(grade: GradeToRecord): Promise<void> {
  if (grade.owner === undefined) {
    await saveFeedback(grade);
    return;
  }
  const userId = grade.owner;
  const gradeId = newGradeId();

  // 1. Aggregate first, with the pending marker: a crash after this point is settled later.
  await updateAggregate(userId, async (current) => {
    const nowMs = Date.now();
    // Only the owner's items count (the API never lets two users share a sessionId, but a
    // migrated table might).
    const items = ((await getSessionItems(grade.sessionId)) as GradedItem[]).filter((item) => item.userId === userId);
    const target = items.find((item) => item.ts === grade.ts);
    if (!target) throw new NotFoundError('Session not found');

    const base: Change = current
      ? await settleStale(current, nowMs, new Map([[grade.sessionId, items]]))
      : { state: await recomputeState(userId), pending: {} };
    const mine = base.pending[grade.sessionId];
    if (mine) throw new GradeInProgressError(Math.max(1, Math.ceil((mine.startedAtMs + GRADE_LEASE_MS - nowMs) / 1000)));
    if (Object.keys(base.pending).length >= MAX_PENDING) throw new GradeInProgressError(5);

    const graded: GradedItem = { ...target, feedback: grade.feedback, feedbackTimestamp: grade.feedbackTimestamp, gradeId };
    const before = latestGraded(items);
    const after = latestGraded(items.map((item) => (item.ts === grade.ts ? graded : item)));
    const previous = before && contributionOf(before);
    const next = after && contributionOf(after);
    const applied = replaceContribution(base.state, grade.sessionId, previous, next);
    const marker: PendingGrade = { gradeId, ts: grade.ts, evicted: applied.evicted, startedAtMs: nowMs };
    if (previous) marker.previous = previous;
    if (next) marker.next = next;
    return { state: applied.state, pending: { ...base.pending, [grade.sessionId]: marker } };
  });

  // 2. The session item.
  try {
    await saveFeedback({ ...grade, gradeId });
  } catch (error) {
    if (error instanceof NotFoundError) await rollBack(userId, grade.sessionId, gradeId);
    // Any other error: unknown whether the write landed; the marker is settled later.
    throw error;
  }

  // 3. Done: drop the marker. If this fails the grade is saved and counted; the marker
  // only blocks re-grading this session until its lease ends, so do not fail the request.
  try {
    await updateAggregate(userId, async (current) => {
      if (current?.pending[grade.sessionId]?.gradeId !== gradeId) return undefined;
      const { [grade.sessionId]: _done, ...rest } = current.pending;
      return { state: current.state, pending: rest };
    });
  } catch (error) {
    logger.warn('could not clear the grade marker; it expires with its lease', { sessionId: grade.sessionId, error: error as Error });
  }
}

/** Write 2 was refused (the item vanished or changed owner): take the contribution back. */
async function rollBack(userId: string, sessionId: string, gradeId: string): Promise<void> {
  await updateAggregate(userId, async (current) => {
    const marker = current?.pending[sessionId];
    if (!current || marker?.gradeId !== gradeId) return undefined;
    const { [sessionId]: _gone, ...rest } = current.pending;
    return { state: replaceContribution(current.state, sessionId, marker.next, marker.previous, marker.evicted).state, pending: rest };
  });
}

export type RepairOutcome = 'created' | 'updated' | 'unchanged' | 'busy';

/**
 * Recompute a user's aggregate from the sessions and store it (the repair path).
 * Stale markers are dropped (the recomputation already reflects what landed); with a
 * grade in progress the user is left alone ('busy') so a live writer is never undone.
 */
export async function repairUser(userId: string, options: { dryRun?: boolean } = {}): Promise<RepairOutcome> {
  let outcome: RepairOutcome = 'unchanged';
  await updateAggregate(userId, async (current) => {
    const nowMs = Date.now();
    if (current && Object.values(current.pending).some((marker) => !isStale(marker, nowMs))) {
      outcome = 'busy';
      return undefined;
    }
    const state = await recomputeState(userId);
    const same = current && Object.keys(current.pending).length === 0 && canonicalJson(current.state) === canonicalJson(state);
    outcome = same ? 'unchanged' : current ? 'updated' : 'created';
    if (same || options.dryRun) return undefined;
    return { state, pending: {} };
  });
  return outcome;
}
