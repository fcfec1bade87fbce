/**
 * The domain vocabulary shared by every module: interview categories, chat turns,
 * stored session items and feedback. Attribute names match the items written by the
 * original Python backend so existing tables keep working.
 */
import { BadRequestError } from './errors';

export const CATEGORIES = ['Behavioral', 'DSA', 'System Design', 'HR', 'Product'] as const;
export type Category = (typeof CATEGORIES)[number];

export const DIFFICULTIES = ['Easy', 'Medium', 'Hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export type Role = 'user' | 'assistant';

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
  /** Additive: which model and prompt version produced this grade. */
  modelId?: string;
  promptVersion?: string;
}

/** One stored item of the InterviewSession table (PK sessionId, SK ts). */
export interface SessionItem {
  sessionId: string;
  ts: number;
  userId: string;
  category: string;
  difficulty: string;
  messages: ChatMessage[];
  feedback?: Feedback;
  feedbackTimestamp?: number;
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
