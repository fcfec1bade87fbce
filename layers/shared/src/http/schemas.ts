import { z } from 'zod';
import { CATEGORIES, DIFFICULTIES, LANGUAGES, primaryLanguage, type Category, type Difficulty } from '../domain';
import { LIMITS } from '../limits';
import { BadRequestError } from '../errors';

/**
 * Request schemas, compiled once at module load. Shape and type errors are 400s that
 * name the field; size limits (413) are checked separately in ./limits so the two
 * kinds of mistakes get different answers.
 */

const SESSION_ID = /^[A-Za-z0-9_-]+$/;
// Printable, no control characters: a userId ends up in logs and in keys.
const USER_ID = /^[^\p{Cc}]+$/u;
// A lone UTF-16 surrogate cannot be encoded as UTF-8: DynamoDB and Bedrock would refuse
// the text later, as a 500; refuse it here as the client's mistake.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);
const WELL_FORMED = { error: 'must be valid Unicode text' } as const;

export const sessionIdSchema = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(LIMITS.maxSessionIdChars, { error: `must be at most ${LIMITS.maxSessionIdChars} characters` })
  .regex(SESSION_ID, { error: 'may contain only letters, digits, "-" and "_"' });

export const userIdSchema = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(LIMITS.maxUserIdChars, { error: `must be at most ${LIMITS.maxUserIdChars} characters` })
  .regex(USER_ID, { error: 'must not contain control characters' })
  .refine(wellFormed, WELL_FORMED);

export const tsSchema = z
  .number({ error: 'must be an integer (epoch seconds)' })
  .int({ error: 'must be an integer (epoch seconds)' })
  .min(LIMITS.minTs, { error: 'must be epoch seconds after 2000-01-01' })
  .refine((ts) => ts <= Math.floor(Date.now() / 1000) + LIMITS.maxTsAheadSeconds, {
    error: 'must not be more than one day in the future',
  });

function label<T extends string>(values: readonly T[], what: string) {
  const byLower = new Map(values.map((value) => [value.toLowerCase(), value] as const));
  return z
    .string({ error: 'must be a string' })
    .max(LIMITS.maxLabelChars, { error: `must be at most ${LIMITS.maxLabelChars} characters` })
    .transform((raw, ctx): T => {
      // The frontend sends the exact labels; tolerate case and spacing differences only.
      const match = byLower.get(raw.trim().toLowerCase());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')} (${what})` });
        return z.NEVER;
      }
      return match;
    });
}

export const categorySchema = label<Category>(CATEGORIES, 'category');
export const difficultySchema = label<Difficulty>(DIFFICULTIES, 'difficulty');

/** Unknown fields inside a message are stripped (zod's default), never stored. */
export const messageSchema = z.object({
  role: z.enum(['user', 'assistant'], { error: 'must be "user" or "assistant"' }),
  content: z.string({ error: 'must be a string' }).refine(wellFormed, WELL_FORMED),
});

const messagesSchema = z.array(messageSchema, { error: 'must be an array of {role, content}' });

/*
 * Session settings (first turn of a session). Their lengths are not bounded here: a focus
 * entry or job description that is too long is a 413 (./limits.ts), not a 400.
 */
const settingText = z.string({ error: 'must be a string' }).refine(wellFormed, WELL_FORMED);

export const focusSchema = z
  .array(settingText.refine((text) => text.trim().length > 0, { error: 'must not be empty' }), { error: 'must be an array of strings' })
  .max(LIMITS.maxFocusEntries, { error: `must have at most ${LIMITS.maxFocusEntries} entries` })
  .transform((entries) => entries.map((entry) => entry.trim().replace(/\s+/g, ' ')));

export const jobDescriptionSchema = settingText
  .refine((text) => text.trim().length > 0, { error: 'must not be empty' })
  .transform((text) => text.trim());

/** A BCP-47 tag, canonicalised (case, region: "PT-br" → "pt-BR"), whose primary language is allowed. */
export const languageSchema = z
  .string({ error: 'must be a string' })
  .max(LIMITS.maxLabelChars, { error: `must be at most ${LIMITS.maxLabelChars} characters` })
  .transform((raw, ctx): string => {
    let canonical: string | undefined;
    try {
      canonical = Intl.getCanonicalLocales(raw.trim())[0];
    } catch {
      canonical = undefined;
    }
    if (!canonical || !primaryLanguage(canonical)) {
      ctx.addIssue({ code: 'custom', message: `must be a BCP-47 language tag whose language is one of ${LANGUAGES.join(', ')}` });
      return z.NEVER;
    }
    return canonical;
  });

export const interviewRequestSchema = z.object({
  sessionId: sessionIdSchema,
  ts: tsSchema,
  // In cognito mode the caller comes from the verified token; the body's userId may be absent.
  userId: userIdSchema.optional(),
  category: categorySchema,
  difficulty: difficultySchema,
  messages: messagesSchema.min(1, { error: 'must contain at least one message' }),
  // Additive (issue 14): chosen on a session's first turn, inherited by its later turns.
  focus: focusSchema.optional(),
  jobDescription: jobDescriptionSchema.optional(),
  language: languageSchema.optional(),
});
export type InterviewRequest = z.infer<typeof interviewRequestSchema>;

export const feedbackRequestSchema = z.object({
  sessionId: sessionIdSchema,
  ts: tsSchema,
  userId: userIdSchema.optional(),
  messages: messagesSchema.min(1, { error: 'must contain at least one message' }),
});
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;

/**
 * POST /feedback with `retry`: one new answer to one question of the session's latest grade.
 * An empty answer is a 400 here; its length limit is a 413 (./limits.ts).
 */
export const feedbackRetryRequestSchema = z.object({
  sessionId: sessionIdSchema,
  userId: userIdSchema.optional(),
  retry: z.object(
    {
      questionIndex: z.number({ error: 'must be an integer' }).int({ error: 'must be an integer' }).min(0, { error: 'must be 0 or more' }),
      answer: z
        .string({ error: 'must be a string' })
        .refine(wellFormed, WELL_FORMED)
        .refine((text) => text.trim().length > 0, { error: 'must not be empty' }),
    },
    { error: 'must be an object {questionIndex, answer}' },
  ),
});
export type FeedbackRetryRequest = z.infer<typeof feedbackRetryRequestSchema>;

const isRetry = (body: unknown) => typeof body === 'object' && body !== null && 'retry' in body;

/** A validated POST /feedback body that asks for a retry of one question. */
export const isRetryRequest = (input: FeedbackRequest | FeedbackRetryRequest): input is FeedbackRetryRequest => isRetry(input);

/** POST /feedback's body: a retry of one question when it has `retry`, else the grade of the transcript. */
export const feedbackBodySchema = z.unknown().transform((body, ctx): FeedbackRequest | FeedbackRetryRequest => {
  const result = isRetry(body) ? feedbackRetryRequestSchema.safeParse(body) : feedbackRequestSchema.safeParse(body);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue, input: undefined } as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});

/** GET /review's formats: today's JSON, or a Markdown report to keep. */
export const REVIEW_FORMATS = ['json', 'markdown'] as const;

export const reviewQuerySchema = z.object({
  sessionId: sessionIdSchema,
  userId: userIdSchema.optional(),
  format: z.enum(REVIEW_FORMATS, { error: `must be one of ${REVIEW_FORMATS.join(', ')}` }).optional(),
});

export const userQuerySchema = z.object({
  userId: userIdSchema.optional(),
});

/** Parse with a schema; on failure, a 400 whose message names the first bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query'): z.output<S> {
  if (where === 'body' && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw new BadRequestError('Request body must be a JSON object', 'INVALID_BODY');
  }
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? formatPath(issue.path) : '';
  const missing = issue?.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
  const message = missing ? `${path} is required` : `${path} ${issue?.message ?? 'is invalid'}`;
  throw new BadRequestError(message.trim(), missing ? 'MISSING_FIELD' : 'INVALID_FIELD');
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
