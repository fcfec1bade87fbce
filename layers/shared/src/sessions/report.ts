import { DEFAULT_LANGUAGE, LANGUAGE_NAMES, primaryLanguage, RATING_KEYS, type EvidencedPoint, type Feedback, type SessionItem } from '../domain';
import { latestGraded } from '../skills/state';
import { longestTranscript } from './items';

/**
 * GET /review?format=markdown: the session as a Markdown report the candidate can keep or
 * print — header, transcript, ratings, per-question scores (when the grade has them),
 * evidence, retry attempts (when there are any) and suggestions.
 *
 * Every piece of candidate or model text goes through `escapeMarkdown` (one line, e.g. a
 * table cell) or `quoteBlock` (several lines, each prefixed with "> "), so no text can open
 * a heading, a list, a table row, a link or raw HTML: the structure is the server's alone.
 */

export const MARKDOWN_CONTENT_TYPE = 'text/markdown; charset=utf-8';

/**
 * Markdown's punctuation backslash-escaped (CommonMark allows it before any ASCII
 * punctuation) and HTML's three specials as entities. ":" is escaped too, so "https://…" and
 * "www." never become GFM autolinks in renderers that match them in the source.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~=:]/g, '\\$&');
}

/** Several lines as one blockquote: every line prefixed, so no line can start a block of its own. */
export function quoteBlock(text: string): string {
  const lines = text.trim().split(/\r\n?|\n/);
  return lines.map((line) => (line.trim() ? `> ${escapeMarkdown(line)}` : '>')).join('\n');
}

const RATING_LABELS: Record<(typeof RATING_KEYS)[number], string> = {
  technical: 'Technical',
  communication: 'Communication',
  confidence: 'Confidence',
  overall: 'Overall',
};

function dateOf(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The role a session was tailored to: the job description's first non-empty line, shortened. */
export function roleOf(jobDescription: string): string {
  const line = jobDescription.split(/\r\n?|\n/).find((candidate) => candidate.trim())?.trim() ?? '';
  return line.length <= 80 ? line : `${line.slice(0, 79).trimEnd()}…`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function header(first: SessionItem, transcript: SessionItem): string[] {
  const tag = transcript.language ?? DEFAULT_LANGUAGE;
  const language = primaryLanguage(tag);
  const rows: Array<[string, string]> = [
    ['Category', escapeMarkdown(transcript.category)],
    ['Difficulty', escapeMarkdown(transcript.difficulty)],
    ['Language', `${escapeMarkdown(tag)}${language ? ` (${escapeMarkdown(LANGUAGE_NAMES[language])})` : ''}`],
    ['Date', dateOf(first.ts)],
  ];
  if (transcript.jobDescription) rows.push(['Role', escapeMarkdown(roleOf(transcript.jobDescription))]);
  if (transcript.focus?.length) rows.push(['Focus', transcript.focus.map(escapeMarkdown).join('; ')]);
  rows.push(['Session', escapeMarkdown(transcript.sessionId)]);
  return [
    `# Interview report: ${escapeMarkdown(transcript.category)}, ${escapeMarkdown(transcript.difficulty)}`,
    '',
    '| Field | Value |',
    '| --- | --- |',
    ...rows.map(([field, value]) => `| ${field} | ${value} |`),
  ];
}

function transcriptSection(item: SessionItem): string[] {
  // The frontend's leading instruction turn is the client's text, not the interview.
  const firstQuestion = item.messages.findIndex((message) => message.role === 'assistant');
  const turns = firstQuestion < 0 ? [] : item.messages.slice(firstQuestion);
  const out = ['## Transcript', ''];
  if (turns.length === 0) return [...out, '_No interviewer turn yet._'];
  for (const turn of turns) {
    out.push(turn.role === 'assistant' ? '**Interviewer**' : '**Candidate**', '', turn.content.trim() ? quoteBlock(turn.content) : '> _(no answer)_', '');
  }
  return out.slice(0, -1);
}

function ratingsSection(feedback: Feedback): string[] {
  const rows = RATING_KEYS.map((key) => `| ${RATING_LABELS[key]} | ${num(feedback.ratings?.[key]) ?? '–'} |`);
  if (feedback.roleFit) rows.push(`| Role fit | ${num(feedback.roleFit.score) ?? '–'} |`);
  const out = ['## Ratings', '', '| Rating | Score (0–10) |', '| --- | --- |', ...rows];
  if (feedback.roleFit?.rationale) out.push('', '**Role fit:**', '', quoteBlock(feedback.roleFit.rationale));
  if (feedback.summary) out.push('', '**Summary:**', '', quoteBlock(feedback.summary));
  if (feedback.insufficientTranscript) out.push('', '_The transcript was too short to grade reliably._');
  return out;
}

/** feedback.questions (per-question grades, when the grade has them): score, model answer, tip. */
function questionsSection(feedback: Feedback): string[] {
  // Not in this backend's Feedback type yet (issue 13 adds it): read defensively.
  const questions: unknown = isRecord(feedback) ? feedback['questions'] : undefined;
  if (!Array.isArray(questions) || questions.length === 0) return [];
  const out = ['## Questions'];
  questions.filter(isRecord).forEach((question, position) => {
    const index = num(question.index) ?? position;
    const score = num(question.score);
    const verdict = str(question.verdict);
    out.push('', `### Question ${index + 1}: ${score === undefined ? 'not scored' : `${score}/10`}${verdict ? ` (${escapeMarkdown(verdict)})` : ''}`);
    for (const [label, key] of [['Question', 'question'], ['Answer', 'answer'], ['Why', 'rationale'], ['What a strong answer covers', 'modelAnswer'], ['Tip', 'tip']] as const) {
      const value = str(question[key]);
      if (value) out.push('', `**${label}:**`, '', quoteBlock(value));
    }
  });
  return out;
}

function pointsSection(title: string, points: readonly string[], evidence: readonly EvidencedPoint[] | undefined): string[] {
  if (points.length === 0) return [];
  const out = [`## ${title}`, ''];
  points.forEach((point, index) => {
    out.push(`- ${escapeMarkdown(point)}`);
    const quote = evidence?.[index]?.quote;
    if (quote) out.push(`  - Evidence: “${escapeMarkdown(quote)}”`);
  });
  return out;
}

/** Retry attempts of single questions (when the session has any): score and change per attempt. */
function attemptsSection(attempts: readonly unknown[]): string[] {
  const rows = attempts.filter(isRecord).map((attempt) => {
    const delta = num(attempt.delta);
    return `| ${(num(attempt.questionIndex) ?? 0) + 1} | ${num(attempt.attempt) ?? '–'} | ${num(attempt.score) ?? '–'} | ${num(attempt.previousScore) ?? '–'} | ${delta === undefined ? '–' : delta > 0 ? `+${delta}` : String(delta)} |`;
  });
  if (rows.length === 0) return [];
  return ['## Retry attempts', '', '| Question | Attempt | Score | Previous | Change |', '| --- | --- | --- | --- | --- |', ...rows];
}

function suggestionsSection(suggestions: readonly string[]): string[] {
  if (suggestions.length === 0) return [];
  return ['## Suggestions', '', ...suggestions.map((suggestion, index) => `${index + 1}. ${escapeMarkdown(suggestion)}`)];
}

/**
 * The report of one session from its stored items (oldest first, as GET /review reads them):
 * the transcript of its longest item, the grade of its latest graded item.
 */
export function sessionReport(items: readonly SessionItem[], attempts: readonly unknown[] = []): string {
  const first = items[0];
  const transcript = longestTranscript(items);
  if (!first || !transcript) throw new Error('sessionReport needs at least one item');
  const graded = latestGraded(items)?.feedback;
  const sections: string[][] = [header(first, transcript), transcriptSection(transcript)];
  if (!graded) {
    sections.push(['## Grade', '', '_This session has not been graded yet._']);
  } else {
    sections.push(
      ratingsSection(graded),
      questionsSection(graded),
      pointsSection('Strengths', graded.strengths ?? [], graded.evidence?.strengths),
      pointsSection('Weaknesses', graded.weaknesses ?? [], graded.evidence?.weaknesses),
    );
  }
  sections.push(attemptsSection(attempts));
  if (graded) sections.push(suggestionsSection(graded.suggestions ?? []));
  sections.push(['_IntelliView practice report._']);
  return `${sections.filter((section) => section.length > 0).map((section) => section.join('\n')).join('\n\n')}\n`;
}
