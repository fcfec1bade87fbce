// Floor of GET /skills: one read of the caller's aggregate item (sessionId "skills#<user>", ts 0).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { callerOf, doc, ok, TABLE } from './dynamo';

export async function handler(event: { queryStringParameters?: Record<string, string>; requestContext: never }) {
  const userId = callerOf(event);
  const { Items = [] } = await doc.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'sessionId = :pk AND ts = :ts',
      ExpressionAttributeValues: { ':pk': `skills#${userId}`, ':ts': 0 },
      ConsistentRead: true,
    }),
  );
  return ok(Items[0]?.state ?? {});
}
