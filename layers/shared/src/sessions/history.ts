import type { ChatMessage } from '../domain';
import { BadRequestError, ConflictError } from '../errors';

/**
 * History integrity. The client sends the whole history each turn, but the interviewer's
 * turns are the server's words: the client may only ADD the candidate's messages to the
 * stored transcript, never write or change an interviewer turn.
 *
 * The published frontend adds assistant bubbles of its own after a failed call
 * (`⚠️ Failed to start interview. …`, `⚠️ Error during interview.`, see the API contract).
 * They are not the interviewer's words: they are dropped before anything else, never sent
 * to the model, never stored, never graded.
 */

/** How the published frontend marks the assistant bubbles it writes itself after a failed call. */
export const LOCAL_BUBBLE_PREFIX = '⚠️ ';

export function isLocalErrorBubble(message: ChatMessage): boolean {
  return message.role === 'assistant' && message.content.startsWith(LOCAL_BUBBLE_PREFIX);
}

export function withoutLocalBubbles(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((message) => !isLocalErrorBubble(message));
}

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return a.role === b.role && a.content === b.content;
}

function isPrefix(prefix: readonly ChatMessage[], of: readonly ChatMessage[]): boolean {
  return prefix.length <= of.length && prefix.every((message, index) => sameMessage(message, of[index]!));
}

/** `sent` is `base` plus at least one message, all of them the candidate's. */
function addsOnlyCandidateText(base: readonly ChatMessage[], sent: readonly ChatMessage[]): boolean {
  return sent.length > base.length && isPrefix(base, sent) && sent.slice(base.length).every((message) => message.role === 'user');
}

/** The stored transcript without its last interviewer turn (the one a lost answer may have hidden). */
function withoutLastInterviewerTurn(stored: readonly ChatMessage[]): ChatMessage[] | undefined {
  return stored.at(-1)?.role === 'assistant' ? stored.slice(0, -1) : undefined;
}

export type HistoryVerdict =
  /** Ask the interviewer with `history` (local bubbles removed) and store it with the reply. */
  | { kind: 'continue'; history: ChatMessage[] }
  /**
   * The candidate never saw the stored last interviewer turn (its answer was lost, the
   * frontend showed a bubble) and answered on: continue from what the candidate saw; the
   * unseen turn is dropped from the stored transcript.
   */
  | { kind: 'rewind'; history: ChatMessage[]; unseen: string }
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

function mismatch(): ConflictError {
  return new ConflictError(
    'The history does not match the stored interview: interviewer turns were added, changed, dropped or reordered. Reload the session and try again.',
    'HISTORY_MISMATCH',
  );
}

/**
 * POST /interview: what the client sent, against what the server stored (undefined for a
 * new session). Throws 409 HISTORY_MISMATCH for any interviewer turn the server did not author.
 */
export function checkHistory(storedWithBubbles: readonly ChatMessage[] | undefined, sentWithBubbles: readonly ChatMessage[]): HistoryVerdict {
  assertInterviewShape(sentWithBubbles);
  const sent = withoutLocalBubbles(sentWithBubbles);
  // Transcripts stored before bubbles were dropped may still hold some.
  const stored = withoutLocalBubbles(storedWithBubbles ?? []);

  if (stored.length === 0) {
    if (sent.some((message) => message.role === 'assistant')) throw mismatch();
    return { kind: 'continue', history: sent };
  }
  if (addsOnlyCandidateText(stored, sent)) return { kind: 'continue', history: sent };

  const seen = withoutLastInterviewerTurn(stored);
  if (seen && sent.length === seen.length && isPrefix(sent, seen)) return { kind: 'replay', reply: stored.at(-1)!.content };
  if (seen && addsOnlyCandidateText(seen, sent)) return { kind: 'rewind', history: sent, unseen: stored.at(-1)!.content };
  throw mismatch();
}

/**
 * POST /feedback: what the grader sees. The frontend sends its visible history (without its
 * instruction message, so it is no prefix of the stored transcript); the interviewer's turns
 * are taken from the store, and only the candidate's answers after the last interviewer turn
 * the client shows are taken from the client (its final answers may not be stored yet):
 *  - the client's last interviewer turn is the stored last one → stored + those answers;
 *  - it is the one before, and the stored last one was never seen (its answer was lost) →
 *    stored without the unseen turn + the answers it does not hold yet;
 *  - anything else → the stored transcript alone.
 * Local bubbles never reach the grader, and a trailing one hides no answer.
 */
export function transcriptToGrade(storedWithBubbles: readonly ChatMessage[] | undefined, sentWithBubbles: readonly ChatMessage[]): ChatMessage[] {
  const sent = withoutLocalBubbles(sentWithBubbles);
  const stored = withoutLocalBubbles(storedWithBubbles ?? []);
  if (stored.length === 0) return sent;

  const lastQuestion = sent.findLastIndex((message) => message.role === 'assistant');
  if (lastQuestion < 0) return stored;
  const question = sent[lastQuestion]!;
  const answers = sent.slice(lastQuestion + 1);

  if (stored.at(-1)?.role === 'assistant' && sameMessage(stored.at(-1)!, question)) return [...stored, ...answers];

  const seen = withoutLastInterviewerTurn(stored);
  const seenQuestion = seen?.findLastIndex((message) => message.role === 'assistant') ?? -1;
  if (seen && seenQuestion >= 0 && sameMessage(seen[seenQuestion]!, question)) {
    const storedAnswers = seen.slice(seenQuestion + 1);
    if (isPrefix(storedAnswers, answers)) return [...seen, ...answers.slice(storedAnswers.length)];
  }
  return stored;
}
