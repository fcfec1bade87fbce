export { gradeSession, recordGrade, GradeConflictError, GRADE_RETRY_BUDGET_MS } from './service';
export type { FeedbackInput, GradeToRecord } from './service';
export { retryQuestion, MAX_ATTEMPTS_PER_QUESTION } from './retry';
export type { RetryInput, RetryGraderInput, AttemptView } from './retry';
