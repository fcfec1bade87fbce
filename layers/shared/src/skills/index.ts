export { aggregateFeedback, EMPTY_SKILLS, round2, topCounts, pointKey, TOP_N } from './aggregate';
export type { SkillsReport } from './aggregate';
export { skillsForUser } from './service';
