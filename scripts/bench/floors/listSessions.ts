// Floor of GET /sessions: one Query on the userId-ts index, newest first, one page.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { callerOf, doc, ok, TABLE, USER_INDEX } from './dynamo';

export async function handler(event: { queryStringParameters?: Record<string, string>; requestContext: never }) {
  const limit = Number(event.queryStringParameters?.limit ?? 1000);
  const { Items = [] } = await doc.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: USER_INDEX,
      KeyConditionExpression: 'userId = :u',
      ExpressionAttributeValues: { ':u': callerOf(event) },
      ScanIndexForward: false,
      Limit: limit + 10,
    }),
  );
  const seen = new Set<string>();
  const sessions = [];
  for (const item of Items) {
    if (seen.has(item.sessionId) || sessions.length >= limit) continue;
    seen.add(item.sessionId);
    sessions.push({ sessionId: item.sessionId, category: item.category, difficulty: item.difficulty, ts: item.ts });
  }
  return ok(sessions);
}
