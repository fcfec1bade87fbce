import type { Category, ChatMessage, Difficulty, Feedback, SessionItem, SessionSummary } from '../domain';
import { nowEpochSeconds } from '../domain';
import { BadRequestError, GatewayTimeoutError, NotFoundError } from '../errors';
import type { Caller } from '../http/identity';
import { logger } from '../logger';
import { getSessionItems, listUserItems, saveFeedback, saveTurn } from './repository';
import { assertInterviewShape, checkHistory, checkFeedbackTranscript } from './history';

/**
 * The use cases behind the five routes. Model calls arrive as plain functions so this
 * module (loaded by the reader functions too) never imports the Bedrock client.
 */

export function requireUserId(caller: Caller): string {
  if (!caller.userId) throw new BadRequestError('userId is required', 'MISSING_FIELD');
  return caller.userId;
}

/** Another user's session answers exactly like a missing one, so ids cannot be probed. */
function assertOwnedBy(items: readonly SessionItem[], caller: Caller): void {
  if (items.length === 0) throw new NotFoundError('Session not found');
  if (caller.userId !== undefined && items.some((item) => item.userId !== caller.userId)) {
    throw new NotFoundError('Session not found');
  }
}

/** GET /review: every item of the session, oldest first. */
export async function reviewSession(sessionId: string, caller: Caller): Promise<SessionItem[]> {
  const items = await getSessionItems(sessionId);
  assertOwnedBy(items, caller);
  return items;
}

/** GET /sessions: one entry per session (its latest ts), newest first. */
export async function listSessions(caller: Caller): Promise<SessionSummary[]> {
  const userId = requireUserId(caller);
  const latest = new Map<string, SessionSummary>();
  for (const item of await listUserItems(userId)) {
    const ts = Math.trunc(Number(item.ts));
    const seen = latest.get(item.sessionId);
    if (!seen || ts > seen.ts) {
      latest.set(item.sessionId, { sessionId: item.sessionId, category: item.category, difficulty: item.difficulty, ts });
    }
  }
  return [...latest.values()].sort((a, b) => b.ts - a.ts);
}

/**
 * The session's current transcript: the item with the most messages (the frontend may
 * store one session under two ts values), the newest one on a tie.
 */
function longestTranscript(items: readonly SessionItem[]): SessionItem | undefined {
  let best: SessionItem | undefined;
  for (const item of items) {
    const length = item.messages?.length ?? 0;
    if (!best || length > (best.messages?.length ?? 0) || (length === (best.messages?.length ?? 0) && item.ts > best.ts)) best = item;
  }
  return best;
}

/** Stops a write when the caller has already been told the call failed. */
export interface Deadline {
  /** Absolute epoch ms after which nothing may be written. */
  atMs: number;
}

function assertBeforeDeadline(deadline: Deadline | undefined, what: string): void {
  if (deadline && Date.now() > deadline.atMs) {
    logger.warn('late model answer discarded', { what });
    throw new GatewayTimeoutError('The model did not answer in time; nothing was saved. Please try again.');
  }
}

export interface InterviewTurnInput {
  sessionId: string;
  ts: number;
  category: Category;
  difficulty: Difficulty;
  messages: ChatMessage[];
}

/**
 * POST /interview: check ownership and history, ask the interviewer, store the turn.
 * A retry of a turn that was already stored gets the stored reply back, unchanged.
 */
export async function continueInterview(
  input: InterviewTurnInput,
  caller: Caller,
  interviewer: (turn: { category: Category; difficulty: Difficulty; messages: ChatMessage[] }) => Promise<string>,
  deadline?: Deadline,
): Promise<string> {
  const userId = requireUserId(caller);
  assertInterviewShape(input.messages);
  const items = await getSessionItems(input.sessionId);
  if (items.length > 0) assertOwnedBy(items, caller);
  const verdict = checkHistory(longestTranscript(items)?.messages, input.messages);
  if (verdict.kind === 'replay') return verdict.reply;

  const reply = await interviewer({ category: input.category, difficulty: input.difficulty, messages: input.messages });
  assertBeforeDeadline(deadline, 'interview');

  const stored = await saveTurn({
    sessionId: input.sessionId,
    ts: input.ts,
    userId,
    category: input.category,
    difficulty: input.difficulty,
    messages: [...input.messages, { role: 'assistant', content: reply }],
  });
  if (!stored) throw new NotFoundError('Session not found');
  return reply;
}

export interface FeedbackInput {
  sessionId: string;
  ts: number;
  messages: ChatMessage[];
}

/**
 * POST /feedback: grade the transcript of an existing session and store the grade on
 * the item (sessionId, ts); a session that does not exist (or is not the caller's) is a
 * 404 and nothing is written.
 */
export async function gradeSession(
  input: FeedbackInput,
  caller: Caller,
  grader: (session: { category: string; difficulty: string; messages: ChatMessage[] }) => Promise<Feedback>,
  deadline?: Deadline,
): Promise<Feedback> {
  const items = await getSessionItems(input.sessionId);
  assertOwnedBy(items, caller);
  const latest = longestTranscript(items)!;
  const target = items.find((item) => item.ts === input.ts);
  if (!target) throw new NotFoundError('Session not found');
  checkFeedbackTranscript(latest.messages, input.messages);

  const feedback = await grader({ category: latest.category, difficulty: latest.difficulty, messages: input.messages });
  assertBeforeDeadline(deadline, 'feedback');

  await saveFeedback({
    sessionId: input.sessionId,
    ts: target.ts,
    owner: target.userId,
    feedback,
    feedbackTimestamp: nowEpochSeconds(),
  });
  return feedback;
}

