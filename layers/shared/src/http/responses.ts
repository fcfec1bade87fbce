import { z } from 'zod';
import { CATEGORIES, DIFFICULTIES } from '../domain';
import { LIMITS } from '../limits';
import { LIMITS as GRADE_LIMITS } from '../model/feedbackSchema';

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
  modelId: z.string().describe('The model (or inference profile) that produced the grade'),
  promptVersion: z.string().describe('The grader prompt version, e.g. grader-v2'),
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
export const reviewResponseSchema = z.object({ messages: z.array(sessionItemSchema).min(1).describe('Every stored item of the session, oldest ts first') });
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
  GRADE_CONFLICT: { status: 409, meaning: 'Concurrent grades of the same user kept winning the race for the skills aggregate for 3 s (the grade is one transaction, redone after each lost race); nothing was written.' },
  BODY_TOO_LARGE: { status: 413, meaning: 'The body is over 256 KiB.' },
  TOO_MANY_MESSAGES: { status: 413, meaning: 'More than 120 messages.' },
  MESSAGE_TOO_LONG: { status: 413, meaning: "One message's content is over 10,000 characters." },
  TRANSCRIPT_TOO_LARGE: { status: 413, meaning: 'All message contents together are over 160 KiB of UTF-8.' },
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
  'POST /feedback': [...EVERY_ROUTE, ...JSON_BODY, ...TRANSCRIPT, ...MODEL, 'NOT_FOUND', 'GRADE_CONFLICT', 'SESSION_TOO_LARGE', 'QUOTA_EXCEEDED'],
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
