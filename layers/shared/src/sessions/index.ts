export { getSessionItems, saveTurn, saveFeedback, listUserItems, getItems, queryUserIndexPage, hasItemBetween, scanUserIds } from './repository';
export type { TurnToSave, UserIndexEntry, UserIndexPosition } from './repository';
export { encodeCursor, decodeCursor } from './cursor';
export type { SessionsCursor } from './cursor';
export { reviewSession, listSessions, continueInterview, gradeSession } from './service';
export type { InterviewTurnInput, FeedbackInput, Deadline, SessionsPage } from './service';
export { checkHistory, transcriptToGrade } from './history';
export type { HistoryVerdict } from './history';
