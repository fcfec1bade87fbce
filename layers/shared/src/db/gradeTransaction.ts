import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableConfig } from '../config';
import type { Feedback, SkillsState } from '../domain';
import type { SessionUsage } from '../usage/usage';
import { NotFoundError, PayloadTooLargeError, ServiceUnavailableError } from '../errors';
import { logger } from '../logger';
import { aggregatePut } from './aggregateTable';
import { dynamo } from './client';

/**
 * A grade and the owner's skills aggregate in ONE TransactWriteItems. The new aggregate
 * was computed from what was read (the session's items and the aggregate), so every one
 * of those items is pinned to what it carried when read:
 *   [0] Update of the graded item: owner AND its gradeId as read (or its absence);
 *   [1…] ConditionCheck of each other item of the session: its gradeId as read;
 *   [last] Put of the aggregate: its version as read (or not existing).
 * If anything changed since the read, DynamoDB cancels the whole transaction and nothing
 * is written; the caller reads again and recomputes.
 */

/** What an item carried when read: its gradeId, or undefined when it had none. */
export interface PinnedItem {
  ts: number;
  gradeId: string | undefined;
}

export interface GradeWrite {
  sessionId: string;
  owner: string;
  target: PinnedItem;
  others: readonly PinnedItem[];
  /** usage: the item's usage with this grade's entry added (computed from the item as read). */
  grade: { feedback: Feedback; feedbackTimestamp: number; gradeId: string; usage?: SessionUsage };
  aggregate: { state: SkillsState; expectedVersion: number | undefined };
}

/** A lost race: an item or the aggregate changed since it was read. Read again and retry. */
export type GradeWriteOutcome = 'written' | 'stale';

/** DynamoDB's limit on actions per transaction. */
export const MAX_TRANSACT_ITEMS = 100;

function pinnedGrade(item: PinnedItem, prefix: string): { condition: string; values: Record<string, string> } {
  return item.gradeId === undefined
    ? { condition: 'attribute_not_exists(gradeId)', values: {} }
    : { condition: `gradeId = :${prefix}`, values: { [`:${prefix}`]: item.gradeId } };
}

export function gradeTransaction(write: GradeWrite): TransactWriteCommandInput {
  const tableName = tableConfig().tableName;
  const target = pinnedGrade(write.target, 'seenGradeId');
  const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
    {
      Update: {
        TableName: tableName,
        Key: { sessionId: write.sessionId, ts: write.target.ts },
        UpdateExpression: `SET feedback = :feedback, feedbackTimestamp = :feedbackTimestamp, gradeId = :gradeId${write.grade.usage ? ', #usage = :usage' : ''}`,
        ConditionExpression: `userId = :owner AND ${target.condition}`,
        // USAGE is a DynamoDB reserved word.
        ...(write.grade.usage ? { ExpressionAttributeNames: { '#usage': 'usage' } } : {}),
        ExpressionAttributeValues: {
          ':owner': write.owner,
          ':feedback': write.grade.feedback,
          ':feedbackTimestamp': write.grade.feedbackTimestamp,
          ':gradeId': write.grade.gradeId,
          ...(write.grade.usage ? { ':usage': write.grade.usage } : {}),
          ...target.values,
        },
        // The old item tells an owner mismatch (404) from a lost race (retry).
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    ...write.others.map((other) => {
      const pin = pinnedGrade(other, 'seen');
      return {
        ConditionCheck: {
          TableName: tableName,
          Key: { sessionId: write.sessionId, ts: other.ts },
          ConditionExpression: `attribute_exists(sessionId) AND ${pin.condition}`,
          ...(Object.keys(pin.values).length > 0 ? { ExpressionAttributeValues: pin.values } : {}),
        },
      };
    }),
    { Put: aggregatePut(write.owner, write.aggregate.state, write.aggregate.expectedVersion) },
  ];
  return { TransactItems: items };
}

/** Cancellation reason codes: throttling (503, nothing written) and lost races (read again). Shared with db/attemptTable.ts. */
export const THROTTLED = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);
export const RACE = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

/** The owner the graded item had when the condition failed (ALL_OLD, marshalled). */
function oldOwner(reason: CancellationReason | undefined): string | undefined {
  const userId = reason?.Item?.userId;
  return userId && 'S' in userId ? userId.S : undefined;
}

/**
 * What a cancelled transaction means, by its CancellationReasons (one per item, in order):
 * the graded item gone or not the owner's → 404; any other condition or a conflict with
 * another transaction → a lost race; throttling → 503 (the client may send it again: nothing
 * was written).
 */
export function outcomeOfCancellation(write: GradeWrite, reasons: readonly CancellationReason[]): GradeWriteOutcome {
  const target = reasons[0];
  if (target?.Code === 'ConditionalCheckFailed' && oldOwner(target) !== write.owner) throw new NotFoundError('Session not found');
  const codes = reasons.map((reason) => reason.Code ?? 'None').filter((code) => code !== 'None');
  if (codes.some((code) => THROTTLED.has(code))) {
    logger.warn('grade transaction throttled', { codes });
    throw new ServiceUnavailableError('The database is busy; nothing was saved. Please try again.', 1, 'STORAGE_UNAVAILABLE');
  }
  if (codes.length > 0 && codes.every((code) => RACE.has(code))) return 'stale';
  if (codes.includes('ValidationError') && reasons.some((reason) => /size/i.test(reason.Message ?? ''))) {
    throw new PayloadTooLargeError('The session is too large to store', 'ITEM_TOO_LARGE');
  }
  throw new Error(`Grade transaction cancelled: ${codes.join(', ') || 'no reason given'}`);
}

/** Run the grade's transaction. @returns 'stale' when a pinned item changed since it was read. */
export async function writeGradeAndAggregate(write: GradeWrite): Promise<GradeWriteOutcome> {
  try {
    await dynamo().send(new TransactWriteCommand(gradeTransaction(write)));
    return 'written';
  } catch (error) {
    if (error instanceof TransactionCanceledException) return outcomeOfCancellation(write, error.CancellationReasons ?? []);
    // Another transaction on the same items is still in flight (same idempotency token).
    if ((error as { name?: unknown } | null)?.name === 'TransactionInProgressException') return 'stale';
    throw error;
  }
}
