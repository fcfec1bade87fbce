import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand, QueryCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableConfig } from '../config';
import type { SkillsState } from '../domain';
import { budgetCountsOf, budgetKey, type BudgetCounts } from './budgetTable';
import { dynamo } from './client';

/**
 * The skills aggregate item: one per user, in the InterviewSession table.
 *
 * Key: sessionId = "skills#<userId>", ts = 0. Real sessionIds match /^[A-Za-z0-9_-]+$/
 * (validated at the edge), so "#" keeps the two key spaces apart; /review and the
 * session reads query by a real sessionId and never reach it. The item has NO userId
 * attribute (the owner is stored as `owner`), so the sparse userId-ts-index never lists
 * it and /sessions never shows it.
 *
 * Every write is conditional on `version` (or on the item not existing): a writer that
 * lost a race reads again, so no update is ever lost.
 */

export const AGGREGATE_PREFIX = 'skills#';

export function aggregateKey(userId: string): { sessionId: string; ts: number } {
  return { sessionId: `${AGGREGATE_PREFIX}${userId}`, ts: 0 };
}

export interface StoredAggregate {
  owner: string;
  version: number;
  state: SkillsState;
  /**
   * True when the item still carries the `pending` grade markers of the previous write
   * path (a lease protocol, before grades became one transaction). Such a state may count
   * a grade that never landed: the next grade rebuilds it, and the repair command drops them.
   */
  hasLegacyMarkers: boolean;
}

/**
 * The user's aggregate, or undefined when none was written yet. A Query on the item's
 * key (one round trip, like GetItem) so a reader needs no more than Query.
 */
export async function readAggregate(userId: string): Promise<StoredAggregate | undefined> {
  const key = aggregateKey(userId);
  const result = await dynamo().send(
    new QueryCommand({
      TableName: tableConfig().tableName,
      KeyConditionExpression: 'sessionId = :pk AND ts = :ts',
      ExpressionAttributeValues: { ':pk': key.sessionId, ':ts': key.ts },
      ConsistentRead: true,
    }),
  );
  return storedAggregateOf(result.Items?.[0], userId);
}

function storedAggregateOf(item: Record<string, unknown> | undefined, userId: string): StoredAggregate | undefined {
  if (!item || item.owner !== userId) return undefined;
  const pending: unknown = item.pending;
  return {
    owner: userId,
    version: Number(item.version) || 0,
    state: item.state as SkillsState,
    hasLegacyMarkers: typeof pending === 'object' && pending !== null && Object.keys(pending).length > 0,
  };
}

/** Attempts of the BatchGetItem when DynamoDB leaves keys unprocessed (throttling). */
const MAX_BATCH_ATTEMPTS = 5;

/**
 * GET /skills's one read: the user's aggregate and, when `budgetDay` is given, the user's
 * budget item of that day, in ONE BatchGetItem (strongly consistent, like the Query above).
 * Keys DynamoDB leaves unprocessed are asked for again, after a short backoff.
 */
export async function readAggregateAndBudget(
  userId: string,
  budgetDay: string | undefined,
): Promise<{ aggregate: StoredAggregate | undefined; budget: BudgetCounts }> {
  const tableName = tableConfig().tableName;
  const aggregateId = aggregateKey(userId).sessionId;
  let pending: Array<Record<string, unknown>> = [aggregateKey(userId), ...(budgetDay === undefined ? [] : [budgetKey(userId, budgetDay)])];
  const found: Array<Record<string, unknown>> = [];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > MAX_BATCH_ATTEMPTS) throw new Error('BatchGetItem kept returning unprocessed keys');
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    const result = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
    found.push(...(result.Responses?.[tableName] ?? []));
    pending = (result.UnprocessedKeys?.[tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
  }
  return {
    aggregate: storedAggregateOf(found.find((item) => item.sessionId === aggregateId), userId),
    budget: budgetCountsOf(found.find((item) => item.sessionId !== aggregateId)),
  };
}

/**
 * The whole aggregate item as a conditional Put: on top of `expectedVersion`, or only if
 * no aggregate exists yet (expectedVersion undefined). A Put replaces every attribute, so
 * legacy `pending` markers go with it. Used alone and inside the grade's transaction.
 */
export function aggregatePut(userId: string, state: SkillsState, expectedVersion: number | undefined): NonNullable<PutCommandInput> {
  return {
    TableName: tableConfig().tableName,
    Item: {
      ...aggregateKey(userId),
      kind: 'skillsAggregate',
      owner: userId,
      version: (expectedVersion ?? 0) + 1,
      state,
      updatedAt: Math.floor(Date.now() / 1000),
    },
    ...(expectedVersion === undefined
      ? { ConditionExpression: 'attribute_not_exists(sessionId)' }
      : {
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
  };
}

/**
 * Store an aggregate outside a grade (first read of a migrated user, repair).
 * @returns false when the condition failed: someone else wrote first.
 */
export async function putAggregate(userId: string, state: SkillsState, expectedVersion: number | undefined): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand(aggregatePut(userId, state, expectedVersion)));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
