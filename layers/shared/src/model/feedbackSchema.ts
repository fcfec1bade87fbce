/**
 * The grader's output contract, in two forms that must agree:
 *  - `graderOutputSchema` (zod) — the authority, enforced in code on every answer;
 *  - `graderOutputJsonSchema` — what the model is asked to produce (structured output or tool input).
 * The JSON schema uses only keywords that Bedrock's structured output accepts (no numeric or
 * length bounds), so the bounds live in descriptions and are enforced by zod: a rating of 11
 * is rejected and retried, never clamped.
 */
import { z } from 'zod';

export const LIMITS = {
  summary: 600,
  point: 200,
  quote: 200,
  suggestion: 300,
  roleFitRationale: 400,
  minItems: 1,
  maxItems: 5,
  minRating: 0,
  maxRating: 10,
} as const;

const rating = z.number().int().min(LIMITS.minRating).max(LIMITS.maxRating);

const evidencedPoint = z.object({
  point: z.string().trim().min(1).max(LIMITS.point),
  // Empty when no quote applies; the server drops quotes it cannot find in the transcript anyway.
  quote: z.string().max(LIMITS.quote),
});

const list = <T extends z.ZodType>(item: T) => z.array(item).min(LIMITS.minItems).max(LIMITS.maxItems);

export const graderOutputSchema = z.object({
  summary: z.string().trim().min(1).max(LIMITS.summary),
  ratings: z.object({
    technical: rating,
    communication: rating,
    confidence: rating,
    overall: rating,
  }),
  strengths: list(evidencedPoint),
  weaknesses: list(evidencedPoint),
  suggestions: list(z.string().trim().min(1).max(LIMITS.suggestion)),
  insufficientTranscript: z.boolean(),
  // Additive (issue 14): asked for only when the session has a job description.
  // Rationale before score, as in the JSON schema below.
  roleFit: z
    .object({
      rationale: z.string().trim().min(1).max(LIMITS.roleFitRationale),
      score: rating,
    })
    .optional(),
});

export type GraderOutput = z.infer<typeof graderOutputSchema>;

const ratingJson = {
  type: 'integer',
  description: `Integer from ${LIMITS.minRating} to ${LIMITS.maxRating}, judged against the rubric bands.`,
} as const;

const evidencedPointJson = {
  type: 'object',
  properties: {
    point: { type: 'string', description: `The strength or weakness, at most ${LIMITS.point} characters.` },
    quote: {
      type: 'string',
      description: `Verbatim quote (at most ${LIMITS.quote} characters) from the candidate's own turns supporting the point, or "" if none applies.`,
    },
  },
  required: ['point', 'quote'],
  additionalProperties: false,
} as const;

/** JSON Schema (draft 2020-12 subset) sent to the model. */
export const graderOutputJsonSchema = {
  type: 'object',
  properties: {
    summary: { type: 'string', description: `Three short sentences of prose, at most ${LIMITS.summary} characters.` },
    ratings: {
      type: 'object',
      properties: {
        technical: ratingJson,
        communication: ratingJson,
        confidence: ratingJson,
        overall: ratingJson,
      },
      required: ['technical', 'communication', 'confidence', 'overall'],
      additionalProperties: false,
    },
    strengths: {
      type: 'array',
      items: evidencedPointJson,
      minItems: 1,
      description: `${LIMITS.minItems} to ${LIMITS.maxItems} strengths, each with evidence.`,
    },
    weaknesses: {
      type: 'array',
      items: evidencedPointJson,
      minItems: 1,
      description: `${LIMITS.minItems} to ${LIMITS.maxItems} weaknesses, each with evidence.`,
    },
    suggestions: {
      type: 'array',
      items: { type: 'string', description: `A concrete, actionable suggestion, at most ${LIMITS.suggestion} characters.` },
      minItems: 1,
      description: `${LIMITS.minItems} to ${LIMITS.maxItems} suggestions.`,
    },
    insufficientTranscript: {
      type: 'boolean',
      description: 'True when the transcript is too short to grade reliably.',
    },
    roleFit: {
      type: 'object',
      description: 'Only when a job description was given: how well the answers fit that role.',
      // Rationale first: the model reasons before it scores.
      properties: {
        rationale: { type: 'string', description: `Why, naming the role's requirements shown and missing; at most ${LIMITS.roleFitRationale} characters.` },
        score: ratingJson,
      },
      required: ['rationale', 'score'],
      additionalProperties: false,
    },
  },
  required: ['summary', 'ratings', 'strengths', 'weaknesses', 'suggestions', 'insufficientTranscript'],
  additionalProperties: false,
} as const;

export const GRADER_SCHEMA_NAME = 'interview_feedback';
export const GRADER_TOOL_NAME = 'submit_interview_feedback';

export type ParseResult = { ok: true; value: GraderOutput } | { ok: false; reason: string };

/** A model answer checked against an output schema: its value, or the first problem (logged as the retry's reason). */
export function validateWith<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.output<S> } | { ok: false; reason: string } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return { ok: false, reason: `schema: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}` };
}

/** Validate a parsed object (tool input) against the authoritative schema. */
export function validateGraderOutput(value: unknown): ParseResult {
  return validateWith(graderOutputSchema, value);
}

/**
 * Parse the text of a structured-output answer. Tolerates a ```json fence (some models add
 * one even under a schema) but nothing else: prose around the JSON is invalid output.
 */
export function parseGraderText(text: string): ParseResult {
  const parsed = parseJsonText(text);
  return parsed.ok ? validateGraderOutput(parsed.value) : parsed;
}

/** The JSON value of a structured-output answer (a ```json fence tolerated), not yet validated. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  try {
    return { ok: true, value: JSON.parse(fenced?.[1] ?? trimmed) };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
}
