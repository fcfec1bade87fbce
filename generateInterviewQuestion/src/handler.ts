// POST /interview: validated body, caller and deadline → the interviewer's next turn, stored (layer) → {"message"}.
import { continueInterview } from '@intelliview/shared/sessions';
import { nextInterviewerTurn, UsageMeter, type InterviewerInput } from '@intelliview/shared/model';
import { abortBeforeTimeout, callerIdentity, deadline, httpStack, interviewRequestSchema, json, jsonBody, middy, settingsLimits, transcriptLimits } from '@intelliview/shared/http';
import type { HttpEvent, HttpHandler, HttpResult } from '@intelliview/shared/http';

export const handler: HttpHandler = middy<HttpEvent, HttpResult>(abortBeforeTimeout)
  .use(httpStack())
  .use(jsonBody(interviewRequestSchema))
  .use(transcriptLimits())
  .use(settingsLimits())
  .use(callerIdentity())
  .use(deadline())
  .handler(async (_event, { input, caller, deadline }, { signal }) => {
    // Every model call records its tokens here; the use case stores them with the turn/grade.
    const usage = new UsageMeter();
    const interviewer = (turn: InterviewerInput) => nextInterviewerTurn(turn, { deadlineMs: deadline.atMs, signal, usage });
    const message = await continueInterview(input, caller, interviewer, deadline, usage);
    return json(200, { message });
  });
