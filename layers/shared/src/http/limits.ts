import type { ChatMessage } from '../domain';
import { PayloadTooLargeError } from '../errors';
import { LIMITS, transcriptBytes } from '../limits';

/** Size limits on a history, checked before any model call or write: 413 with the limit named. */
export function enforceTranscriptLimits(messages: readonly ChatMessage[]): void {
  if (messages.length > LIMITS.maxMessages) {
    throw new PayloadTooLargeError(`messages has ${messages.length} entries; at most ${LIMITS.maxMessages} are allowed`, 'TOO_MANY_MESSAGES');
  }
  messages.forEach((message, index) => {
    if (message.content.length > LIMITS.maxMessageChars) {
      throw new PayloadTooLargeError(
        `messages[${index}].content has ${message.content.length} characters; at most ${LIMITS.maxMessageChars} are allowed`,
        'MESSAGE_TOO_LONG',
      );
    }
  });
  const bytes = transcriptBytes(messages);
  if (bytes > LIMITS.maxTranscriptBytes) {
    throw new PayloadTooLargeError(`The transcript is ${bytes} bytes; at most ${LIMITS.maxTranscriptBytes} are allowed`, 'TRANSCRIPT_TOO_LARGE');
  }
}
