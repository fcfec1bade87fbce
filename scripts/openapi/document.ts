/**
 * Builds the OpenAPI 3.1 document of the HTTP API from the zod schemas: the request
 * schemas (layers/shared/src/http/schemas.ts, paging.ts) and the response and error
 * schemas (responses.ts), through zod's own z.toJSONSchema (draft 2020-12, which is
 * OpenAPI 3.1's schema dialect). Prose and examples are the only things written here.
 * A dev-time module: nothing under layers/ imports it, so it never reaches a bundle.
 */
import { z } from 'zod';
import YAML from 'yaml';
import { LIMITS } from '../../layers/shared/src/limits';
import { PAGE_LIMITS, sessionsQuerySchema } from '../../layers/shared/src/http/paging';
import {
  categorySchema,
  difficultySchema,
  feedbackRequestSchema,
  feedbackRetryRequestSchema,
  interviewRequestSchema,
  reviewQuerySchema,
  sessionIdSchema,
  tsSchema,
  userIdSchema,
  userQuerySchema,
} from '../../layers/shared/src/http/schemas';
import {
  chatMessageSchema,
  ERROR_CODES,
  errorBodySchema,
  attemptResponseSchema,
  attemptSchema,
  feedbackResponseSchema,
  feedbackRouteResponseSchema,
  feedbackSchema,
  questionGradeSchema,
  reviewAttemptSchema,
  interviewResponseSchema,
  RETRY_AFTER_CODES,
  reviewResponseSchema,
  ROUTE_ERROR_CODES,
  type ErrorCode,
  type RouteKey,
  sessionItemSchema,
  sessionsResponseSchema,
  sessionSummarySchema,
  skillsReportSchema,
  storedFeedbackSchema,
} from '../../layers/shared/src/http/responses';
import { CATEGORIES, DIFFICULTIES } from '../../layers/shared/src/domain';
import * as examples from './examples';

type Json = Record<string, unknown>;

/** Where `npm run openapi` writes the document, relative to the repository root. */
export const SPEC_PATH = 'docs/openapi.yaml';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Descriptions the request schemas cannot carry themselves: their labels are transforms
 * (case-insensitive matching), which JSON Schema cannot express, and the ts bound moves
 * with the clock.
 */
const REQUEST_NOTES = new Map<object, Json>([
  [sessionIdSchema, { description: `1–${LIMITS.maxSessionIdChars} characters of A–Z a–z 0–9 - _ (the frontend sends a UUID)` }],
  [userIdSchema, { description: 'Legacy mode: whose data this is. Cognito mode: optional; when sent it must be the token\'s sub, else 403 FORBIDDEN' }],
  [tsSchema, { description: 'Integer epoch seconds, from 2000-01-01 to one day ahead of the server clock' }],
  [categorySchema, { description: `One of ${CATEGORIES.join(', ')} (case and surrounding spaces ignored)`, examples: [...CATEGORIES] }],
  [difficultySchema, { description: `One of ${DIFFICULTIES.join(', ')} (case and surrounding spaces ignored)`, examples: [...DIFFICULTIES] }],
]);

function withoutDialect({ $schema: _dialect, $id: _id, ...schema }: Json): Json {
  return schema;
}

function requestSchema(schema: z.ZodType): Json {
  return withoutDialect(
    z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      override: (ctx) => Object.assign(ctx.jsonSchema, REQUEST_NOTES.get(ctx.zodSchema)),
    }),
  );
}

/** Shared response schemas, emitted once under components and referenced by name. */
function responseComponents(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  const named: Array<[string, z.ZodType]> = [
    ['InterviewResponse', interviewResponseSchema],
    ['FeedbackResponse', feedbackResponseSchema],
    ['AttemptResponse', attemptResponseSchema],
    ['FeedbackRouteResponse', feedbackRouteResponseSchema],
    ['QuestionGrade', questionGradeSchema],
    ['Attempt', attemptSchema],
    ['ReviewAttempt', reviewAttemptSchema],
    ['Feedback', feedbackSchema],
    ['StoredFeedback', storedFeedbackSchema],
    ['ReviewResponse', reviewResponseSchema],
    ['SessionItem', sessionItemSchema],
    ['ChatMessage', chatMessageSchema],
    ['SessionList', sessionsResponseSchema],
    ['SessionSummary', sessionSummarySchema],
    ['SkillsReport', skillsReportSchema],
  ];
  for (const [id, schema] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'output', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as Json)]));
}

/** Query parameters from a query schema: one parameter per property. */
function queryParameters(schema: z.ZodType, notes: Record<string, string> = {}): Json[] {
  const json = requestSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, { description, ...property }]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    description: notes[name] ?? description,
    schema: property,
  }));
}

const retryAfterHeader = {
  description: 'Seconds to wait before sending the same request again',
  required: true,
  schema: { type: 'integer', minimum: 1 },
  example: 2,
};

/** API Gateway's own answer when the stage's route throttling refuses a request (no function runs). */
const GATEWAY_THROTTLED = { type: 'object', properties: { message: { const: 'Too Many Requests' } }, required: ['message'] };
const GATEWAY_THROTTLED_NOTE =
  'The HTTP API stage throttles every route (rate and burst per deployment): a request over it is refused by API Gateway itself, ' +
  'before any function runs, with its fixed body `{"message": "Too Many Requests"}` and no `Retry-After`.';

/** The route's error responses, grouped by status: the codes as an enum, one example per code. */
function errorResponses(route: RouteKey): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  // In the catalogue's order, whatever order the route lists them in.
  const routeCodes = new Set(ROUTE_ERROR_CODES[route]);
  for (const code of (Object.keys(ERROR_CODES) as ErrorCode[]).filter((key) => routeCodes.has(key))) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Json = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const [first, ...rest] = codes;
    if (!first) continue;
    let schema: Json = withoutDialect(z.toJSONSchema(errorBodySchema([first, ...rest]), { target: 'draft-2020-12', io: 'output' }));
    let description = codes.map((code) => `- \`${code}\`: ${ERROR_CODES[code].meaning}`).join('\n');
    if (status === 401) {
      // API Gateway's JWT authorizer refuses a missing or invalid token itself, before any function runs.
      schema = { anyOf: [schema, { type: 'object', properties: { message: { const: 'Unauthorized' } }, required: ['message'] }] };
      description += '\n\nA missing or invalid token is refused by API Gateway itself, with `{"message": "Unauthorized"}`.';
    }
    if (status === 429) {
      schema = { anyOf: [schema, GATEWAY_THROTTLED] };
      description += `\n\n${GATEWAY_THROTTLED_NOTE}`;
    }
    const retry = codes.filter((code) => RETRY_AFTER_CODES.includes(code));
    // A status may mix codes that come back (GRADE_CONFLICT, QUOTA_EXCEEDED) with codes that do
    // not (ATTEMPT_LIMIT, SESSION_TURN_LIMIT), and a 429 may come from API Gateway's throttling,
    // which sends no Retry-After: the header is then optional and names its codes.
    const retryHeader =
      status !== 429 && retry.length === codes.length
        ? retryAfterHeader
        : { ...retryAfterHeader, required: false, description: `With ${retry.map((code) => `\`${code}\``).join(', ')}: ${retryAfterHeader.description.toLowerCase()}` };
    out[String(status)] = {
      description,
      ...(retry.length > 0 ? { headers: { 'Retry-After': retryHeader } } : {}),
      content: {
        'application/json': {
          schema,
          examples: Object.fromEntries(codes.map((code) => [code, { value: { error: examples.errorMessages[code], code } }])),
        },
      },
    };
  }
  // A route whose function never answers 429 still gets the gateway's.
  out['429'] ??= { description: GATEWAY_THROTTLED_NOTE, content: { 'application/json': { schema: GATEWAY_THROTTLED, example: { message: 'Too Many Requests' } } } };
  return out;
}

const json = (schema: Json, example: unknown, examples?: Record<string, unknown>) => ({
  'application/json': examples ? { schema, examples: Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { value }])) } : { schema, example },
});

interface Operation {
  route: RouteKey;
  operationId: string;
  summary: string;
  description: string;
  parameters?: Json[];
  /** `examples`: named examples instead of the one `example` (a route with two request shapes). */
  body?: { schema: z.ZodType; example: unknown; examples?: Record<string, unknown> };
  ok: { description: string; schema: string; example: unknown; examples?: Record<string, unknown>; headers?: Json; otherContent?: Json };
}

const OPERATIONS: Operation[] = [
  {
    route: 'POST /interview',
    operationId: 'nextInterviewerTurn',
    summary: "The interviewer's next turn",
    description: [
      "The client sends the whole visible history on every turn; after the stored transcript it may add only the candidate's messages (an interviewer turn the server did not author → 409 `HISTORY_MISMATCH`, nothing stored, no model call).",
      "The published frontend's local error bubbles (assistant messages starting with `⚠️ `) are dropped: never sent to the model, stored or graded; a turn the candidate never saw because its answer was lost is dropped and the interview continues from what the candidate saw.",
      'The history starts and ends with a `user` turn. The item `(sessionId, ts)` then holds the history plus the reply.',
      'A retry of a turn already answered and stored gets the stored reply, with no second model call and nothing written.',
    ].join(' '),
    body: { schema: interviewRequestSchema, example: examples.interviewRequest },
    ok: { description: "The interviewer's next turn", schema: 'InterviewResponse', example: examples.interviewResponse },
  },
  {
    route: 'POST /feedback',
    operationId: 'gradeInterview',
    summary: 'Grade the finished interview',
    description: [
      'Grades the transcript the server stored for the session, plus any final candidate answers sent after the last stored question (local `⚠️ ` bubbles dropped),',
      'and stores the grade on the item `(sessionId, ts)` with `feedbackTimestamp`. An unknown session is 404 and nothing is written.',
      '`feedback.questions` grades each interviewer turn on its own (score, verdict, rationale, model answer, tip; `question` and `answer` are copied from the transcript by the server).',
      'With `retry` instead of `ts` and `messages`, grades ONE new answer to question `retry.questionIndex` of the latest grade by the same rubric and answers `attempt`;',
      'attempts are stored as their own items (GET /review `attempts`), at most 10 per question, and count towards the daily grade budget.',
    ].join(' '),
    body: { schema: z.union([feedbackRequestSchema, feedbackRetryRequestSchema]), example: examples.feedbackRequest, examples: { grade: examples.feedbackRequest, retry: examples.retryRequest } },
    ok: {
      description: "The grade (the contract's fields plus evidence, insufficientTranscript, questions, modelId, promptVersion), or for a retry the attempt",
      schema: 'FeedbackRouteResponse',
      example: examples.feedbackResponse,
      examples: { grade: examples.feedbackResponse, retry: examples.attemptResponse },
    },
  },
  {
    route: 'GET /review',
    operationId: 'reviewSession',
    summary: 'One session, everything stored',
    description: [
      "Every stored item of the session, oldest `ts` first, each as stored. Another user's session is 404, as if it did not exist.",
      'With `format=markdown`, a Markdown report of the session instead (`text/markdown`): header, transcript, ratings, per-question scores, evidence, retry attempts and suggestions;',
      'candidate and model text is escaped so it cannot change the document\'s structure. Errors stay JSON.',
    ].join(' '),
    parameters: queryParameters(reviewQuerySchema, {
      format: '`json` (default): the items as JSON. `markdown`: a `text/markdown; charset=utf-8` report to keep or print. Anything else → 400 `INVALID_FIELD`',
    }),
    ok: {
      description: "The session's items (the frontend shows the last one); with format=markdown, the report",
      schema: 'ReviewResponse',
      example: examples.reviewResponse,
      otherContent: { 'text/markdown': { schema: { type: 'string', description: 'A Markdown (CommonMark + GFM tables) report, UTF-8' }, example: examples.reviewMarkdown } },
    },
  },
  {
    route: 'GET /sessions',
    operationId: 'listSessions',
    summary: "The caller's past sessions",
    description: "Newest first, one entry per session (its latest `ts`). Pages with `limit` and `cursor`; the next page's cursor is in `X-Next-Cursor`.",
    parameters: queryParameters(sessionsQuerySchema, {
      limit: `Sessions per page, an integer from 1 to ${PAGE_LIMITS.maxLimit}; default ${PAGE_LIMITS.defaultLimit}`,
      cursor: 'The X-Next-Cursor of the previous page; opaque, and valid only for the user it was issued to',
    }),
    ok: {
      description: 'One page of sessions (a last page can be empty)',
      schema: 'SessionList',
      example: examples.sessionsResponse,
      headers: {
        'X-Next-Cursor': {
          description: "The cursor of the next page; absent on the last page",
          required: false,
          schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: PAGE_LIMITS.maxCursorChars },
          example: examples.nextCursorExample,
        },
      },
    },
  },
  {
    route: 'GET /skills',
    operationId: 'skillsReport',
    summary: 'Skill analytics across sessions',
    description: 'Averages and the most frequent strengths and weaknesses over the graded sessions, per category, and the last 20 grades, plus what is left of the caller\'s daily budgets of model work (`budget`). A user with no sessions gets zeros and empty lists.',
    parameters: queryParameters(userQuerySchema),
    ok: { description: "The caller's skills report", schema: 'SkillsReport', example: examples.skillsResponse },
  },
];

function operation(op: Operation): Json {
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    ...(op.parameters ? { parameters: op.parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: json(requestSchema(op.body.schema), op.body.example, op.body.examples) } } : {}),
    responses: {
      '200': {
        description: op.ok.description,
        ...(op.ok.headers ? { headers: op.ok.headers } : {}),
        content: { ...json(ref(op.ok.schema), op.ok.example, op.ok.examples), ...op.ok.otherContent },
      },
      ...errorResponses(op.route),
    },
  };
}

const DESCRIPTION = `The IntelliView backend: an AI mock interviewer (Claude on Amazon Bedrock) and the store of interviews, grades and skills analytics.

Generated by \`npm run openapi\` from the zod schemas in \`layers/shared/src/http/\`; do not edit by hand.

- Bodies are JSON. Timestamps (\`ts\`) are integer Unix epoch seconds.
- Every error is \`{"error": "<readable message>", "code": "<CODE>"}\`; each response lists the codes it can carry.
  503s (and 409 \`GRADE_CONFLICT\`) carry \`Retry-After\`; nothing is half-written, so the same request can be sent again.
- POST /interview and POST /feedback are bounded by per-user daily budgets (429 \`QUOTA_EXCEEDED\`, with \`Retry-After\` = seconds to the next UTC midnight)
  and a per-session cap on interviewer turns (429 \`SESSION_TURN_LIMIT\`, which never frees up); GET /skills reports what is left.
  Every route is also throttled by API Gateway, whose own 429 body is \`{"message": "Too Many Requests"}\`.
- Response schemas list every field the server sends today; clients should ignore fields they do not know, as fields may be added.
- Every route answers CORS preflights and carries CORS headers (not listed per response).
- Request bodies are limited to ${LIMITS.maxBodyBytes / 1024} KiB, histories to ${LIMITS.maxMessages} messages of at most ${LIMITS.maxMessageChars} characters.`;

const SECURITY_DESCRIPTION = `The user's Cognito **ID token** (\`token_use: id\`, \`aud\` = the app client id), as \`Authorization: Bearer <token>\`.
In cognito mode (every deployed stack's default) the caller is the token's \`sub\`; a \`userId\` parameter, if sent, must match it.
In legacy mode (\`AuthMode=none\`, local mode's default) no token is needed and the client-declared \`userId\` is trusted; never deploy it.`;

export function buildOpenApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const [method = '', path = ''] = op.route.split(' ');
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation(op) };
  }
  return {
    openapi: '3.1.1',
    info: { title: 'IntelliView API', version, description: DESCRIPTION },
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'A deployed stack (the HTTP API, $default stage)',
        variables: { apiId: { default: 'your-api-id' }, region: { default: 'us-east-1' } },
      },
      { url: 'http://127.0.0.1:3000', description: 'Local mode (npm start)' },
    ],
    security: [{ cognitoIdToken: [] }, {}],
    paths,
    components: {
      schemas: responseComponents(),
      securitySchemes: {
        cognitoIdToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: SECURITY_DESCRIPTION },
      },
    },
  };
}

/** The document as committed: YAML, every repeated object written out (no anchors). */
export function renderYaml(document: Json): string {
  const header = '# Generated by `npm run openapi` (scripts/openapi) from the zod schemas in layers/shared/src/http/. Do not edit.\n';
  return header + YAML.stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
}
