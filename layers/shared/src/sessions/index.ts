export { getSessionItems, saveTurn, saveFeedback, listUserItems, getItems } from './repository';
export type { TurnToSave } from './repository';
export { reviewSession, listSessions, continueInterview, gradeSession, requireUserId } from './service';
export type { InterviewTurnInput, FeedbackInput, Deadline } from './service';
export { checkHistory, checkFeedbackTranscript } from './history';
export type { HistoryVerdict } from './history';
