import { requireUserId, type Caller } from '../domain';
import { recomputeState } from './recompute';
import { renderReport, type SkillsReport } from './state';
import { readAggregate } from './store';

/**
 * GET /skills: one read of the caller's aggregate item, whatever the number of sessions.
 * A user with no aggregate yet (never graded since this version, or a table migrated
 * from the original backend) gets the same report computed from the sessions, without
 * storing it: readers do not write; the next grade or `npm run repair-skills` does.
 */
export async function skillsForUser(caller: Caller): Promise<SkillsReport> {
  const userId = requireUserId(caller);
  const aggregate = await readAggregate(userId);
  return renderReport(aggregate ? aggregate.state : await recomputeState(userId));
}
