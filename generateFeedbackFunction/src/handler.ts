// POST /feedback: validated body, caller and deadline → grade and store (layer) → {"success", "feedback"}.
import { gradeSession } from '@intelliview/shared/grading';
import { gradeInterview, UsageMeter, type GraderInput } from '@intelliview/shared/model';
import { abortBeforeTimeout, callerIdentity, deadline, feedbackRequestSchema, httpStack, json, jsonBody, middy, transcriptLimits } from '@intelliview/shared/http';
import type { HttpEvent, HttpHandler, HttpResult } from '@intelliview/shared/http';

export const handler: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
  .use(httpStack())
  .use(jsonBody(feedbackRequestSchema))
  .use(transcriptLimits())
  .use(callerIdentity())
  .use(deadline())
  .handler(async (_event, { input, caller, deadline }, { signal }) => {
    // Every model call records its tokens here; the use case stores them with the turn/grade.
    const usage = new UsageMeter();
    const grader = (session: GraderInput) => gradeInterview(session, { deadlineMs: deadline.atMs, signal, usage });
    const feedback = await gradeSession(input, caller, grader, deadline, usage);
    return json(200, { success: true, feedback });
  });
