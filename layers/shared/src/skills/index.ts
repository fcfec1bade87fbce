export { pointKey, round2, TOP_N } from './aggregate';
export { skillsForUser, repairUser } from './service';
export type { RepairOutcome, SkillsResponse } from './service';
export { recomputeState, stateFromItems } from './recompute';
export type { GradedItem } from './recompute';
export { renderReport, emptyState, contributionOf, replaceContribution, buildState, canonicalJson, SKILLS_LIMITS } from './state';
export type { SkillsReport, SkillsState, Contribution, TrendEntry } from './state';
export { readAggregate, putAggregate, aggregateKey, AGGREGATE_PREFIX } from '../db/aggregateTable';
export type { StoredAggregate } from '../db/aggregateTable';
