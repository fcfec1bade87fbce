// Floor of POST /interview: read the session, spend one turn of the day's budget, one Converse, store the turn.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { bedrock, ConverseCommand, MODEL_ID, toMessages } from './bedrock';
import { callerOf, doc, ok, spendBudget, TABLE } from './dynamo';

export async function handler(event: { body: string; requestContext: never }) {
  const userId = callerOf(event);
  const body = JSON.parse(event.body);
  const { Items = [] } = await doc.send(
    new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'sessionId = :s', ExpressionAttributeValues: { ':s': body.sessionId }, ConsistentRead: true }),
  );
  if (Items.some((item) => item.userId !== userId)) return { statusCode: 404, body: '{}' };
  if (!(await spendBudget(userId, 'turns', Number(process.env.DAILY_TURNS_PER_USER)))) return { statusCode: 429, body: '{}' };
  const answer = await bedrock.send(
    new ConverseCommand({
      modelId: MODEL_ID,
      system: [{ text: `You are an expert interviewer.\ncategory: ${body.category}\ndifficulty: ${body.difficulty}` }],
      messages: toMessages(body.messages),
      inferenceConfig: { maxTokens: 512 },
    }),
  );
  const reply = answer.output?.message?.content?.[0]?.text ?? '';
  await doc.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: { sessionId: body.sessionId, ts: body.ts },
      UpdateExpression: 'SET userId = :u, category = :c, difficulty = :d, messages = :m',
      ConditionExpression: 'attribute_not_exists(sessionId) OR userId = :u',
      ExpressionAttributeValues: { ':u': userId, ':c': body.category, ':d': body.difficulty, ':m': [...body.messages, { role: 'assistant', content: reply }] },
    }),
  );
  return ok({ message: reply });
}
