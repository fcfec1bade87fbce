// GET /skills?userId=: validated query and caller → the caller's skills aggregate, one read (layer)
// → contract body plus byCategory and trend.
import { skillsForUser } from '@intelliview/shared/skills';
import { abortBeforeTimeout, callerIdentity, httpStack, json, middy, queryParams, userQuerySchema } from '@intelliview/shared/http';
import type { HttpEvent, HttpHandler, HttpResult } from '@intelliview/shared/http';

export const handler: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
  .use(httpStack())
  .use(queryParams(userQuerySchema))
  .use(callerIdentity())
  .handler(async (_event, { caller }) => json(200, await skillsForUser(caller)));
