import type { MiddlewareObj } from '@middy/core';
import type { ChatMessage, SessionSettings } from '../domain';
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

/** A retry's answer within its limit (413 ANSWER_TOO_LONG), before any read or model call. */
export function enforceAnswerLimit(answer: string): void {
  if (answer.length > LIMITS.maxRetryAnswerChars) {
    throw new PayloadTooLargeError(`retry.answer has ${answer.length} characters; at most ${LIMITS.maxRetryAnswerChars} are allowed`, 'ANSWER_TOO_LONG');
  }
}

/** POST /feedback: a grade's transcript, or a retry's answer, within its limits (413). */
export function feedbackLimits(): MiddlewareObj<HttpEvent, HttpResult, Error, WithInput<{ messages: readonly ChatMessage[] } | { retry: { answer: string } }>> {
  return {
    before: (request) => {
      const input = request.context.input;
      if ('retry' in input) enforceAnswerLimit(input.retry.answer);
      else enforceTranscriptLimits(input.messages);
    },
  };
}

/** Size limits on a session's settings (POST /interview): 413 naming the field, before any read, model call or write. */
export function enforceSettingsLimits(settings: SessionSettings): void {
  (settings.focus ?? []).forEach((entry, index) => {
    if (entry.length > LIMITS.maxFocusChars) {
      throw new PayloadTooLargeError(`focus[${index}] has ${entry.length} characters; at most ${LIMITS.maxFocusChars} are allowed`, 'FOCUS_TOO_LONG');
    }
  });
  const jobDescription = settings.jobDescription?.length ?? 0;
  if (jobDescription > LIMITS.maxJobDescriptionChars) {
    throw new PayloadTooLargeError(
      `jobDescription has ${jobDescription} characters; at most ${LIMITS.maxJobDescriptionChars} are allowed`,
      'JOB_DESCRIPTION_TOO_LONG',
    );
  }
}

/** POST /interview: the validated input's focus and jobDescription within their limits (413). */
export function settingsLimits(): MiddlewareObj<HttpEvent, HttpResult, Error, WithInput<SessionSettings>> {
  return {
    before: (request) => enforceSettingsLimits(request.context.input),
  };
}
