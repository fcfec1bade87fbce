import { budgetDayToRead, budgetReport, type BudgetReport } from '../budget/service';
import { putAggregate, readAggregate, readAggregateAndBudget } from '../db/aggregateTable';
import { requireUserId, type Caller } from '../domain';
import { logger } from '../logger';
import { recomputeState } from './recompute';
import { canonicalJson, renderReport, type SkillsReport, type SkillsState } from './state';

/** The GET /skills body: the report and what is left of today's budgets (additive). */
export type SkillsResponse = SkillsReport & { budget: BudgetReport };

/**
 * GET /skills: one read of the caller's aggregate item, whatever the number of sessions,
 * together with the caller's budget item of the day (one BatchGetItem: still one round trip).
 * A user with no aggregate yet (sessions from the original backend's table) gets it built
 * once, here, from the sessions and stored with a conditional Put (only if none exists, so
 * a grade that created one meanwhile wins); every later call is one read.
 */
export async function skillsForUser(caller: Caller): Promise<SkillsResponse> {
  const userId = requireUserId(caller);
  const nowMs = Date.now();
  const { aggregate, budget: used } = await readAggregateAndBudget(userId, budgetDayToRead(nowMs));
  const budget = budgetReport(used, nowMs);
  if (aggregate) return { ...renderReport(aggregate.state), budget };

  const state = await recomputeState(userId);
  if (state.sessions > 0 && !(await putAggregate(userId, state, undefined))) {
    logger.info('skills aggregate was created concurrently; kept the other writer', { userId });
  }
  return { ...renderReport(state), budget };
}

/** `state` carrying the practice of `previous` (a recomputation cannot see attempts). */
export function withPracticeOf(previous: SkillsState | undefined, state: SkillsState): SkillsState {
  return previous?.practice ? { ...state, practice: previous.practice } : state;
}

export type RepairOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Recompute a user's aggregate from the sessions and store it (the repair path), dropping
 * the `pending` markers the previous write path may have left. Conditional on the version
 * read, so a grade landing meanwhile is never overwritten: that user is read again.
 */
export async function repairUser(userId: string, options: { dryRun?: boolean } = {}): Promise<RepairOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await readAggregate(userId);
    // Attempts are not in the user index: their practice totals are kept as they were (./practice.ts).
    const state = withPracticeOf(current?.state, await recomputeState(userId));
    const same = current !== undefined && !current.hasLegacyMarkers && canonicalJson(current.state) === canonicalJson(state);
    if (same) return 'unchanged';
    const outcome = current ? 'updated' : 'created';
    if (options.dryRun || (await putAggregate(userId, state, current?.version))) return outcome;
    if (attempt >= 5) throw new Error(`The skills aggregate of ${userId} kept changing during repair`);
  }
}
