// GET /review?sessionId=: validated query and caller → the session's items (layer) → {"messages"}.
import { reviewSession } from '@intelliview/shared/sessions';
import { abortBeforeTimeout, callerIdentity, httpStack, json, middy, queryParams, reviewQuerySchema } from '@intelliview/shared/http';
import type { HttpEvent, HttpHandler, HttpResult } from '@intelliview/shared/http';

export const handler: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
  .use(httpStack())
  .use(queryParams(reviewQuerySchema))
  .use(callerIdentity())
  .handler(async (_event, { input, caller }) => {
    const items = await reviewSession(input.sessionId, caller);
    return json(200, { messages: items });
  });
