import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableConfig } from '../config';
import { dynamo } from '../sessions/dynamoClient';
import type { Contribution, SkillsState, TrendEntry } from './state';

/**
 * The skills aggregate item: one per user, in the InterviewSession table.
 *
 * Key: sessionId = "skills#<userId>", ts = 0. Real sessionIds match /^[A-Za-z0-9_-]+$/
 * (validated at the edge), so "#" keeps the two key spaces apart; /review and the
 * session reads query by a real sessionId and never reach it. The item has NO userId
 * attribute (the owner is stored as `owner`), so the sparse userId-ts-index never lists
 * it and /sessions never shows it.
 *
 * Every write is conditional on `version` (optimistic concurrency): a writer that lost a
 * race reads again and retries, so concurrent grades of one user never lose an update.
 */

export const AGGREGATE_PREFIX = 'skills#';

export function aggregateKey(userId: string): { sessionId: string; ts: number } {
  return { sessionId: `${AGGREGATE_PREFIX}${userId}`, ts: 0 };
}

/** A grade between "aggregate updated" and "session item updated" (see record.ts). */
export interface PendingGrade {
  gradeId: string;
  /** The item (sessionId, ts) the grade is being written to. */
  ts: number;
  /** What the aggregate counted for the session before this grade (absent: not counted). */
  previous?: Contribution;
  /** What it counts now. */
  next?: Contribution;
  /** Trend entries this change pushed out; a roll back restores them. */
  evicted: TrendEntry[];
  startedAtMs: number;
}

export interface StoredAggregate {
  owner: string;
  version: number;
  state: SkillsState;
  /** By sessionId: at most one grade in progress per session. */
  pending: Record<string, PendingGrade>;
}

/**
 * The user's aggregate, or undefined when none was written yet. A Query on the item's
 * key rather than GetItem: the reader functions are allowed Query only.
 */
export async function readAggregate(userId: string, consistent = true): Promise<StoredAggregate | undefined> {
  const key = aggregateKey(userId);
  const result = await dynamo().send(
    new QueryCommand({
      TableName: tableConfig().tableName,
      KeyConditionExpression: 'sessionId = :pk AND ts = :ts',
      ExpressionAttributeValues: { ':pk': key.sessionId, ':ts': key.ts },
      ConsistentRead: consistent,
    }),
  );
  const item = result.Items?.[0];
  if (!item || item.owner !== userId) return undefined;
  return {
    owner: userId,
    version: Number(item.version) || 0,
    state: item.state as SkillsState,
    pending: (item.pending as Record<string, PendingGrade> | undefined) ?? {},
  };
}

/**
 * Write the whole aggregate if nobody wrote it since we read `expectedVersion`
 * (undefined: it must not exist yet).
 * @returns false when the condition failed (someone else wrote first): read and retry.
 */
export async function writeAggregate(
  userId: string,
  next: { state: SkillsState; pending: Record<string, PendingGrade> },
  expectedVersion: number | undefined,
): Promise<boolean> {
  const names = { '#state': 'state', '#pending': 'pending', '#version': 'version', '#owner': 'owner', '#kind': 'kind', '#updatedAt': 'updatedAt' };
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableConfig().tableName,
        Key: aggregateKey(userId),
        UpdateExpression: 'SET #kind = :kind, #owner = :owner, #version = :next, #state = :state, #pending = :pending, #updatedAt = :now',
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(sessionId)' : '#version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ':kind': 'skillsAggregate',
          ':owner': userId,
          ':next': (expectedVersion ?? 0) + 1,
          ':state': next.state,
          ':pending': next.pending,
          ':now': Math.floor(Date.now() / 1000),
          ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
