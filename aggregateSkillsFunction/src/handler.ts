// GET /skills?userId= → authorise → the caller's skills aggregate, one read (layer) → contract body
// plus byCategory and trend.
import { httpConfig } from '@intelliview/shared/config';
import { createHttpHandler, json, parseOr400, resolveCaller, userQuerySchema } from '@intelliview/shared/http';
import { skillsForUser } from '@intelliview/shared/skills';

export const handler = createHttpHandler(
  async (event) => {
    const query = parseOr400(userQuerySchema, event.queryStringParameters, 'query');
    const caller = resolveCaller(event, query.userId, httpConfig().authMode);

    return json(200, await skillsForUser(caller));
  },
  { jsonBody: false },
);
