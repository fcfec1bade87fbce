// GET /review?sessionId= → validate + authorise → the session's items (layer) → {"messages"}.
import { httpConfig } from '@intelliview/shared/config';
import { createHttpHandler, json, parseOr400, resolveCaller, reviewQuerySchema } from '@intelliview/shared/http';
import { reviewSession } from '@intelliview/shared/sessions';

export const handler = createHttpHandler(
  async (event) => {
    const query = parseOr400(reviewQuerySchema, event.queryStringParameters, 'query');
    const caller = resolveCaller(event, query.userId, httpConfig().authMode);

    const items = await reviewSession(query.sessionId, caller);
    return json(200, { messages: items });
  },
  { jsonBody: false },
);
