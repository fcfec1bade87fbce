// GET /review?sessionId=&format=: validated query and caller → the session's items and retry attempts (layer)
// → {"messages", "attempts"}, or with format=markdown a Markdown report (text, not JSON; CORS and errors as for JSON).
import { MARKDOWN_CONTENT_TYPE, reviewSession, sessionReport } from '@intelliview/shared/sessions';
import { abortBeforeTimeout, callerIdentity, httpStack, json, middy, queryParams, reviewQuerySchema, text } from '@intelliview/shared/http';
import type { HttpEvent, HttpHandler, HttpResult } from '@intelliview/shared/http';

export const handler: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
  .use(httpStack())
  .use(queryParams(reviewQuerySchema))
  .use(callerIdentity())
  .handler(async (_event, { input, caller }) => {
    const { items, attempts } = await reviewSession(input.sessionId, caller);
    return input.format === 'markdown' ? text(200, sessionReport(items, attempts), MARKDOWN_CONTENT_TYPE) : json(200, { messages: items, attempts });
  });
