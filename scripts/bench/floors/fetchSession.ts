// Floor of GET /review: the session's items, one Query.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { callerOf, doc, ok, TABLE } from './dynamo';

export async function handler(event: { queryStringParameters?: Record<string, string>; requestContext: never }) {
  const userId = callerOf(event);
  const { Items = [] } = await doc.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'sessionId = :s',
      ExpressionAttributeValues: { ':s': event.queryStringParameters!.sessionId },
      ConsistentRead: true,
    }),
  );
  if (Items.length === 0 || Items.some((item) => item.userId !== userId)) return { statusCode: 404, body: '{}' };
  return ok({ messages: Items });
}
