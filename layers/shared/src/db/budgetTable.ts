import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableConfig } from '../config';
import { dynamo } from './client';

/**
 * The daily budget item: one per user and UTC day, in the InterviewSession table, holding
 * how many interviewer turns and grades the user has spent that day.
 *
 * Key: sessionId = "budget#<userId>#<YYYY-MM-DD>", ts = 0. Real sessionIds match
 * /^[A-Za-z0-9_-]+$/ and the aggregate's start with "skills#", so the key spaces never
 * meet; the day is last and fixed-width, so two (user, day) pairs never share a key. Like
 * the aggregate item it has NO userId attribute: the userId-ts-index never lists it, so
 * /sessions never shows it. `expiresAt` (epoch seconds, a day after the day ends) lets the
 * table's TTL delete it; where TTL is off (dynalite, an existing table not yet set up) the
 * item only lingers: the day in the key means an old item is never read again.
 */

export const BUDGET_PREFIX = 'budget#';

/** The two counters of a day's item. */
export type BudgetCounter = 'turns' | 'grades';

export interface BudgetCounts {
  turns: number;
  grades: number;
}

/** Seconds an item is kept after its day ends, before TTL may delete it. */
const KEEP_AFTER_DAY_SECONDS = 86_400;

export function budgetKey(userId: string, day: string): { sessionId: string; ts: number } {
  return { sessionId: `${BUDGET_PREFIX}${userId}#${day}`, ts: 0 };
}

/** The counts of a stored budget item (absent counters are 0). */
export function budgetCountsOf(item: Record<string, unknown> | undefined): BudgetCounts {
  return { turns: Number(item?.turns) || 0, grades: Number(item?.grades) || 0 };
}

/**
 * Spend one unit of `counter` if fewer than `limit` are spent: ONE conditional UpdateItem
 * (ADD creates the item and the counter on first use), atomic under any concurrency.
 * @param dayEndsAt epoch seconds of the end of `day` (the next UTC midnight).
 * @returns the count after this unit, or undefined when the budget was already spent.
 */
export async function takeBudgetUnit(userId: string, day: string, dayEndsAt: number, counter: BudgetCounter, limit: number): Promise<number | undefined> {
  try {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: tableConfig().tableName,
        Key: budgetKey(userId, day),
        UpdateExpression: 'SET kind = :kind, expiresAt = :expiresAt ADD #counter :one',
        ConditionExpression: 'attribute_not_exists(#counter) OR #counter < :limit',
        ExpressionAttributeNames: { '#counter': counter },
        ExpressionAttributeValues: { ':kind': 'dailyBudget', ':expiresAt': dayEndsAt + KEEP_AFTER_DAY_SECONDS, ':one': 1, ':limit': limit },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.[counter]);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/**
 * Give back one unit taken by takeBudgetUnit (its call failed). Never below zero and never
 * creates an item: the condition fails quietly when there is nothing to give back.
 */
export async function giveBackBudgetUnit(userId: string, day: string, counter: BudgetCounter): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableConfig().tableName,
        Key: budgetKey(userId, day),
        UpdateExpression: 'ADD #counter :minusOne',
        ConditionExpression: '#counter > :zero',
        ExpressionAttributeNames: { '#counter': counter },
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    throw error;
  }
}
