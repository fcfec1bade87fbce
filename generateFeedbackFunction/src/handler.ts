// POST /feedback: validated body, caller and deadline → grade and store (layer) → {"success", "feedback"}.
import { gradeSession } from '@intelliview/shared/grading';
import { gradeInterview, type GraderInput } from '@intelliview/shared/model';
import { abortBeforeTimeout, callerIdentity, deadline, feedbackRequestSchema, httpStack, json, jsonBody, middy, transcriptLimits } from '@intelliview/shared/http';
import type { HttpEvent, HttpHandler, HttpResult } from '@intelliview/shared/http';

export const handler: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
  .use(httpStack())
  .use(jsonBody(feedbackRequestSchema))
  .use(transcriptLimits())
  .use(callerIdentity())
  .use(deadline())
  .handler(async (_event, { input, caller, deadline }, { signal }) => {
    const grader = (session: GraderInput) => gradeInterview(session, { deadlineMs: deadline.atMs, signal });
    const feedback = await gradeSession(input, caller, grader, deadline);
    return json(200, { success: true, feedback });
  });
