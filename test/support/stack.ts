import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../tools/local/dynamo';
import { startBedrockStub, type BedrockStub, type Responder } from '../../tools/local/bedrock/server';
import type { RouteKey } from '../../layers/shared/src/http/responses';
import { lambdaContext } from './events';
import { expectMatchesSpec } from './openapi';
import { useLocalAws } from './localAws';

/**
 * An integration stack for jest: dynalite (in memory, table from the SAM templates) and a
 * Bedrock-compatible stub on loopback ports, with the SDK pointed at both through the
 * standard AWS_ENDPOINT_URL_* variables, and every response checked against the OpenAPI
 * document (docs/openapi.yaml). Handlers are imported only after the
 * environment is set, because the layer reads its configuration once.
 */
export const FUNCTIONS = {
  interview: 'generateInterviewQuestion',
  feedback: 'generateFeedbackFunction',
  review: 'fetchSession',
  sessions: 'listSessions',
  skills: 'aggregateSkillsFunction',
} as const;
export type FunctionName = (typeof FUNCTIONS)[keyof typeof FUNCTIONS];

const ROUTES: Record<FunctionName, RouteKey> = {
  generateInterviewQuestion: 'POST /interview',
  generateFeedbackFunction: 'POST /feedback',
  fetchSession: 'GET /review',
  listSessions: 'GET /sessions',
  aggregateSkillsFunction: 'GET /skills',
};

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface TestStack {
  dynamo: EmbeddedDynamo;
  bedrock: BedrockStub;
  /** Replace what the model stub answers from now on. */
  respondWith(responder: Responder): void;
  invoke(fn: FunctionName, event: APIGatewayProxyEventV2, context?: Context): Promise<{ statusCode: number; headers: Record<string, string>; body: any }>;
  close(): Promise<void>;
}

export async function startTestStack(options: { responder: Responder; env?: Record<string, string> }): Promise<TestStack> {
  let responder = options.responder;
  const dynamo = await startEmbeddedDynamo({ dataDir: null });
  const bedrock = await startBedrockStub({ responder: (call) => responder(call) });
  useLocalAws({ dynamodb: dynamo.endpoint, bedrock: bedrock.url }, {
    TABLE_NAME: dynamo.tableName,
    MODEL_ID: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    AUTH_MODE: 'none',
    ...options.env,
  });
  const handlers = new Map<FunctionName, Handler>();
  for (const name of Object.values(FUNCTIONS)) {
    const module = (await import(`../../${name}/src/handler`)) as { handler: Handler };
    handlers.set(name, module.handler);
  }
  return {
    dynamo,
    bedrock,
    respondWith(next) {
      responder = next;
    },
    async invoke(fn, event, context = lambdaContext(29_000, fn)) {
      const result = await handlers.get(fn)!(event, context);
      const text = typeof result.body === 'string' ? result.body : '';
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the assertion on the body will say so
      }
      const response = { statusCode: result.statusCode ?? 200, headers: (result.headers ?? {}) as Record<string, string>, body };
      // Every answer a test sees must be one docs/openapi.yaml documents for the route.
      expectMatchesSpec(ROUTES[fn], response);
      return response;
    },
    async close() {
      await Promise.all([dynamo.close(), bedrock.close()]);
    },
  };
}
