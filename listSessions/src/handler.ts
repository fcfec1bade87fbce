// GET /sessions?userId=&limit=&cursor= → authorise → one page of the caller's sessions (layer)
// → JSON array, the next page's cursor in X-Next-Cursor.
import { httpConfig } from '@intelliview/shared/config';
import { createHttpHandler, json, PAGE_LIMITS, parseOr400, resolveCaller, sessionsQuerySchema } from '@intelliview/shared/http';
import { listSessions } from '@intelliview/shared/sessions';

export const handler = createHttpHandler(
  async (event) => {
    const query = parseOr400(sessionsQuerySchema, event.queryStringParameters, 'query');
    const caller = resolveCaller(event, query.userId, httpConfig().authMode);

    const page = await listSessions(caller, { limit: query.limit ?? PAGE_LIMITS.defaultLimit, cursor: query.cursor });
    return json(200, page.sessions, page.nextCursor ? { 'X-Next-Cursor': page.nextCursor } : {});
  },
  { jsonBody: false },
);
