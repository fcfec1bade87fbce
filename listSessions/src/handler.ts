// GET /sessions?userId= → authorise → the caller's sessions (layer) → JSON array.
import { httpConfig } from '@intelliview/shared/config';
import { createHttpHandler, json, parseOr400, resolveCaller, userQuerySchema } from '@intelliview/shared/http';
import { listSessions } from '@intelliview/shared/sessions';

export const handler = createHttpHandler(
  async (event) => {
    const query = parseOr400(userQuerySchema, event.queryStringParameters, 'query');
    const caller = resolveCaller(event, query.userId, httpConfig().authMode);

    return json(200, await listSessions(caller));
  },
  { jsonBody: false },
);
