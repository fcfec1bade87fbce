/**
 * What "a question" of a transcript is, decided by the server (never by the model), so the
 * per-question grades, their `question` and `answer` texts and the retry numbering do not
 * depend on what a model answered:
 *  - every interviewer turn is one question, in order, numbered from 0;
 *  - the candidate's turns after it, up to the next interviewer turn, are its answer
 *    (several turns are joined by a blank line);
 *  - a closing remark is folded away: a final interviewer turn that asks nothing (no "?")
 *    after at least one question, e.g. "Thank you, that covers everything";
 *  - an answer is empty when it has no non-whitespace character: the question is then
 *    `unanswered` (score null) without any model call. The final question the frontend
 *    ends on is therefore listed as unanswered: listed, never penalised.
 * Interviewer turns that follow up on an answer stay questions of their own: a follow-up
 * asks for something the first answer lacked, and grading it separately says so.
 */
import type { ChatMessage } from '../domain';
import { transcriptTurns } from './prompts/grader';

export interface TranscriptQuestion {
  index: number;
  /** The interviewer's turn, verbatim. */
  question: string;
  /** The candidate's answer, verbatim ("" when none). */
  answer: string;
}

/** At most this many questions are graded (and listed) per grade: see docs/model.md#per-question-grades for the time budget. */
export const MAX_GRADED_QUESTIONS = 16;

/** `question` and `answer` as stored in feedback.questions and attempts: shortened with "…" beyond this. */
export const STORED_TEXT_CHARS = 1000;

const asksSomething = (text: string) => /[?？]/.test(text);

export function questionsOf(messages: readonly ChatMessage[]): TranscriptQuestion[] {
  const questions: TranscriptQuestion[] = [];
  const answers: string[][] = [];
  for (const turn of transcriptTurns([...messages])) {
    if (turn.speaker === 'interviewer') {
      questions.push({ index: questions.length, question: turn.text, answer: '' });
      answers.push([]);
    } else {
      answers.at(-1)?.push(turn.text);
    }
  }
  questions.forEach((question, index) => {
    question.answer = (answers[index] ?? []).filter((text) => text.trim()).join('\n\n');
  });
  const last = questions.at(-1);
  if (questions.length > 1 && last && !last.answer.trim() && !asksSomething(last.question)) questions.pop();
  return questions;
}

export function isEmptyAnswer(answer: string): boolean {
  return answer.trim().length === 0;
}

/** Shorten to at most `max` characters, at a word boundary when one is near, ending in "…". */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
