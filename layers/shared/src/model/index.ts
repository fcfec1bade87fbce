/**
 * @intelliview/shared/model — the only entry point that talks to Amazon Bedrock.
 * Only the two writer functions (POST /interview, POST /feedback) import it, so the reader
 * functions never load the Bedrock client. The client itself is created on the first call.
 */
import { modelConfig } from '../config';
import type { AnswerGrade, Feedback } from '../domain';
import { createModel, type AnswerGraderInput, type GraderInput, type InterviewerInput, type Model, type ModelCallOptions } from './service';

export type { AnswerGraderInput, GraderInput, InterviewerInput, Model, ModelCallOptions } from './service';
export { MAX_GRADED_QUESTIONS, questionsOf, STORED_TEXT_CHARS } from './questions';
export { answerGradeJsonSchema, ANSWER_LIMITS, ANSWER_SCHEMA_NAME, ANSWER_TOOL_NAME, VERDICT_BANDS } from './answerSchema';
export { buildAnswerGraderPrompt, ANSWER_GRADER_PROMPT_VERSION } from './prompts/answerGrader';
export { createModel, toFeedback } from './service';
export { capabilitiesFor, structuredModeFor, type ModelCapabilities } from './capabilities';
export { DEFAULT_BUDGET_MS } from './client';
export { UsageMeter, type SessionUsage, type UsageEntry } from '../usage/usage';
export { normaliseForQuote, QuoteChecker } from './evidence';
export {
  graderOutputJsonSchema,
  graderOutputSchema,
  GRADER_SCHEMA_NAME,
  GRADER_TOOL_NAME,
  LIMITS as FEEDBACK_LIMITS,
  parseGraderText,
  validateGraderOutput,
  type GraderOutput,
} from './feedbackSchema';
export { buildGraderPrompt, buildRubric, GRADER_PROMPT_VERSION } from './prompts/grader';
export { buildInterviewerSystemPrompt, INTERVIEWER_OPENER, INTERVIEWER_PROMPT_VERSION } from './prompts/interviewer';

let defaultModel: Model | undefined;

/** The container's model, built from MODEL_* configuration on first use. */
function model(): Model {
  return (defaultModel ??= createModel(modelConfig()));
}

/** POST /interview: the interviewer's next turn for this history. Throws AppErrors (502/503/504). */
export function nextInterviewerTurn(input: InterviewerInput, options?: ModelCallOptions): Promise<string> {
  return model().nextInterviewerTurn(input, options);
}

/** POST /feedback with `retry`: one answer to one question, by the per-question rubric. Throws AppErrors (502/503/504). */
export function gradeAnswer(input: AnswerGraderInput, options?: ModelCallOptions): Promise<AnswerGrade> {
  return model().gradeAnswer(input, options);
}

/** POST /feedback: a validated, evidenced grade of the transcript. Throws AppErrors (502/503/504). */
export function gradeInterview(input: GraderInput, options?: ModelCallOptions): Promise<Feedback> {
  return model().gradeInterview(input, options);
}
