// Floor of GET /skills: one BatchGetItem of the caller's aggregate item (sessionId "skills#<user>", ts 0)
// and budget item of the day (sessionId "budget#<user>#<day>", ts 0).
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { budgetKey, callerOf, doc, ok, TABLE } from './dynamo';

export async function handler(event: { queryStringParameters?: Record<string, string>; requestContext: never }) {
  const userId = callerOf(event);
  const { Responses = {} } = await doc.send(
    new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: [{ sessionId: `skills#${userId}`, ts: 0 }, budgetKey(userId)], ConsistentRead: true } } }),
  );
  const items = Responses[TABLE] ?? [];
  const aggregate = items.find((item) => item.sessionId === `skills#${userId}`);
  const budget = items.find((item) => item.sessionId !== `skills#${userId}`);
  const left = (limit: number, used: unknown) => Math.max(0, limit - (Number(used) || 0));
  return ok({
    ...(aggregate?.state ?? {}),
    budget: { turnsLeft: left(Number(process.env.DAILY_TURNS_PER_USER), budget?.turns), gradesLeft: left(Number(process.env.DAILY_GRADES_PER_USER), budget?.grades) },
  });
}
