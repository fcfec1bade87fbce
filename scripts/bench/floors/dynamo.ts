/**
 * The floor's DynamoDB: the two clients a function needs, created at import (as a plain
 * function would), endpoint and region from the SDK's standard variables.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
export const TABLE = process.env.TABLE_NAME!;
export const USER_INDEX = process.env.USER_INDEX_NAME ?? 'userId-ts-index';

type Event = { queryStringParameters?: Record<string, string>; requestContext: { authorizer?: { jwt?: { claims: Record<string, string> } } } };

/** The caller: the JWT's sub (the events carry Cognito claims), else ?userId= (AUTH_MODE none). */
export function callerOf(event: Event): string {
  return event.requestContext.authorizer?.jwt?.claims.sub ?? event.queryStringParameters?.userId ?? '';
}

/** Today's budget item of a user (UTC day in the key). */
export const budgetKey = (userId: string) => ({ sessionId: `budget#${userId}#${new Date().toISOString().slice(0, 10)}`, ts: 0 });

/** The daily budget check: one conditional ADD on the user's item of the day (429 when spent). */
export async function spendBudget(userId: string, counter: 'turns' | 'grades', limit: number): Promise<boolean> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: budgetKey(userId),
        UpdateExpression: 'SET expiresAt = :e ADD #c :one',
        ConditionExpression: 'attribute_not_exists(#c) OR #c < :limit',
        ExpressionAttributeNames: { '#c': counter },
        ExpressionAttributeValues: { ':e': Math.floor(Date.now() / 1000) + 2 * 86_400, ':one': 1, ':limit': limit },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export const ok = (body: unknown) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
