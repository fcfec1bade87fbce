// POST /feedback → validate + authorise → grade and store (layer) → {"success", "feedback"}.
import { httpConfig } from '@intelliview/shared/config';
import {
  createHttpHandler,
  deadlineFrom,
  enforceTranscriptLimits,
  feedbackRequestSchema,
  json,
  parseOr400,
  resolveCaller,
} from '@intelliview/shared/http';
import { gradeInterview } from '@intelliview/shared/model';
import { gradeSession } from '@intelliview/shared/sessions';

export const handler = createHttpHandler(
  async (event, context) => {
    const request = parseOr400(feedbackRequestSchema, event.body, 'body');
    enforceTranscriptLimits(request.messages);
    const caller = resolveCaller(event, request.userId, httpConfig().authMode);
    const deadline = deadlineFrom(context);

    const feedback = await gradeSession(
      request,
      caller,
      (session) => gradeInterview(session, { deadlineMs: deadline.atMs }),
      deadline,
    );
    return json(200, { success: true, feedback });
  },
  { jsonBody: true },
);
