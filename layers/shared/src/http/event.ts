import type {
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';

/** The claims API Gateway's JWT authorizer verified (cognito mode only). */
export type JwtClaims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * An API Gateway HTTP API (payload 2.0) request, with the JWT authorizer's result when the
 * route has one. Middy's JSON body parser replaces `body` with the parsed value before the
 * validation middleware reads it (see ./input.ts); handlers read the validated input instead.
 */
export type HttpEvent = APIGatewayProxyEventV2WithRequestContext<
  APIGatewayEventRequestContextV2 & { authorizer?: { jwt?: { claims?: JwtClaims } } }
>;

export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * A handler as Lambda calls it: the event and a plain Context. Middy types a middyfied handler
 * with the context its middlewares fill in (`input`, `caller`, …; middyjs/middy#1088), which no
 * caller passes. Declared as a method, this type compares the context bivariantly, so a
 * finished Middy chain is assignable to it as it is, with no cast.
 */
export type HttpHandler = { call(event: HttpEvent, context: Context): Promise<HttpResult> }['call'];

/** A JSON response; every answer of the API, errors included, is JSON (but GET /review's Markdown report). */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** A text response (GET /review?format=markdown): the body as is, with its media type. */
export function text(statusCode: number, body: string, contentType: string): HttpResult {
  return { statusCode, headers: { 'Content-Type': contentType }, body };
}
