import { z } from 'zod';
import { CATEGORIES, DIFFICULTIES, VERDICTS } from '../domain';
import { LIMITS } from '../limits';
import { ANSWER_LIMITS } from '../model/answerSchema';
import { LIMITS as GRADE_LIMITS } from '../model/feedbackSchema';
import { MAX_GRADED_QUESTIONS, STORED_TEXT_CHARS } from '../model/questions';

/**
 * Response and error schemas of the five routes: with the request schemas (./schemas,
 * ./paging) they are the one description of the HTTP API. scripts/openapi generates
 * docs/openapi.yaml from them, and the tests check real responses against that document.
 *
 * Objects are plain (strip) z.objects, so the generated document says
 * `additionalProperties: false`: a field the handlers send but this file does not name
 * fails the tests. Stored session items are the exception (`loose`): GET /review returns
 * items as stored, attributes of older writers included.
 */

const epochSeconds = z.int().min(0).describe('Unix epoch seconds');

export const chatMessageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
});

/** One value per rating (domain.ts RATING_KEYS). */
const byRating = <T extends z.ZodType>(value: T) => z.object({ technical: value, communication: value, confidence: value, overall: value });
const ratingsSchema = byRating(z.int().min(GRADE_LIMITS.minRating).max(GRADE_LIMITS.maxRating));

const evidencedPointSchema = z.object({
  point: z.string(),
  quote: z.string().optional().describe("Verbatim from the candidate's answers; absent when the grader's quote was not found there"),
});

const list = (maxChars: number) => z.array(z.string().min(1).max(maxChars)).min(GRADE_LIMITS.minItems).max(GRADE_LIMITS.maxItems);

const roleFitSchema = z
  .object({
    score: z.int().min(GRADE_LIMITS.minRating).max(GRADE_LIMITS.maxRating),
    rationale: z.string().min(1).max(GRADE_LIMITS.roleFitRationale),
  })
  .describe("Only for a session with a job description: how well the answers fit that role (0-10) and why, in the session's language");

/** What the grader says about one answer: a question of a grade, or a retry attempt. */
const answerGradeShape = {
  score: z.int().min(0).max(ANSWER_LIMITS.maxScore).nullable().describe('0-10; null when the answer was empty (unanswered). off-topic scores at most 2'),
  verdict: z.enum(VERDICTS).describe('strong (8-10), adequate (5-7), weak (3-4 or lower), off-topic (0-2: irrelevant, one-word, or instructions to the grader), unanswered (empty answer: decided by the server, score null)'),
  rationale: z.string().min(1).max(ANSWER_LIMITS.rationale),
  modelAnswer: z.string().min(1).max(ANSWER_LIMITS.modelAnswer).describe('What a strong answer to the question covers'),
  tip: z.string().min(1).max(ANSWER_LIMITS.tip).describe('One concrete improvement'),
};

export const questionGradeSchema = z
  .object({
    index: z.int().min(0).describe('0-based, in transcript order; the index a retry names'),
    question: z.string().max(STORED_TEXT_CHARS).describe(`The interviewer's turn, from the transcript (shortened with … beyond ${STORED_TEXT_CHARS} characters)`),
    answer: z.string().max(STORED_TEXT_CHARS).describe(`The candidate's answer, verbatim from the transcript ("" when none; shortened with … beyond ${STORED_TEXT_CHARS} characters)`),
    ...answerGradeShape,
  })
  .describe('One interviewer turn and its answer, graded on its own');

/** A retry attempt as POST /feedback answers it. */
export const attemptSchema = z.object({
  questionIndex: z.int().min(0),
  attempt: z.int().min(1).max(LIMITS.maxAttemptsPerQuestion).describe(`1 for the first retry of this question, up to ${LIMITS.maxAttemptsPerQuestion}`),
  answer: z.string().min(1).max(LIMITS.maxRetryAnswerChars),
  ...answerGradeShape,
  previousScore: z.int().min(0).max(10).nullable().describe("The latest earlier attempt's score at this question, else the grade's; null when the question was unanswered"),
  delta: z.int().min(-10).max(10).nullable().describe('score - previousScore; null when previousScore is null'),
  gradedAt: z.iso.datetime(),
});

/** A retry attempt as GET /review returns it: the response's fields plus what it was made against. */
export const reviewAttemptSchema = attemptSchema.extend({
  sessionId: z.string(),
  question: z.string().max(STORED_TEXT_CHARS).describe('Snapshot of the question at the time (a later re-grade may renumber questions)'),
  gradeId: z.string().describe('The grade the attempt was made against'),
});

/** A grade made by this backend: the contract's fields plus the additive ones, all present (roleFit only with a job description). */
export const feedbackSchema = z.object({
  summary: z.string().min(1).max(GRADE_LIMITS.summary),
  ratings: ratingsSchema,
  strengths: list(GRADE_LIMITS.point),
  weaknesses: list(GRADE_LIMITS.point),
  suggestions: list(GRADE_LIMITS.suggestion),
  evidence: z
    .object({ strengths: z.array(evidencedPointSchema), weaknesses: z.array(evidencedPointSchema) })
    .describe('One entry per strength / weakness, in the same order'),
  insufficientTranscript: z.boolean().describe('True when the transcript was too short to grade reliably'),
  roleFit: roleFitSchema.optional(),
  questions: z.array(questionGradeSchema).max(MAX_GRADED_QUESTIONS).describe(`One entry per interviewer turn, in order (a closing remark that asks nothing is left out), at most ${MAX_GRADED_QUESTIONS}`),
  ungradedQuestions: z.int().min(1).optional().describe(`Questions after the first ${MAX_GRADED_QUESTIONS}, not graded one by one (absent when none)`),
  modelId: z.string().describe('The model (or inference profile) that produced the grade'),
  promptVersion: z.string().describe('The grader prompt version, e.g. grader-v3'),
});

/**
 * A grade as stored. Grades written by the original backend have only the contract's
 * fields and no bounds but the 0–10 scale, so the additive fields are optional here.
 */
export const storedFeedbackSchema = z.object({
  summary: z.string(),
  ratings: byRating(z.number().min(GRADE_LIMITS.minRating).max(GRADE_LIMITS.maxRating)),
  strengths: z.array(z.string()),
  weaknesses: z.array(z.string()),
  suggestions: z.array(z.string()),
  evidence: feedbackSchema.shape.evidence.optional(),
  insufficientTranscript: z.boolean().optional(),
  roleFit: roleFitSchema.optional(),
  questions: z.array(questionGradeSchema).optional().describe('Grades made before per-question grading have none'),
  ungradedQuestions: z.int().min(1).optional(),
  modelId: z.string().optional(),
  promptVersion: z.string().optional(),
});

const tokensSchema = z.object({
  input: z.int().min(0).describe('Input tokens neither read from nor written to the prompt cache'),
  output: z.int().min(0),
  cacheRead: z.int().min(0).describe('Input tokens read from the prompt cache'),
  cacheWrite: z.int().min(0).describe('Input tokens written to the prompt cache'),
});
const usageEntrySchema = z.object({
  at: epochSeconds.describe('When the turn or grade was stored'),
  modelId: z.string(),
  calls: z.int().min(1).describe('Model calls that answered, retries after an invalid answer included'),
  tokens: tokensSchema,
  costUsd: z.number().min(0).optional().describe('Estimate from the price table; absent for a model without a price'),
});
/** The item's model usage (docs/operations.md#cost); absent on items stored before it was recorded. */
const usageSchema = z.object({
  turns: z.array(usageEntrySchema),
  grades: z.array(usageEntrySchema).describe('One entry per grade: a re-grade adds one'),
  total: z.object({ calls: z.int().min(0), tokens: tokensSchema, costUsd: z.number().min(0).optional() }),
});

/** One item of the sessions table, as stored (PK sessionId, SK ts). */
export const sessionItemSchema = z.looseObject({
  sessionId: z.string(),
  ts: epochSeconds,
  userId: z.string(),
  category: z.string(),
  difficulty: z.string(),
  messages: z.array(chatMessageSchema),
  feedback: storedFeedbackSchema.optional(),
  feedbackTimestamp: epochSeconds.optional().describe('When the grade was stored'),
  gradeId: z.string().optional().describe('Time-ordered id of the latest grade (grades made by this backend)'),
  usage: usageSchema.optional().describe("Additive: the model tokens of the item's turns and grades, with totals and a cost estimate"),
  focus: z.array(z.string()).max(LIMITS.maxFocusEntries).optional().describe("The session's focus areas, chosen on its first turn (on every item of the session)"),
  jobDescription: z.string().max(LIMITS.maxJobDescriptionChars).optional().describe('The job description the session is tailored to, chosen on its first turn'),
  language: z.string().optional().describe('The normalised BCP-47 tag of the session\'s language, chosen on its first turn; absent means "en"'),
});

export const sessionSummarySchema = z.object({
  sessionId: z.string(),
  category: z.string(),
  difficulty: z.string(),
  ts: epochSeconds.describe("The session's latest ts"),
});

const averages = byRating(z.number().min(GRADE_LIMITS.minRating).max(GRADE_LIMITS.maxRating).optional());
const topPoints = z.array(z.tuple([z.string(), z.int().min(1)])).max(5);

export const skillsReportSchema = z.object({
  sessionsAnalyzed: z.int().min(0).describe('Sessions with a grade, each counted once'),
  avgRatings: averages.describe('Rounded to 2 decimals; a rating no grade has is absent'),
  topStrengths: topPoints.describe('At most 5 [text, count] pairs, most frequent first'),
  topWeaknesses: topPoints.describe('At most 5 [text, count] pairs, most frequent first'),
  byCategory: z.record(z.string(), z.object({ sessionsAnalyzed: z.int().min(1), avgRatings: averages })),
  trend: z
    .array(
      z.object({
        sessionId: z.string(),
        ts: epochSeconds,
        category: z.string(),
        difficulty: z.string().optional().describe('Absent on entries written before it was recorded, until `npm run repair-skills`'),
        ratings: averages,
      }),
    )
    .max(20)
    .describe('The last 20 graded sessions, oldest first'),
  nextPractice: z
    .object({
      category: z.enum(CATEGORIES),
      difficulty: z.enum(DIFFICULTIES),
      focus: z.array(z.string().min(1).max(LIMITS.maxFocusChars)).max(LIMITS.maxFocusEntries).describe("Up to 3 focus areas, each usable as POST /interview's focus"),
      reason: z.string().min(1).describe('One sentence citing the evidence: weakest rating, recurring weakness, trend'),
    })
    .describe('What to practise next, by fixed rules over the aggregate (docs/analytics.md); a default when nothing is graded yet'),
  practice: z
    .object({
      attempts: z.int().min(0).describe('Retries of single questions made'),
      averageDelta: z.number().min(-10).max(10).nullable().describe('Mean change in score over the attempts that had a previous score (2 decimals); null when none'),
      belowFive: z
        .array(z.object({ sessionId: z.string(), index: z.int().min(0), category: z.string(), score: z.int().min(0).max(4) }))
        .max(20)
        .describe('Retried questions whose latest attempt still scores below 5, most recent first, at most 20'),
    })
    .describe('Additive: what retries of single questions (POST /feedback with retry) changed'),
  budget: z
    .object({
      turnsLeft: z.int().min(0).nullable().describe('Interviewer turns (POST /interview) left today; null when unlimited'),
      gradesLeft: z.int().min(0).nullable().describe('Grades (POST /feedback) left today; null when unlimited'),
      resetsAt: z.iso.datetime().nullable().describe('When the daily budgets reset (the next UTC midnight); null when both are unlimited'),
    })
    .describe("What is left of the caller's daily budgets of model work"),
});

/** The 200 bodies, by route. */
export const interviewResponseSchema = z.object({ message: z.string().min(1).describe("The interviewer's next turn") });
export const feedbackResponseSchema = z.object({ success: z.literal(true), feedback: feedbackSchema });
export const attemptResponseSchema = z.object({ success: z.literal(true), attempt: attemptSchema });
/** POST /feedback answers a grade, or with `retry` in the request an attempt. */
export const feedbackRouteResponseSchema = z.union([feedbackResponseSchema, attemptResponseSchema]);
export const reviewResponseSchema = z.object({
  messages: z.array(sessionItemSchema).min(1).describe('Every stored item of the session, oldest ts first'),
  attempts: z.array(reviewAttemptSchema).describe('Additive: retries of single questions, in the order they were made (empty when none)'),
});
export const sessionsResponseSchema = z.array(sessionSummarySchema).describe('Newest first, one entry per session');

/**
 * Every error code the routes answer with, its status and what it means. The codes are
 * the ones in the code (errors.ts defaults, the Middy stack, limits, history, cursor,
 * storage and model adapters); keep this list in step when adding one.
 */
export const ERROR_CODES = {
  INVALID_JSON: { status: 400, meaning: 'The body is not valid JSON.' },
  MISSING_BODY: { status: 400, meaning: 'A POST without a body.' },
  INVALID_BODY: { status: 400, meaning: 'The body is JSON but not an object.' },
  MISSING_FIELD: { status: 400, meaning: 'A required field or query parameter is absent (in legacy mode, userId too); the message names it.' },
  INVALID_FIELD: { status: 400, meaning: 'A field has the wrong type, format or value; the message names it.' },
  INVALID_CURSOR: { status: 400, meaning: 'The cursor was edited, expired, or issued for another user.' },
  BAD_REQUEST: { status: 400, meaning: 'Any other malformed request.' },
  UNAUTHORIZED: { status: 401, meaning: 'No valid Cognito ID token (cognito mode), or an access token instead of an ID token.' },
  FORBIDDEN: { status: 403, meaning: 'A userId was sent that is not the authenticated user (cognito mode).' },
  NOT_FOUND: { status: 404, meaning: "No such session, or it is another user's." },
  HISTORY_MISMATCH: {
    status: 409,
    meaning:
      "The history adds something other than the candidate's messages to the stored transcript (an interviewer turn the server did not author, or earlier turns changed, dropped or reordered); the frontend's local ⚠️ bubbles are dropped, not refused. Nothing was written and the model was not called.",
  },
  SESSION_SETTINGS_MISMATCH: {
    status: 409,
    meaning: 'A later turn of a session sent focus, jobDescription or language with a value other than the one the session was started with (later turns may omit them: they are inherited). Nothing was written and the model was not called.',
  },
  NOT_GRADED: { status: 409, meaning: 'A retry of a session that has no per-question grade yet (never graded, or graded before per-question grades): grade it first. Nothing was written.' },
  ATTEMPT_LIMIT: { status: 409, meaning: 'A retry of a question that already has 10 attempts. Nothing was written.' },
  GRADE_CONFLICT: { status: 409, meaning: 'Concurrent grades of the same user kept winning the race for the skills aggregate for 3 s (the grade is one transaction, redone after each lost race); nothing was written.' },
  BODY_TOO_LARGE: { status: 413, meaning: 'The body is over 256 KiB.' },
  TOO_MANY_MESSAGES: { status: 413, meaning: 'More than 120 messages.' },
  MESSAGE_TOO_LONG: { status: 413, meaning: "One message's content is over 10,000 characters." },
  TRANSCRIPT_TOO_LARGE: { status: 413, meaning: 'All message contents together are over 160 KiB of UTF-8.' },
  ANSWER_TOO_LONG: { status: 413, meaning: "A retry's answer is over 4,000 characters." },
  FOCUS_TOO_LONG: { status: 413, meaning: 'A focus entry is over 80 characters.' },
  JOB_DESCRIPTION_TOO_LONG: { status: 413, meaning: 'The jobDescription is over 8,000 characters.' },
  ITEM_TOO_LARGE: { status: 413, meaning: 'The session item would exceed what DynamoDB can store.' },
  SESSION_TOO_LARGE: { status: 413, meaning: 'The session has more stored items than one grade transaction can cover.' },
  QUOTA_EXCEEDED: { status: 429, meaning: "The caller's daily budget of interviewer turns or grades is spent (it resets at midnight UTC); nothing was written and the model was not called." },
  SESSION_TURN_LIMIT: { status: 429, meaning: 'The session already holds the most interviewer turns a session may have; this never frees up (no Retry-After): grade it, or start a new session.' },
  INTERNAL: { status: 500, meaning: 'An unexpected error; no internals are returned.' },
  MODEL_BAD_OUTPUT: { status: 502, meaning: 'The model answered twice with unusable output.' },
  MODEL_REJECTED: { status: 502, meaning: 'The model refused the request (validation, access, unknown model).' },
  MODEL_UNAVAILABLE: { status: 503, meaning: 'The model is throttled or unavailable after bounded retries; nothing was written.' },
  STORAGE_UNAVAILABLE: { status: 503, meaning: 'DynamoDB is throttled, failing or unreachable; nothing was written.' },
  MODEL_TIMEOUT: { status: 504, meaning: 'The model did not answer within the time budget; nothing was written.' },
  TIMEOUT: { status: 504, meaning: 'The request was still running just before the function timeout.' },
} as const satisfies Record<string, { status: number; meaning: string }>;
export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes that come with a Retry-After header (seconds). */
export const RETRY_AFTER_CODES: readonly ErrorCode[] = ['GRADE_CONFLICT', 'QUOTA_EXCEEDED', 'MODEL_UNAVAILABLE', 'STORAGE_UNAVAILABLE'];

/** Every route may answer these (the Middy stack, the caller check, storage). */
const EVERY_ROUTE: readonly ErrorCode[] = ['INVALID_FIELD', 'BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'INTERNAL', 'STORAGE_UNAVAILABLE', 'TIMEOUT'];
const JSON_BODY: readonly ErrorCode[] = ['INVALID_JSON', 'MISSING_BODY', 'INVALID_BODY', 'MISSING_FIELD', 'BODY_TOO_LARGE'];
const TRANSCRIPT: readonly ErrorCode[] = ['TOO_MANY_MESSAGES', 'MESSAGE_TOO_LONG', 'TRANSCRIPT_TOO_LARGE', 'ITEM_TOO_LARGE'];
const MODEL: readonly ErrorCode[] = ['MODEL_BAD_OUTPUT', 'MODEL_REJECTED', 'MODEL_UNAVAILABLE', 'MODEL_TIMEOUT'];

export const ROUTE_KEYS = ['POST /interview', 'POST /feedback', 'GET /review', 'GET /sessions', 'GET /skills'] as const;
export type RouteKey = (typeof ROUTE_KEYS)[number];

/** Which error codes each route can answer with. */
export const ROUTE_ERROR_CODES: Record<RouteKey, readonly ErrorCode[]> = {
  'POST /interview': [...EVERY_ROUTE, ...JSON_BODY, ...TRANSCRIPT, ...MODEL, 'NOT_FOUND', 'HISTORY_MISMATCH', 'SESSION_SETTINGS_MISMATCH', 'FOCUS_TOO_LONG', 'JOB_DESCRIPTION_TOO_LONG', 'QUOTA_EXCEEDED', 'SESSION_TURN_LIMIT'],
  'POST /feedback': [...EVERY_ROUTE, ...JSON_BODY, ...TRANSCRIPT, ...MODEL, 'NOT_FOUND', 'NOT_GRADED', 'ATTEMPT_LIMIT', 'GRADE_CONFLICT', 'ANSWER_TOO_LONG', 'SESSION_TOO_LARGE', 'QUOTA_EXCEEDED'],
  'GET /review': [...EVERY_ROUTE, 'MISSING_FIELD', 'NOT_FOUND'],
  'GET /sessions': [...EVERY_ROUTE, 'MISSING_FIELD', 'INVALID_CURSOR'],
  'GET /skills': [...EVERY_ROUTE, 'MISSING_FIELD'],
};

/** The body of every error the functions answer: `{"error", "code"}`. */
export function errorBodySchema(codes: readonly [ErrorCode, ...ErrorCode[]]) {
  return z.object({
    error: z.string().min(1).describe('Human-readable; the frontend shows it to the user'),
    code: z.enum(codes).describe('Stable, machine-readable'),
  });
}
