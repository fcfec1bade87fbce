// POST /interview → validate + authorise → continue the interview (layer) → {"message"}.
import { httpConfig } from '@intelliview/shared/config';
import {
  createHttpHandler,
  deadlineFrom,
  enforceTranscriptLimits,
  interviewRequestSchema,
  json,
  parseOr400,
  resolveCaller,
} from '@intelliview/shared/http';
import { nextInterviewerTurn } from '@intelliview/shared/model';
import { continueInterview } from '@intelliview/shared/sessions';

export const handler = createHttpHandler(
  async (event, context) => {
    const request = parseOr400(interviewRequestSchema, event.body, 'body');
    enforceTranscriptLimits(request.messages);
    const caller = resolveCaller(event, request.userId, httpConfig().authMode);
    const deadline = deadlineFrom(context);

    const message = await continueInterview(
      request,
      caller,
      (turn) => nextInterviewerTurn(turn, { deadlineMs: deadline.atMs }),
      deadline,
    );
    return json(200, { message });
  },
  { jsonBody: true },
);
