// GET /sessions?userId=&limit=&cursor=: validated query and caller → one page of the caller's sessions (layer)
// → JSON array, the next page's cursor in X-Next-Cursor.
import { listSessions } from '@intelliview/shared/sessions';
import { abortBeforeTimeout, callerIdentity, httpStack, json, middy, PAGE_LIMITS, queryParams, sessionsQuerySchema } from '@intelliview/shared/http';
import type { HttpEvent, HttpHandler, HttpResult } from '@intelliview/shared/http';

export const handler: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
  .use(httpStack())
  .use(queryParams(sessionsQuerySchema))
  .use(callerIdentity())
  .handler(async (_event, { input, caller }) => {
    const page = await listSessions(caller, { limit: input.limit ?? PAGE_LIMITS.defaultLimit, cursor: input.cursor });
    return json(200, page.sessions, page.nextCursor ? { 'X-Next-Cursor': page.nextCursor } : {});
  });
