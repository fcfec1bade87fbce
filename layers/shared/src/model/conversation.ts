/**
 * Turn the frontend's chat history into a valid Converse conversation.
 *
 * The frontend's /interview history starts with an instruction it wrote itself (role user).
 * That text must never steer the model, so it is replaced by a fixed server-authored opener.
 * Converse then needs alternating roles that start and end with the user: consecutive turns
 * of one role are merged, empty answers get a placeholder, and a history that ends with the
 * interviewer gets a server turn saying the candidate has not answered.
 */
import type { Message } from '@aws-sdk/client-bedrock-runtime';
import type { ChatMessage, Role, SessionSettings } from '../domain';
import { EMPTY_ANSWER_PLACEHOLDER, INTERVIEWER_OPENER, practiceBrief } from './prompts/interviewer';

export const NO_ANSWER_YET = '(The candidate has not answered yet. Please continue the interview.)';

export interface Turn {
  role: Role;
  text: string;
}

/**
 * Drop the client's leading instruction turn (if any) and start with the server's opener,
 * followed by the session's practice brief (focus, job description) as delimited data: the
 * same opening turn on every turn of the session, so the prompt prefix stays cacheable.
 */
export function interviewTurns(messages: ChatMessage[], settings: SessionSettings = {}): Turn[] {
  const rest = messages[0]?.role === 'user' ? messages.slice(1) : messages;
  const brief = practiceBrief(settings);
  const turns: Turn[] = [{ role: 'user', text: brief ? `${INTERVIEWER_OPENER}\n\n${brief}` : INTERVIEWER_OPENER }];
  for (const message of rest) {
    const text = message.content.trim();
    turns.push({ role: message.role, text: text || (message.role === 'user' ? EMPTY_ANSWER_PLACEHOLDER : '') });
  }
  return alternate(turns);
}

/** Merge consecutive same-role turns, drop empty interviewer turns, and end on a user turn. */
export function alternate(turns: Turn[]): Turn[] {
  const merged: Turn[] = [];
  for (const turn of turns) {
    if (!turn.text) continue;
    const last = merged[merged.length - 1];
    if (last && last.role === turn.role) last.text = `${last.text}\n\n${turn.text}`;
    else merged.push({ ...turn });
  }
  if (merged[0]?.role !== 'user') merged.unshift({ role: 'user', text: INTERVIEWER_OPENER });
  if (merged[merged.length - 1]?.role !== 'user') merged.push({ role: 'user', text: NO_ANSWER_YET });
  return merged;
}

/**
 * Rough token estimate (≈4 characters per token for English), only used to decide whether a
 * history is long enough for a cache checkpoint to be worth writing.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Claude on Bedrock caches nothing below 1,024 prompt tokens (the documented minimum for Sonnet;
 * higher for some models), so a checkpoint on a shorter prefix would only cost a cache write.
 */
export const MIN_CACHEABLE_TOKENS = 1024;

/**
 * Converse messages; with `cacheHistory`, a cachePoint after the newest user turn when the
 * prompt is long enough, so the next turn (same prefix + two new turns) reads it from the cache.
 */
export function toConverseMessages(turns: Turn[], options: { cacheHistory: boolean; systemText: string }): Message[] {
  const messages: Message[] = turns.map((turn) => ({ role: turn.role, content: [{ text: turn.text }] }));
  if (!options.cacheHistory) return messages;
  const total = estimateTokens(options.systemText) + turns.reduce((sum, turn) => sum + estimateTokens(turn.text), 0);
  const last = messages[messages.length - 1];
  if (total >= MIN_CACHEABLE_TOKENS && last?.content) last.content.push({ cachePoint: { type: 'default' } });
  return messages;
}
