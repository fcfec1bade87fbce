import { PAGE_LIMITS, sessionsQuerySchema } from './paging';
import { parseOr400 } from './schemas';

describe('sessionsQuerySchema', () => {
  it('accepts no paging parameters (the published frontend sends none)', () => {
    expect(parseOr400(sessionsQuerySchema, { userId: 'u1' }, 'query')).toEqual({ userId: 'u1' });
  });

  it('parses limit at both ends of its range', () => {
    expect(parseOr400(sessionsQuerySchema, { limit: '1' }, 'query').limit).toBe(1);
    expect(parseOr400(sessionsQuerySchema, { limit: String(PAGE_LIMITS.maxLimit) }, 'query').limit).toBe(PAGE_LIMITS.maxLimit);
  });

  it.each([['0'], [String(PAGE_LIMITS.maxLimit + 1)], ['abc'], ['-5'], ['2.5'], [''], ['1e2'], ['99999999999999']])(
    'rejects limit=%p with a 400 naming the range',
    (limit) => {
      // Act / Assert
      expect(() => parseOr400(sessionsQuerySchema, { limit }, 'query')).toThrow(
        expect.objectContaining({ statusCode: 400, message: `limit must be an integer from 1 to ${PAGE_LIMITS.maxLimit}` }),
      );
    },
  );

  it.each([['has spaces'], ['a'.repeat(PAGE_LIMITS.maxCursorChars + 1)], ['']])('rejects a malformed cursor %#', (cursor) => {
    expect(() => parseOr400(sessionsQuerySchema, { cursor }, 'query')).toThrow(expect.objectContaining({ statusCode: 400 }));
  });
});
