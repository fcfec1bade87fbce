import type { ChatMessage } from '../domain';
import { BadRequestError, ConflictError } from '../errors';

/**
 * History integrity. The client sends the whole history each turn, but the interviewer's
 * earlier turns are the server's words: the stored transcript must be a prefix of what
 * the client sends now, so a client cannot rewrite what the interviewer said.
 */

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return a.role === b.role && a.content === b.content;
}

function isPrefix(prefix: readonly ChatMessage[], of: readonly ChatMessage[]): boolean {
  return prefix.length <= of.length && prefix.every((message, index) => sameMessage(message, of[index]!));
}

export type HistoryVerdict =
  | { kind: 'continue' }
  /** The same turn was already answered and stored (a client retry): answer it again, write nothing. */
  | { kind: 'replay'; reply: string };

/** The shape every interview history must have, checked before any read or model call. */
export function assertInterviewShape(sent: readonly ChatMessage[]): void {
  if (sent[0]?.role !== 'user') {
    throw new BadRequestError('messages[0] must have role "user" (the interview starts with the candidate side)', 'INVALID_FIELD');
  }
  if (sent.at(-1)?.role !== 'user') {
    throw new BadRequestError('The last message must be the candidate\'s turn (role "user")', 'INVALID_FIELD');
  }
}

export function checkHistory(stored: readonly ChatMessage[] | undefined, sent: readonly ChatMessage[]): HistoryVerdict {
  assertInterviewShape(sent);
  if (!stored || stored.length === 0) return { kind: 'continue' };
  if (sent.length > stored.length && isPrefix(stored, sent)) return { kind: 'continue' };

  const last = stored.at(-1);
  if (stored.length === sent.length + 1 && last?.role === 'assistant' && isPrefix(sent, stored)) {
    return { kind: 'replay', reply: last.content };
  }
  throw new ConflictError(
    'The history does not match the stored interview: earlier turns were changed, dropped or reordered. Reload the session and try again.',
    'HISTORY_MISMATCH',
  );
}

/**
 * The transcript sent for grading must carry the interviewer's turns as stored (in
 * order, possibly fewer); the candidate's final answer may be newer than the store.
 */
export function checkFeedbackTranscript(stored: readonly ChatMessage[] | undefined, sent: readonly ChatMessage[]): void {
  const storedQuestions = (stored ?? []).filter((m) => m.role === 'assistant').map((m) => m.content.trim());
  const sentQuestions = sent.filter((m) => m.role === 'assistant').map((m) => m.content.trim());
  const matches = sentQuestions.length <= storedQuestions.length && sentQuestions.every((q, i) => q === storedQuestions[i]);
  if (!matches) {
    throw new ConflictError("The transcript's interviewer turns do not match the stored interview.", 'HISTORY_MISMATCH');
  }
}
