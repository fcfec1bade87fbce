import { z } from 'zod';
import { userIdSchema } from './schemas';

/**
 * GET /sessions paging parameters. `limit` is optional: the published frontend sends
 * none and ignores X-Next-Cursor, so without a limit one page holds up to 1,000 sessions
 * (years of daily practice; about 120 KB of JSON read from the small index projection);
 * the same number bounds one response, and clients that page choose a smaller limit.
 */
export const PAGE_LIMITS = {
  defaultLimit: 1000,
  maxLimit: 1000,
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
