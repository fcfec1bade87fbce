import { budgetConfig } from '../config';
import { giveBackBudgetUnit, takeBudgetUnit, type BudgetCounter, type BudgetCounts } from '../db/budgetTable';
import type { ChatMessage } from '../domain';
import { TooManyRequestsError } from '../errors';
import { logger } from '../logger';

/**
 * Per-user budgets of model work (OWASP API4:2023, LLM10:2025): interviewer turns and
 * grades per user per UTC day, and interviewer turns per session. The model use cases
 * call spendTurn / spendGrade after their ownership and history checks and before the
 * model: over a budget → 429, nothing stored and no model call.
 *
 * A unit is taken with one conditional write (db/budgetTable.ts) and given back when the
 * model call fails (throttled, refused, timed out, unusable answer), since the user got
 * nothing. It is NOT given back when the request fails after the model answered (the
 * deadline passed, the turn could not be stored, concurrent grades kept colliding): that
 * model work was done and billed, and a request could otherwise be made to fail on purpose
 * after its answer and get model work for free. A give-back that itself fails is logged
 * and dropped: the unit stays spent, erring on the side of the bill.
 */

const DAY_MS = 86_400_000;

/** The UTC day of an instant, as it appears in the budget item's key: YYYY-MM-DD. */
export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

/** Epoch ms of the next UTC midnight after `nowMs`: when the day's budget resets. */
export function nextUtcMidnightMs(nowMs: number): number {
  return (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS;
}

/** Retry-After of QUOTA_EXCEEDED: whole seconds to the next UTC midnight, at least 1. */
export function secondsToNextUtcMidnight(nowMs: number): number {
  return Math.max(1, Math.ceil((nextUtcMidnightMs(nowMs) - nowMs) / 1000));
}

/** The interviewer turns a transcript holds. */
export function interviewerTurns(messages: readonly ChatMessage[] | undefined): number {
  return (messages ?? []).filter((message) => message.role === 'assistant').length;
}

type ModelCall<I, R> = (input: I) => Promise<R>;

/**
 * POST /interview: refuse a turn over the session's cap (counted in the stored transcript,
 * which the use case has read already: no extra read), then take one of the user's turns
 * of the day. @returns the interviewer, which gives the unit back if its call fails.
 * @throws TooManyRequestsError SESSION_TURN_LIMIT or QUOTA_EXCEEDED.
 */
export async function spendTurn<I, R>(userId: string, storedTranscript: readonly ChatMessage[] | undefined, interviewer: ModelCall<I, R>): Promise<ModelCall<I, R>> {
  const { maxTurnsPerSession, dailyTurnsPerUser } = budgetConfig();
  if (maxTurnsPerSession !== undefined && interviewerTurns(storedTranscript) >= maxTurnsPerSession) {
    throw new TooManyRequestsError(
      `This interview has reached its limit of ${maxTurnsPerSession} interviewer turns. Finish it with a grade, or start a new interview.`,
      'SESSION_TURN_LIMIT',
    );
  }
  return spend(userId, 'turns', dailyTurnsPerUser, 'interviewer turns', interviewer);
}

/**
 * Whose budget a grade of an ownerless item spends: items stored by the original backend
 * carry no userId, and only legacy mode without a declared userId can grade them; they
 * share the logged-out frontend's user's budget.
 */
export const UNKNOWN_OWNER = 'anonymous';

/**
 * POST /feedback: take one of the owner's grades of the day (the session's owner: in
 * legacy mode the grade request names no user).
 * @returns the grader, which gives the unit back if its call fails.
 * @throws TooManyRequestsError QUOTA_EXCEEDED.
 */
export async function spendGrade<I, R>(owner: string | undefined, grader: ModelCall<I, R>): Promise<ModelCall<I, R>> {
  return spend(owner ?? UNKNOWN_OWNER, 'grades', budgetConfig().dailyGradesPerUser, 'grades', grader);
}

async function spend<I, R>(userId: string, counter: BudgetCounter, limit: number | undefined, what: string, call: ModelCall<I, R>): Promise<ModelCall<I, R>> {
  if (limit === undefined) return call;
  const nowMs = Date.now();
  const day = utcDay(nowMs);
  const used = await takeBudgetUnit(userId, day, Math.floor(nextUtcMidnightMs(nowMs) / 1000), counter, limit);
  if (used === undefined) {
    logger.info('daily budget spent', { userId, counter, limit });
    throw new TooManyRequestsError(
      `You have used all ${limit} ${what} of today. The budget resets at midnight UTC.`,
      'QUOTA_EXCEEDED',
      secondsToNextUtcMidnight(nowMs),
    );
  }
  return async (input) => {
    try {
      return await call(input);
    } catch (error) {
      await giveBackBudgetUnit(userId, day, counter).catch((giveBackError: unknown) =>
        logger.warn('could not give a budget unit back; it stays spent', { userId, counter, error: giveBackError as Error }),
      );
      throw error;
    }
  };
}

/** GET /skills's `budget`: what is left of today's budgets; null where unlimited. */
export interface BudgetReport {
  turnsLeft: number | null;
  gradesLeft: number | null;
  /** When the counts reset (the next UTC midnight, ISO 8601); null when both are unlimited. */
  resetsAt: string | null;
}

/** The UTC day whose budget item GET /skills reads; undefined when no daily budget is set. */
export function budgetDayToRead(nowMs: number): string | undefined {
  const { dailyTurnsPerUser, dailyGradesPerUser } = budgetConfig();
  return dailyTurnsPerUser === undefined && dailyGradesPerUser === undefined ? undefined : utcDay(nowMs);
}

export function budgetReport(used: BudgetCounts, nowMs: number): BudgetReport {
  const { dailyTurnsPerUser, dailyGradesPerUser } = budgetConfig();
  const left = (limit: number | undefined, spent: number) => (limit === undefined ? null : Math.max(0, limit - spent));
  return {
    turnsLeft: left(dailyTurnsPerUser, used.turns),
    gradesLeft: left(dailyGradesPerUser, used.grades),
    resetsAt: dailyTurnsPerUser === undefined && dailyGradesPerUser === undefined ? null : new Date(nextUtcMidnightMs(nowMs)).toISOString(),
  };
}
