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
 * What POST /feedback grades: the transcript the server stored (the interviewer's turns
 * are the server's words, and the frontend's local error bubbles never reach the store),
 * plus the candidate's final answers when the client has some the store has not seen yet
 * (sent after the last stored interviewer turn).
 */
export function transcriptToGrade(stored: readonly ChatMessage[] | undefined, sent: readonly ChatMessage[]): ChatMessage[] {
  if (!stored || stored.length === 0) return [...sent];
  const lastStored = stored.at(-1)!;
  let lastSentQuestion = -1;
  sent.forEach((message, index) => {
    if (message.role === 'assistant') lastSentQuestion = index;
  });
  const trailingAnswers = sent.slice(lastSentQuestion + 1);
  const continuesStore =
    lastStored.role === 'assistant' && lastSentQuestion >= 0 && sent[lastSentQuestion]!.content === lastStored.content;
  return continuesStore ? [...stored, ...trailingAnswers] : [...stored];
}
