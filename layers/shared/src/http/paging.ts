import { z } from 'zod';
import { userIdSchema } from './schemas';

/**
 * GET /sessions paging parameters. `limit` is optional: the published frontend sends
 * none and ignores X-Next-Cursor, so the default is generous enough to show a long
 * history on one page; the maximum bounds one response (and one Lambda invocation).
 */
export const PAGE_LIMITS = {
  defaultLimit: 100,
  maxLimit: 500,
  /** A cursor we issue is about 100 characters; anything much longer is not ours. */
  maxCursorChars: 512,
} as const;

const limitMessage = `must be an integer from 1 to ${PAGE_LIMITS.maxLimit}`;

export const sessionsQuerySchema = z.object({
  userId: userIdSchema.optional(),
  limit: z
    .string({ error: limitMessage })
    .regex(/^\d{1,9}$/, { error: limitMessage })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: limitMessage }).max(PAGE_LIMITS.maxLimit, { error: limitMessage }))
    .optional(),
  cursor: z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(PAGE_LIMITS.maxCursorChars, { error: 'is invalid' })
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'is invalid' })
    .optional(),
});
export type SessionsQuery = z.infer<typeof sessionsQuerySchema>;
