/**
 * Floor of POST /feedback (a re-grade): read the session's items and the owner's skills
 * aggregate, one Converse for the session (forced tool: a JSON grade) and, beside it, one per
 * answered question (at most 16, 8 at a time, as the handler does), then ONE TransactWriteItems: the
 * grade on the session item (conditional on its owner) and the aggregate (conditional on
 * its version), after spending one grade of the day's budget. Four DynamoDB round trips. When the endpoint has no TransactWriteItems
 * (plain dynalite, BENCH_TRANSACT=0), the same two writes go out one after the other.
 */
import { QueryCommand, TransactWriteCommand, UpdateCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { bedrock, ConverseCommand, MODEL_ID, toMessages } from './bedrock';
import { callerOf, doc, ok, spendBudget, TABLE } from './dynamo';

const GRADE_SCHEMA = {
  type: 'object',
  properties: {
    summary: { type: 'string' },
    ratings: { type: 'object' },
    strengths: { type: 'array', items: { type: 'string' } },
    weaknesses: { type: 'array', items: { type: 'string' } },
    suggestions: { type: 'array', items: { type: 'string' } },
  },
  required: ['summary', 'ratings', 'strengths', 'weaknesses', 'suggestions'],
};

type Turn = { role: 'user' | 'assistant'; content: string };

/** One Converse per answered question (question = interviewer turn, answer = the candidate turns after it), 8 in flight. */
async function gradeEachAnswer(category: string, messages: Turn[]): Promise<unknown[]> {
  const pairs: Array<{ question: string; answer: string }> = [];
  for (const message of messages) {
    if (message.role === 'assistant') pairs.push({ question: message.content, answer: '' });
    else if (pairs.length > 0) pairs[pairs.length - 1]!.answer += message.content;
  }
  const answered = pairs.slice(0, 16).filter((pair) => pair.answer.trim());
  const grades: unknown[] = [];
  for (let start = 0; start < answered.length; start += 8) {
    const round = answered.slice(start, start + 8).map((pair) =>
      bedrock.send(
        new ConverseCommand({
          modelId: MODEL_ID,
          system: [{ text: `Grade one answer.\nInterview category: ${category}` }],
          messages: [{ role: 'user', content: [{ text: `<question>\n${JSON.stringify(pair.question)}\n</question>\n<answer>\n${JSON.stringify(pair.answer)}\n</answer>` }] }],
          inferenceConfig: { maxTokens: 700 },
          toolConfig: { tools: [{ toolSpec: { name: 'submit_answer_grade', inputSchema: { json: { type: 'object' } as never } } }], toolChoice: { tool: { name: 'submit_answer_grade' } } },
        }),
      ),
    );
    for (const output of await Promise.all(round)) grades.push(output.output?.message?.content?.find((block) => block.toolUse)?.toolUse?.input);
  }
  return grades;
}

export async function handler(event: { body: string; requestContext: never }) {
  const userId = callerOf(event);
  const body = JSON.parse(event.body);
  // The two reads are independent: in parallel.
  const [session, aggregate] = await Promise.all([
    doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'sessionId = :s', ExpressionAttributeValues: { ':s': body.sessionId }, ConsistentRead: true })),
    doc.send(
      new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'sessionId = :pk AND ts = :ts', ExpressionAttributeValues: { ':pk': `skills#${userId}`, ':ts': 0 }, ConsistentRead: true }),
    ),
  ]);
  const items = session.Items ?? [];
  const target = items.find((item) => item.ts === body.ts);
  if (!target || items.some((item) => item.userId !== userId)) return { statusCode: 404, body: '{}' };
  if (!(await spendBudget(userId, 'grades', Number(process.env.DAILY_GRADES_PER_USER)))) return { statusCode: 429, body: '{}' };
  const longest = items.reduce((best, item) => (item.messages.length >= best.messages.length ? item : best));

  const [answer, questions] = await Promise.all([
    bedrock.send(
      new ConverseCommand({
        modelId: MODEL_ID,
        system: [{ text: `Grade this interview.\ncategory: ${longest.category}\ndifficulty: ${longest.difficulty}` }],
        messages: toMessages([...longest.messages, { role: 'user', content: 'Grade the interview above.' }]),
        inferenceConfig: { maxTokens: 2048 },
        toolConfig: { tools: [{ toolSpec: { name: 'submit_grade', inputSchema: { json: GRADE_SCHEMA as never } } }], toolChoice: { tool: { name: 'submit_grade' } } },
      }),
    ),
    gradeEachAnswer(longest.category, longest.messages),
  ]);
  const feedback = { ...(answer.output?.message?.content?.find((block) => block.toolUse)?.toolUse?.input as Record<string, unknown>), questions };

  const previous = aggregate.Items?.[0];
  const version = previous ? Number(previous.version) : undefined;
  const gradeUpdate = {
    TableName: TABLE,
    Key: { sessionId: body.sessionId, ts: body.ts },
    UpdateExpression: 'SET feedback = :f, feedbackTimestamp = :t, gradeId = :g',
    ConditionExpression: 'userId = :u',
    ExpressionAttributeValues: { ':f': feedback, ':t': Math.floor(Date.now() / 1000), ':g': `${Date.now()}-floor`, ':u': userId },
  };
  const aggregatePut = {
    TableName: TABLE,
    Item: { sessionId: `skills#${userId}`, ts: 0, kind: 'skillsAggregate', owner: userId, version: (version ?? 0) + 1, state: previous?.state ?? {}, updatedAt: Math.floor(Date.now() / 1000) },
    ...(version === undefined
      ? { ConditionExpression: 'attribute_not_exists(sessionId)' }
      : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': version } }),
  };
  if (process.env.BENCH_TRANSACT === '0') {
    await doc.send(new UpdateCommand(gradeUpdate));
    await doc.send(new PutCommand(aggregatePut));
  } else {
    await doc.send(new TransactWriteCommand({ TransactItems: [{ Update: gradeUpdate }, { Put: aggregatePut }] }));
  }
  return ok({ success: true, feedback });
}
