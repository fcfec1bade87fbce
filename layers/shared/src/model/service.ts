/**
 * The two model use cases. Flow: prompt builders → Converse request (shaped by the model's
 * capabilities) → ModelCaller (deadline, SDK retries, error mapping) → output validation
 * (one retry on invalid output, then 502) → evidence check → Feedback.
 */
import type {
  ContentBlock,
  ConverseCommandInput,
  ConverseCommandOutput,
  SystemContentBlock,
  ToolInputSchema,
} from '@aws-sdk/client-bedrock-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { ModelConfig } from '../config';
import type { AnswerGrade, Category, ChatMessage, Difficulty, Feedback, QuestionGrade, SessionSettings } from '../domain';
import { BadGatewayError } from '../errors';
import { logger } from '../logger';
import { METRIC, publishMetrics } from '../metrics';
import type { UsageMeter } from '../usage/usage';
import { capabilitiesFor, promptCachingFor, structuredModeFor } from './capabilities';
import { createBedrockClient, createModelCaller, DEFAULT_BUDGET_MS, type ModelCaller } from './client';
import { interviewTurns, toConverseMessages } from './conversation';
import { QuoteChecker } from './evidence';
import {
  GRADER_SCHEMA_NAME,
  GRADER_TOOL_NAME,
  graderOutputJsonSchema,
  parseJsonText,
  validateGraderOutput,
  type GraderOutput,
  type ParseResult,
} from './feedbackSchema';
import { ANSWER_SCHEMA_NAME, ANSWER_TOOL_NAME, answerGradeJsonSchema, unansweredGrade, validateAnswerGrade } from './answerSchema';
import { ANSWER_GRADER_PROMPT_VERSION, buildAnswerGraderPrompt, type AnswerGraderInput } from './prompts/answerGrader';
import { buildGraderPrompt, GRADER_PROMPT_VERSION, transcriptTurns } from './prompts/grader';
import { isEmptyAnswer, MAX_GRADED_QUESTIONS, questionsOf, shorten, STORED_TEXT_CHARS } from './questions';
import { buildInterviewerSystemPrompt, INTERVIEWER_PROMPT_VERSION } from './prompts/interviewer';

export interface ModelCallOptions {
  /** Absolute epoch ms by which we must have answered (from the Lambda context); calls abort at it. */
  deadlineMs?: number;
  /** Aborts the call; the handlers pass Middy's abort signal, which fires at the same deadline. */
  signal?: AbortSignal;
  /** Receives the usage of every model call (retries included): the use case stores it. */
  usage?: UsageMeter;
}

/** The turn, plus the session's settings (language, and focus / job description as data). */
export interface InterviewerInput extends SessionSettings {
  category: Category;
  difficulty: Difficulty;
  messages: ChatMessage[];
}

export interface GraderInput extends SessionSettings {
  category: string;
  difficulty: string;
  messages: ChatMessage[];
}

export type { AnswerGraderInput } from './prompts/answerGrader';

export interface Model {
  nextInterviewerTurn(input: InterviewerInput, options?: ModelCallOptions): Promise<string>;
  /** The session-level grade and one grade per question (questions.ts), in parallel. */
  gradeInterview(input: GraderInput, options?: ModelCallOptions): Promise<Feedback>;
  /** One answer to one question, by the per-question rubric (a retry attempt). The answer must not be empty. */
  gradeAnswer(input: AnswerGraderInput, options?: ModelCallOptions): Promise<AnswerGrade>;
}

/**
 * How many per-question calls of one grade run at once. With MAX_GRADED_QUESTIONS = 16 that
 * is two rounds of calls of ~250 output tokens, each with room for its one retry, beside the
 * session-level call: the whole grade fits the 30 s API limit at ~60 output tokens/s
 * (docs/model.md#per-question-grades, proven by model/gradeDeadline.int.test.ts).
 */
export const QUESTION_CONCURRENCY = 8;

/** Per-question output is bounded by its schema (~750 characters of prose): this leaves room for JSON and non-Latin scripts. */
const ANSWER_MAX_TOKENS = 700;

/** Run `work` over `items` with at most `limit` in flight, results in input order; the first failure rejects. */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A signal that aborts with `parent`, or when the grade gives up (one of its calls failed: the others are cancelled). */
function linkedAbort(parent: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
  return controller;
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** A deep copy of a JSON value as the SDK's document type, which has mutable arrays (our schemas are `as const`). */
function toDocument(value: Json): ToolInputSchema.JsonMember['json'] {
  if (Array.isArray(value)) return value.map(toDocument);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toDocument(item)]));
  return value;
}

/** An invalid answer gets exactly one more chance (issue 6): two model calls at most. */
const OUTPUT_ATTEMPTS = 2;

function systemBlocks(text: string, caching: boolean): SystemContentBlock[] {
  return caching ? [{ text }, { cachePoint: { type: 'default' } }] : [{ text }];
}

function textOf(output: ConverseCommandOutput): string {
  const blocks: ContentBlock[] = output.output?.message?.content ?? [];
  return blocks
    .map((block) => block.text ?? '')
    .join('')
    .trim();
}

/** Stop reasons after which the text is not a usable answer. */
const UNUSABLE_STOPS = new Set(['guardrail_intervened', 'content_filtered', 'malformed_model_output', 'malformed_tool_use']);

async function withOneRetryOnInvalid<T>(
  where: { route: string; modelId: string },
  call: () => Promise<ConverseCommandOutput>,
  parse: (output: ConverseCommandOutput) => { ok: true; value: T } | { ok: false; reason: string },
): Promise<T> {
  let reason = '';
  for (let attempt = 1; attempt <= OUTPUT_ATTEMPTS; attempt += 1) {
    const result = parse(await call());
    if (result.ok) return result.value;
    reason = result.reason;
    logger.warn('model output invalid', { route: where.route, attempt, reason });
    publishMetrics(where, [[METRIC.ModelInvalidOutputs, 'Count', 1]]);
  }
  throw new BadGatewayError('The AI model returned an unusable answer. Please try again.', 'MODEL_BAD_OUTPUT');
}

export function createModel(config: ModelConfig, caller?: ModelCaller): Model {
  let client: BedrockRuntimeClient | undefined;
  const modelCaller = caller ?? createModelCaller(config, () => (client ??= createBedrockClient(config)));
  const capabilities = capabilitiesFor(config.modelId);
  const caching = promptCachingFor(config);

  const model: Model = {
    async nextInterviewerTurn(input, options = {}) {
      const system = buildInterviewerSystemPrompt(input.category, input.difficulty, input.language);
      const request: ConverseCommandInput = {
        modelId: config.modelId,
        system: systemBlocks(system, caching),
        messages: toConverseMessages(interviewTurns(input.messages, input), { cacheHistory: caching, systemText: system }),
        inferenceConfig: {
          maxTokens: config.interviewMaxTokens,
          ...(config.interviewTemperature !== undefined ? { temperature: config.interviewTemperature } : {}),
        },
      };
      const context = {
        route: 'interview',
        promptVersion: INTERVIEWER_PROMPT_VERSION,
        deadlineMs: options.deadlineMs ?? Date.now() + DEFAULT_BUDGET_MS,
        signal: options.signal,
        usage: options.usage,
      };
      return withOneRetryOnInvalid(
        { route: 'interview', modelId: config.modelId },
        () => modelCaller.converse(request, context),
        (output) => {
          const text = textOf(output);
          if (UNUSABLE_STOPS.has(String(output.stopReason))) return { ok: false, reason: `stop reason ${output.stopReason}` };
          return text ? { ok: true, value: text } : { ok: false, reason: 'empty answer' };
        },
      );
    },

    async gradeInterview(input, options = {}) {
      const all = questionsOf(input.messages);
      const graded = all.slice(0, MAX_GRADED_QUESTIONS);
      const grade = linkedAbort(options.signal);
      const callOptions = { ...options, signal: grade.signal };
      const failFast = <T>(promise: Promise<T>) =>
        promise.catch((error: unknown) => {
          grade.abort(error);
          throw error;
        });
      const [session, questions] = await Promise.all([
        failFast(gradeSessionLevel(input, callOptions)),
        failFast(
          mapWithConcurrency(graded, QUESTION_CONCURRENCY, async (question): Promise<QuestionGrade> => {
            const verdict = isEmptyAnswer(question.answer)
              ? unansweredGrade()
              : await model.gradeAnswer({ category: input.category, difficulty: input.difficulty, language: input.language, question: question.question, answer: question.answer }, callOptions);
            return {
              index: question.index,
              question: shorten(question.question, STORED_TEXT_CHARS),
              answer: shorten(question.answer, STORED_TEXT_CHARS),
              ...verdict,
            };
          }),
        ),
      ]);
      return { ...session, questions, ...(all.length > graded.length ? { ungradedQuestions: all.length - graded.length } : {}) };
    },

    async gradeAnswer(input, options = {}) {
      const prompt = buildAnswerGraderPrompt(input);
      const graded = await structuredCall(
        { route: 'feedback', promptVersion: ANSWER_GRADER_PROMPT_VERSION, maxTokens: ANSWER_MAX_TOKENS },
        { system: prompt.system, user: prompt.user, schemaName: ANSWER_SCHEMA_NAME, toolName: ANSWER_TOOL_NAME, description: 'Rubric-based grade of one interview answer.', schema: answerGradeJsonSchema },
        validateAnswerGrade,
        options,
      );
      return { ...graded };
    },
  };

  /**
   * One schema-constrained call: structured output where the model supports it, else a
   * forced tool; the answer validated in code, with one retry on invalid output, then 502.
   */
  async function structuredCall<T>(
    call: { route: string; promptVersion: string; maxTokens: number },
    ask: { system: string; user: string; schemaName: string; toolName: string; description: string; schema: Json },
    validate: (value: unknown) => { ok: true; value: T } | { ok: false; reason: string },
    options: ModelCallOptions,
  ): Promise<T> {
    const mode = structuredModeFor(config);
    const temperature =
      capabilities.temperatureWithStructuredOutput && config.feedbackTemperature !== undefined ? { temperature: config.feedbackTemperature } : {};
    const request: ConverseCommandInput = {
      modelId: config.modelId,
      system: systemBlocks(ask.system, caching),
      messages: [{ role: 'user', content: [{ text: ask.user }] }],
      inferenceConfig: { maxTokens: call.maxTokens, ...temperature },
      ...(mode === 'json_schema'
        ? { outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { name: ask.schemaName, description: ask.description, schema: JSON.stringify(ask.schema) } } } } }
        : {
            toolConfig: {
              tools: [{ toolSpec: { name: ask.toolName, description: ask.description, inputSchema: { json: toDocument(ask.schema) } } }],
              toolChoice: { tool: { name: ask.toolName } },
            },
          }),
    };
    const context = {
      route: call.route,
      promptVersion: call.promptVersion,
      deadlineMs: options.deadlineMs ?? Date.now() + DEFAULT_BUDGET_MS,
      signal: options.signal,
      usage: options.usage,
    };
    return withOneRetryOnInvalid<T>(
      { route: call.route, modelId: config.modelId },
      () => modelCaller.converse(request, context),
      (output) => {
        if (output.stopReason === 'max_tokens') return { ok: false, reason: 'truncated (max_tokens)' };
        if (UNUSABLE_STOPS.has(String(output.stopReason))) return { ok: false, reason: `stop reason ${output.stopReason}` };
        if (mode === 'json_schema') {
          const parsed = parseJsonText(textOf(output));
          return parsed.ok ? validate(parsed.value) : parsed;
        }
        const toolUse = output.output?.message?.content?.find((block) => block.toolUse?.name === ask.toolName)?.toolUse;
        return toolUse ? validate(toolUse.input) : { ok: false, reason: 'no tool call' };
      },
    );
  }

  /** The session-level fields: summary, ratings, evidenced strengths and weaknesses, suggestions (and roleFit). */
  async function gradeSessionLevel(input: GraderInput, options: ModelCallOptions): Promise<Feedback> {
    const prompt = buildGraderPrompt(input);
    const graded = await structuredCall<GraderOutput>(
      { route: 'feedback', promptVersion: GRADER_PROMPT_VERSION, maxTokens: config.feedbackMaxTokens },
      { system: prompt.system, user: prompt.user, schemaName: GRADER_SCHEMA_NAME, toolName: GRADER_TOOL_NAME, description: 'Rubric-based grade of a mock interview with evidence quotes.', schema: graderOutputJsonSchema },
      (value) => requireRoleFit(validateGraderOutput(value), input),
      options,
    );
    // roleFit belongs to a session with a job description only.
    const { roleFit, ...rest } = graded;
    return toFeedback(input.jobDescription && roleFit ? { ...rest, roleFit } : rest, input.messages, config.modelId);
  }

  return model;
}

/** A grade of a session with a job description must carry roleFit (else it is invalid output: one retry). */
function requireRoleFit(result: ParseResult, input: GraderInput): ParseResult {
  if (result.ok && input.jobDescription && !result.value.roleFit) return { ok: false, reason: 'roleFit missing for a job description' };
  return result;
}

/** The contract's feedback plus the additive fields; quotes not in the candidate's answers are dropped. */
export function toFeedback(graded: GraderOutput, messages: ChatMessage[], modelId: string): Feedback {
  const answers = transcriptTurns(messages)
    .filter((turn) => turn.speaker === 'candidate')
    .map((turn) => turn.text);
  const checker = new QuoteChecker(answers);
  const strengths = checker.check(graded.strengths);
  const weaknesses = checker.check(graded.weaknesses);
  if (strengths.dropped + weaknesses.dropped > 0) {
    logger.warn('grader quotes not found in transcript were dropped', { dropped: strengths.dropped + weaknesses.dropped });
  }
  const anyAnswer = answers.some((answer) => answer.trim().length > 0);
  return {
    summary: graded.summary,
    ratings: { ...graded.ratings },
    strengths: graded.strengths.map((item) => item.point),
    weaknesses: graded.weaknesses.map((item) => item.point),
    suggestions: [...graded.suggestions],
    evidence: { strengths: strengths.points, weaknesses: weaknesses.points },
    // The server knows for certain when there is nothing to grade; the model judges the rest.
    insufficientTranscript: graded.insufficientTranscript || !anyAnswer,
    ...(graded.roleFit ? { roleFit: { ...graded.roleFit } } : {}),
    modelId,
    promptVersion: GRADER_PROMPT_VERSION,
  };
}
