export { gradeSession, recordGrade, GradeConflictError, GRADE_RETRY_BUDGET_MS } from './service';
export type { FeedbackInput, GradeToRecord } from './service';
