/**
 * The floor's DynamoDB: the two clients a function needs, created at import (as a plain
 * function would), endpoint and region from the SDK's standard variables.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
export const TABLE = process.env.TABLE_NAME!;
export const USER_INDEX = process.env.USER_INDEX_NAME ?? 'userId-ts-index';

type Event = { queryStringParameters?: Record<string, string>; requestContext: { authorizer?: { jwt?: { claims: Record<string, string> } } } };

/** The caller: the JWT's sub (the events carry Cognito claims), else ?userId= (AUTH_MODE none). */
export function callerOf(event: Event): string {
  return event.requestContext.authorizer?.jwt?.claims.sub ?? event.queryStringParameters?.userId ?? '';
}

export const ok = (body: unknown) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
