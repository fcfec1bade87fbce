/**
 * Fixture handlers for the local server's tests (see template.yml beside this file).
 * They stand in for the real functions where a test needs a behaviour the real ones
 * must never have (sleeping past the timeout, throwing, odd result shapes).
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** Returns what it received, so tests can assert on the event, context and environment. */
export async function echo(event: APIGatewayProxyEventV2, context: Context) {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'access-control-allow-origin': 'https://handler-says.example' },
    body: JSON.stringify({
      event,
      context: {
        functionName: context.functionName,
        awsRequestId: context.awsRequestId,
        memoryLimitInMB: context.memoryLimitInMB,
        remainingMs: context.getRemainingTimeInMillis(),
      },
      env: {
        GREETING: process.env.GREETING,
        ONLY_ECHO: process.env.ONLY_ECHO,
        TABLE_NAME: process.env.TABLE_NAME,
        AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME,
        AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB,
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME,
        AUTH_MODE: process.env.AUTH_MODE,
      },
    }),
  };
}

/** Sleeps past its 1 s template Timeout. */
export async function slow() {
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return { statusCode: 200, body: 'too late' };
}

/** One result shape per path parameter, covering the payload 2.0 response rules. */
export async function shape(event: APIGatewayProxyEventV2) {
  switch (event.pathParameters?.kind) {
    case 'plain':
      return { hello: 'world', env: process.env.NESTED_GREETING };
    case 'cookies':
      return {
        statusCode: 201,
        cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
        multiValueHeaders: { 'x-multi': ['one', 'two'] },
        headers: { 'x-next-cursor': 'abc', 'content-type': 'text/plain' },
        body: 'made',
      };
    case 'binary':
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/octet-stream' },
        isBase64Encoded: true,
        body: Buffer.from([0, 1, 2, 254, 255]).toString('base64'),
      };
    case 'malformed':
      return { statusCode: 'teapot', body: 'x' };
    case 'throw':
      throw new Error('fixture failure');
    default:
      return { statusCode: 404, body: JSON.stringify({ error: 'no such shape', code: 'NOT_FOUND' }) };
  }
}

/** Busy for 150 ms, then says which execution environment (worker thread) ran it. */
export async function pause() {
  const { threadId } = await import('node:worker_threads');
  await new Promise((resolve) => setTimeout(resolve, 150));
  return { statusCode: 200, body: String(threadId) };
}
