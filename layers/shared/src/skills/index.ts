export { pointKey, round2, TOP_N } from './aggregate';
export { skillsForUser } from './service';
export { recordGrade, repairUser, GradeInProgressError, GRADE_LEASE_MS, MAX_PENDING } from './record';
export type { GradeToRecord, RepairOutcome } from './record';
export { recomputeState, stateFromItems } from './recompute';
export { renderReport, emptyState, contributionOf, replaceContribution, buildState, canonicalJson, SKILLS_LIMITS } from './state';
export type { SkillsReport, SkillsState, Contribution, TrendEntry } from './state';
export { readAggregate, aggregateKey, AGGREGATE_PREFIX } from './store';
export type { StoredAggregate, PendingGrade } from './store';
