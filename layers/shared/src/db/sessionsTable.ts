import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, paginateQuery, paginateScan, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableConfig } from '../config';
import type { Feedback, SessionItem, SessionSummary } from '../domain';
import { NotFoundError } from '../errors';
import { dynamo } from './client';

/**
 * The InterviewSession repository: the only code that talks to DynamoDB. Items keep the
 * original backend's attribute names (sessionId, ts, userId, category, difficulty,
 * messages, feedback, feedbackTimestamp) so tables created by it keep working.
 */

/**
 * All items of a session, oldest ts first, following every 1 MB query page. Only ts ≥ 0:
 * the session's retry attempts (negative ts, db/attemptTable.ts) are not turns.
 */
export async function getSessionItems(sessionId: string): Promise<SessionItem[]> {
  return queryAll<SessionItem>({
    TableName: tableConfig().tableName,
    KeyConditionExpression: 'sessionId = :sessionId AND ts >= :firstTs',
    ExpressionAttributeValues: { ':sessionId': sessionId, ':firstTs': 0 },
    ScanIndexForward: true,
    ConsistentRead: true,
  });
}

/** One interview turn as stored: the item without its grade. */
export type TurnToSave = Omit<SessionItem, 'feedback' | 'feedbackTimestamp'>;

const SETTINGS_ATTRIBUTES = ['focus', 'jobDescription', 'language'] as const;

/**
 * The session's settings as additive attributes, set only when the session has them (every
 * item of a session carries the same: sessions/settings.ts). Names go through placeholders:
 * LANGUAGE is a DynamoDB reserved word.
 */
function settingsUpdate(turn: TurnToSave): { set: string; names: { ExpressionAttributeNames?: Record<string, string> }; values: Record<string, unknown> } {
  const present = SETTINGS_ATTRIBUTES.filter((name) => turn[name] !== undefined);
  if (present.length === 0) return { set: '', names: {}, values: {} };
  return {
    set: present.map((name) => `, #${name} = :${name}`).join(''),
    names: { ExpressionAttributeNames: Object.fromEntries(present.map((name) => [`#${name}`, name])) },
    values: Object.fromEntries(present.map((name) => [`:${name}`, turn[name]])),
  };
}

/**
 * Store one interview turn at (sessionId, ts). An update, not a put, so a grade already
 * on that item is kept; conditional, so an item owned by another user is never touched.
 * @returns false when the item belongs to someone else.
 */
export async function saveTurn(turn: TurnToSave): Promise<boolean> {
  const settings = settingsUpdate(turn);
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableConfig().tableName,
        Key: { sessionId: turn.sessionId, ts: turn.ts },
        UpdateExpression: `SET userId = :userId, category = :category, difficulty = :difficulty, messages = :messages${settings.set}${turn.usage ? ', #usage = :usage' : ''}`,
        ConditionExpression: 'attribute_not_exists(sessionId) OR userId = :userId',
        // USAGE is a reserved word too.
        ...(turn.usage ? { ExpressionAttributeNames: { ...settings.names.ExpressionAttributeNames, '#usage': 'usage' } } : settings.names),
        ExpressionAttributeValues: {
          ':userId': turn.userId,
          ':category': turn.category,
          ':difficulty': turn.difficulty,
          ':messages': turn.messages,
          ...settings.values,
          ...(turn.usage ? { ':usage': turn.usage } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * Attach a grade to an existing item. Never creates an item (the original wrote orphan
 * items for unknown sessions); with an owner, only that owner's item is updated.
 * `gradeId` (additive attribute) identifies the grade for the skills aggregate.
 * @throws NotFoundError when (sessionId, ts) does not exist or belongs to someone else.
 */
export async function saveFeedback(params: {
  sessionId: string;
  ts: number;
  owner: string | undefined;
  feedback: Feedback;
  feedbackTimestamp: number;
  gradeId?: string;
}): Promise<void> {
  const ownerCheck = params.owner === undefined ? '' : ' AND userId = :owner';
  const setGradeId = params.gradeId === undefined ? '' : ', gradeId = :gradeId';
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableConfig().tableName,
        Key: { sessionId: params.sessionId, ts: params.ts },
        UpdateExpression: `SET feedback = :feedback, feedbackTimestamp = :feedbackTimestamp${setGradeId}`,
        ConditionExpression: `attribute_exists(sessionId)${ownerCheck}`,
        ExpressionAttributeValues: {
          ':feedback': params.feedback,
          ':feedbackTimestamp': params.feedbackTimestamp,
          ...(params.owner === undefined ? {} : { ':owner': params.owner }),
          ...(params.gradeId === undefined ? {} : { ':gradeId': params.gradeId }),
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new NotFoundError('Session not found');
    throw error;
  }
}

/** What the userId-ts-index holds per item (its projection: keys + category, difficulty, feedbackTimestamp). */
export type UserIndexEntry = SessionSummary & { userId: string; feedbackTimestamp?: number };

/** Every item of a user through the userId-ts-index GSI, newest first, all pages. */
export async function listUserItems(userId: string): Promise<UserIndexEntry[]> {
  return queryAll({
    TableName: tableConfig().tableName,
    IndexName: tableConfig().userIndexName,
    KeyConditionExpression: 'userId = :userId',
    ExpressionAttributeValues: { ':userId': userId },
    ScanIndexForward: false,
  });
}

/** Where a page of the user index starts: the table and index keys of the last item read. */
export interface UserIndexPosition {
  sessionId: string;
  ts: number;
}

/**
 * One query on the user index, newest first, starting after `after` (exclusive).
 * The partition is always `userId`: a start key from another partition is rejected by
 * DynamoDB, so a position can never reach another user's rows.
 */
export async function queryUserIndexPage(
  userId: string,
  limit: number,
  after: UserIndexPosition | undefined,
): Promise<{ items: UserIndexEntry[]; more: boolean }> {
  const result = await dynamo().send(
    new QueryCommand({
      TableName: tableConfig().tableName,
      IndexName: tableConfig().userIndexName,
      KeyConditionExpression: 'userId = :userId',
      ExpressionAttributeValues: { ':userId': userId },
      ScanIndexForward: false,
      Limit: limit,
      ...(after ? { ExclusiveStartKey: { userId, ts: after.ts, sessionId: after.sessionId } } : {}),
    }),
  );
  return { items: (result.Items ?? []) as UserIndexEntry[], more: result.LastEvaluatedKey !== undefined };
}

/**
 * Does the session have an item of this user with ts in (afterTs, upToTs]? Used by
 * /sessions paging: such an item was listed on an earlier page, so the session is skipped.
 */
export async function hasItemBetween(sessionId: string, userId: string, afterTs: number, upToTs: number): Promise<boolean> {
  if (upToTs <= afterTs) return false;
  const result = await dynamo().send(
    new QueryCommand({
      TableName: tableConfig().tableName,
      KeyConditionExpression: 'sessionId = :sessionId AND ts BETWEEN :from AND :to',
      FilterExpression: 'userId = :userId',
      ExpressionAttributeValues: { ':sessionId': sessionId, ':from': afterTs + 1, ':to': upToTs, ':userId': userId },
      ProjectionExpression: 'ts',
    }),
  );
  return (result.Items?.length ?? 0) > 0;
}

/** Every distinct userId in the table (a full Scan: for the repair command only). */
export async function scanUserIds(): Promise<string[]> {
  const users = new Set<string>();
  const input = {
    TableName: tableConfig().tableName,
    ProjectionExpression: 'userId',
    FilterExpression: 'attribute_exists(userId)',
  };
  for await (const page of paginateScan({ client: dynamo() }, input)) {
    for (const item of page.Items ?? []) if (typeof item.userId === 'string') users.add(item.userId);
  }
  return [...users].sort();
}

async function queryAll<T>(input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  for await (const page of paginateQuery({ client: dynamo() }, input)) {
    for (const item of page.Items ?? []) items.push(item as T);
  }
  return items;
}

/** Fetch items by key (BatchGet in chunks of 100, retrying unprocessed keys). */
export async function getItems(keys: ReadonlyArray<{ sessionId: string; ts: number }>): Promise<SessionItem[]> {
  const tableName = tableConfig().tableName;
  const found: SessionItem[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Array<Record<string, unknown>> = keys.slice(start, start + 100).map((k) => ({ sessionId: k.sessionId, ts: k.ts }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of result.Responses?.[tableName] ?? []) found.push(item as SessionItem);
      pending = (result.UnprocessedKeys?.[tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
      if (attempt > 8 && pending.length > 0) throw new Error('BatchGet kept returning unprocessed keys');
    }
  }
  return found;
}
