export { gradeSession, recordGrade, GradeConflictError, MAX_GRADE_ATTEMPTS } from './service';
export type { FeedbackInput, GradeToRecord } from './service';
