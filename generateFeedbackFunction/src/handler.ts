// POST /feedback: validated body, caller and deadline → grade and store the transcript, or with
// `retry` grade one new answer to one question (layer) → {"success", "feedback"} / {"success", "attempt"}.
import { gradeSession, retryQuestion } from '@intelliview/shared/grading';
import { gradeAnswer, gradeInterview, UsageMeter } from '@intelliview/shared/model';
import { abortBeforeTimeout, callerIdentity, deadline, feedbackBodySchema, feedbackLimits, httpStack, isRetryRequest, json, jsonBody, middy } from '@intelliview/shared/http';
import type { HttpEvent, HttpHandler, HttpResult } from '@intelliview/shared/http';

export const handler: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
  .use(httpStack())
  .use(jsonBody(feedbackBodySchema))
  .use(feedbackLimits())
  .use(callerIdentity())
  .use(deadline())
  .handler(async (_event, { input, caller, deadline }, { signal }) => {
    // Every model call records its tokens here; the use case stores them with the grade or attempt.
    const usage = new UsageMeter();
    const options = { deadlineMs: deadline.atMs, signal, usage };
    if (isRetryRequest(input)) {
      const attempt = await retryQuestion({ sessionId: input.sessionId, ...input.retry }, caller, (answer) => gradeAnswer(answer, options), deadline, usage);
      return json(200, { success: true, attempt });
    }
    const feedback = await gradeSession(input, caller, (session) => gradeInterview(session, options), deadline, usage);
    return json(200, { success: true, feedback });
  });
