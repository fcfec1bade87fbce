export { getSessionItems, saveTurn, saveFeedback, listUserItems, getItems, queryUserIndexPage, hasItemBetween, scanUserIds } from '../db/sessionsTable';
export type { TurnToSave, UserIndexEntry, UserIndexPosition } from '../db/sessionsTable';
export { encodeCursor, decodeCursor } from './cursor';
export type { SessionsCursor } from './cursor';
export { reviewSession, listSessions, continueInterview } from './service';
export type { InterviewTurnInput, SessionsPage } from './service';
export type { Deadline } from '../deadline';
export { checkHistory, transcriptToGrade } from './history';
export type { HistoryVerdict } from './history';
