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
import type { Category, ChatMessage, Difficulty, Feedback, SessionSettings } from '../domain';
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
  parseGraderText,
  validateGraderOutput,
  type GraderOutput,
  type ParseResult,
} from './feedbackSchema';
import { buildGraderPrompt, GRADER_PROMPT_VERSION, transcriptTurns } from './prompts/grader';
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

export interface Model {
  nextInterviewerTurn(input: InterviewerInput, options?: ModelCallOptions): Promise<string>;
  gradeInterview(input: GraderInput, options?: ModelCallOptions): Promise<Feedback>;
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

  return {
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
      const prompt = buildGraderPrompt(input);
      const mode = structuredModeFor(config);
      const temperature =
        capabilities.temperatureWithStructuredOutput && config.feedbackTemperature !== undefined
          ? { temperature: config.feedbackTemperature }
          : {};
      const request: ConverseCommandInput = {
        modelId: config.modelId,
        system: systemBlocks(prompt.system, caching),
        messages: [{ role: 'user', content: [{ text: prompt.user }] }],
        inferenceConfig: { maxTokens: config.feedbackMaxTokens, ...temperature },
        ...(mode === 'json_schema'
          ? {
              outputConfig: {
                textFormat: {
                  type: 'json_schema',
                  structure: {
                    jsonSchema: {
                      name: GRADER_SCHEMA_NAME,
                      description: 'Rubric-based grade of a mock interview with evidence quotes.',
                      schema: JSON.stringify(graderOutputJsonSchema),
                    },
                  },
                },
              },
            }
          : {
              toolConfig: {
                tools: [
                  {
                    toolSpec: {
                      name: GRADER_TOOL_NAME,
                      description: 'Submit the rubric-based grade of the mock interview, with evidence quotes.',
                      inputSchema: { json: toDocument(graderOutputJsonSchema) },
                    },
                  },
                ],
                toolChoice: { tool: { name: GRADER_TOOL_NAME } },
              },
            }),
      };
      const context = {
        route: 'feedback',
        promptVersion: GRADER_PROMPT_VERSION,
        deadlineMs: options.deadlineMs ?? Date.now() + DEFAULT_BUDGET_MS,
        signal: options.signal,
        usage: options.usage,
      };
      const graded = await withOneRetryOnInvalid<GraderOutput>(
        { route: 'feedback', modelId: config.modelId },
        () => modelCaller.converse(request, context),
        (output): ParseResult => {
          if (output.stopReason === 'max_tokens') return { ok: false, reason: 'truncated (max_tokens)' };
          if (UNUSABLE_STOPS.has(String(output.stopReason))) return { ok: false, reason: `stop reason ${output.stopReason}` };
          if (mode === 'json_schema') return requireRoleFit(parseGraderText(textOf(output)), input);
          const toolUse = output.output?.message?.content?.find((block) => block.toolUse?.name === GRADER_TOOL_NAME)?.toolUse;
          return toolUse ? requireRoleFit(validateGraderOutput(toolUse.input), input) : { ok: false, reason: 'no tool call' };
        },
      );
      // roleFit belongs to a session with a job description only.
      const { roleFit, ...rest } = graded;
      return toFeedback(input.jobDescription && roleFit ? { ...rest, roleFit } : rest, input.messages, config.modelId);
    },
  };
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
