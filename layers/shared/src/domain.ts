/**
 * The domain vocabulary shared by every module: interview categories, chat turns,
 * stored session items and feedback. Attribute names match the items written by the
 * original Python backend so existing tables keep working.
 */
import { BadRequestError } from './errors';
import type { SessionUsage } from './usage/usage';

export const CATEGORIES = ['Behavioral', 'DSA', 'System Design', 'HR', 'Product'] as const;
export type Category = (typeof CATEGORIES)[number];

export const DIFFICULTIES = ['Easy', 'Medium', 'Hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export type Role = 'user' | 'assistant';

/**
 * Languages an interview can be held in: the primary subtag of a BCP-47 tag. Each has a
 * fixed instruction in the prompts (model/prompts/language.ts), so the client's tag itself
 * never reaches a system prompt.
 */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'it', 'hi', 'ja', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's English name and its own name (prompts and the Markdown report use them). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Spanish (español)',
  fr: 'French (français)',
  de: 'German (Deutsch)',
  pt: 'Portuguese (português)',
  it: 'Italian (italiano)',
  hi: 'Hindi (हिन्दी)',
  ja: 'Japanese (日本語)',
  zh: 'Chinese (中文)',
};

/** The primary language of a normalised tag ("pt-BR" → "pt"); undefined when not allowed. */
export function primaryLanguage(tag: string | undefined): Language | undefined {
  const primary = (tag ?? DEFAULT_LANGUAGE).split('-')[0]?.toLowerCase();
  return LANGUAGES.find((language) => language === primary);
}

/**
 * A session's practice settings, chosen on its first turn and stored on every item of it
 * (additive attributes; absent on sessions that did not choose them).
 */
export interface SessionSettings {
  /** Up to 3 short focus areas, e.g. from GET /skills nextPractice. Untrusted text. */
  focus?: string[];
  /** Pasted job description. Untrusted text. */
  jobDescription?: string;
  /** A normalised BCP-47 tag whose primary language is in LANGUAGES; absent means "en". */
  language?: string;
}

export interface ChatMessage {
  role: Role;
  content: string;
}

export const RATING_KEYS = ['technical', 'communication', 'confidence', 'overall'] as const;
export type RatingKey = (typeof RATING_KEYS)[number];
export type Ratings = Record<RatingKey, number>;

/** A strength or weakness with the candidate's own words that support it. */
export interface EvidencedPoint {
  point: string;
  /** Verbatim quote from the candidate's answers; absent when the model's quote was not in the transcript. */
  quote?: string;
}

/** How well the candidate's answers fit the role of the session's job description. */
export interface RoleFit {
  /** 0–10 integer. */
  score: number;
  rationale: string;
}

/**
 * A per-question verdict. The model judges strong / adequate / weak / off-topic; only the
 * server says `unanswered` (an empty answer is never sent to the model).
 */
export const VERDICTS = ['strong', 'adequate', 'weak', 'unanswered', 'off-topic'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What the grader says about one answer (a question of a grade, or a retry attempt). */
export interface AnswerGrade {
  /** 0–10 integer; null when unanswered. */
  score: number | null;
  verdict: Verdict;
  rationale: string;
  /** What a strong answer covers. */
  modelAnswer: string;
  /** One concrete improvement. */
  tip: string;
}

/** One entry of feedback.questions: `question` and `answer` come from the transcript (server-filled), the rest from the grader. */
export interface QuestionGrade extends AnswerGrade {
  index: number;
  question: string;
  answer: string;
}

/** A retry of one question (POST /feedback with `retry`), stored as its own item and returned by GET /review. */
export interface Attempt extends AnswerGrade {
  sessionId: string;
  questionIndex: number;
  /** 1-based: the how-manieth attempt at this question. */
  attempt: number;
  answer: string;
  previousScore: number | null;
  delta: number | null;
  /** ISO 8601. */
  gradedAt: string;
  /** Snapshot of the question's text (a later re-grade may renumber questions). */
  question: string;
  /** The grade the attempt was made against. */
  gradeId: string;
}

/** The contract's feedback object plus additive fields (evidence, model and prompt provenance). */
export interface Feedback {
  summary: string;
  ratings: Ratings;
  strengths: string[];
  weaknesses: string[];
  suggestions: string[];
  /** Additive: evidence per strength/weakness, same order as the lists. */
  evidence?: { strengths: EvidencedPoint[]; weaknesses: EvidencedPoint[] };
  /** Additive: true when the grader judged the transcript too short to grade reliably. */
  insufficientTranscript?: boolean;
  /** Additive: how well the answers fit the job description (only when the session has one). */
  roleFit?: RoleFit;
  /** Additive: one grade per question of the transcript, in order (model/questions.ts says what a question is). */
  questions?: QuestionGrade[];
  /** Additive: questions beyond the graded maximum, left out of `questions` (absent when none). */
  ungradedQuestions?: number;
  /** Additive: which model and prompt version produced this grade. */
  modelId?: string;
  promptVersion?: string;
}

/** One stored item of the InterviewSession table (PK sessionId, SK ts). */
export interface SessionItem extends SessionSettings {
  sessionId: string;
  ts: number;
  userId: string;
  category: string;
  difficulty: string;
  messages: ChatMessage[];
  feedback?: Feedback;
  feedbackTimestamp?: number;
  /** Additive: the model work this item's turns and grades consumed, beside `messages` (usage/usage.ts). */
  usage?: SessionUsage;
}

/** What GET /sessions lists per session. */
export interface SessionSummary {
  sessionId: string;
  category: string;
  difficulty: string;
  ts: number;
}

/*
 * The per-user skills aggregate's stored shape (its algebra is in skills/state.ts).
 */

/** Sum and count of one rating, in hundredths of a point. */
export interface RatingSum {
  s: number;
  c: number;
}
export type RatingSums = Partial<Record<RatingKey, RatingSum>>;

/** One strength/weakness: display text (first spelling seen while the key lives) and count. */
export interface PointCount {
  t: string;
  c: number;
}

export interface TrendEntry {
  sessionId: string;
  ts: number;
  category: string;
  /** The session's difficulty (entries written before it was recorded have none until a repair). */
  difficulty?: string;
  ratings: Partial<Ratings>;
  /** Grade order key (see gradeOrder); the trend is sorted by it. */
  o: string;
}

export interface SkillsState {
  /** Sessions with a grade (each counted once, by its latest grade). */
  sessions: number;
  ratings: RatingSums;
  byCategory: Record<string, { sessions: number; ratings: RatingSums }>;
  strengths: Record<string, PointCount>;
  weaknesses: Record<string, PointCount>;
  /** The last SKILLS_LIMITS.trendLength graded sessions by grade order, oldest first. */
  trend: TrendEntry[];
  /** Distinct point keys dropped by pruning so far (a prune makes top lists approximate). */
  prunedPoints: number;
  /** Retries of single questions (skills/practice.ts); absent until the user's first attempt. */
  practice?: PracticeState;
}

/** A retried question whose latest attempt still scores below 5. */
export interface PracticeEntry {
  sessionId: string;
  /** The question's index in the grade the latest attempt was made against. */
  index: number;
  category: string;
  /** The latest attempt's score. */
  score: number;
  /** Which question (its text, shortened): a re-grade may renumber questions. */
  q: string;
}

export interface PracticeState {
  /** Attempts made. */
  attempts: number;
  /** Sum and count of the attempts' deltas (attempts at an unanswered question have none). */
  deltaSum: number;
  deltaCount: number;
  /** Most recent first, at most PRACTICE_QUESTIONS (skills/practice.ts). */
  below: PracticeEntry[];
}

/** Who is calling (resolved at the HTTP edge, from a verified token or, in legacy mode, the declared userId). */
export interface Caller {
  /** The user whose data this request may touch; undefined only in `none` mode without a declared userId. */
  userId: string | undefined;
  /** True when the identity comes from a verified token. */
  verified: boolean;
}

/** The caller's user id, for routes that act on one user's data; 400 when legacy mode declared none. */
export function requireUserId(caller: Caller): string {
  if (!caller.userId) throw new BadRequestError('userId is required', 'MISSING_FIELD');
  return caller.userId;
}

export function nowEpochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
