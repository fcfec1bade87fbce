import type { MiddlewareObj } from '@middy/core';
import type { ChatMessage } from '../domain';
import { PayloadTooLargeError } from '../errors';
import { LIMITS, transcriptBytes } from '../limits';
import type { HttpEvent, HttpResult } from './event';
import type { WithInput } from './input';

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

/** POST routes: the validated input's `messages` within the transcript limits (413). */
export function transcriptLimits(): MiddlewareObj<HttpEvent, HttpResult, Error, WithInput<{ messages: readonly ChatMessage[] }>> {
  return {
    before: (request) => enforceTranscriptLimits(request.context.input.messages),
  };
}
