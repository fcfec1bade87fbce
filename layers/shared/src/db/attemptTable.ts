import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { paginateQuery, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableConfig } from '../config';
import type { Attempt, SessionItem, SkillsState } from '../domain';
import { PayloadTooLargeError, ServiceUnavailableError } from '../errors';
import { logger } from '../logger';
import type { SessionUsage } from '../usage/usage';
import { aggregatePut } from './aggregateTable';
import { dynamo } from './client';
import { RACE, THROTTLED } from './gradeTransaction';

/**
 * Retry attempts of single questions, stored as their own items in the session's partition
 * (a session item may already hold 160 KB of transcript; DynamoDB caps an item at 400 KB):
 *
 *   sessionId = the session's id, ts = −n (n = 1, 2, … in the order the session's attempts
 *   were made). Real turns have ts ≥ 2000-01-01 in epoch seconds, and no request can name a
 *   negative ts (http/schemas.ts), so the two never meet; the session readers query ts ≥ 0.
 *
 * An attempt has NO userId attribute (its owner is `owner`): the sparse userId-ts-index never
 * lists it, so GET /sessions never shows it, and a grade's transaction never pins it.
 * GET /review reads the partition once and returns both (sessions/service.ts).
 */

export const ATTEMPT_KIND = 'questionAttempt';

/** An attempt as stored. */
export interface StoredAttempt extends Attempt {
  ts: number;
  kind: typeof ATTEMPT_KIND;
  owner?: string;
  modelId?: string;
  promptVersion?: string;
  usage?: SessionUsage;
}

export const isAttemptItem = (item: { ts: number }) => Number(item.ts) < 0;

/** The session's items (ts ≥ 0) and its attempts (ts < 0, in the order they were made): one Query. */
export async function getSessionWithAttempts(sessionId: string): Promise<{ items: SessionItem[]; attempts: StoredAttempt[] }> {
  const items: SessionItem[] = [];
  const attempts: StoredAttempt[] = [];
  const input = {
    TableName: tableConfig().tableName,
    KeyConditionExpression: 'sessionId = :sessionId',
    ExpressionAttributeValues: { ':sessionId': sessionId },
    ConsistentRead: true,
  };
  for await (const page of paginateQuery({ client: dynamo() }, input)) {
    for (const item of page.Items ?? []) {
      if (isAttemptItem(item as { ts: number })) attempts.push(item as StoredAttempt);
      else items.push(item as SessionItem);
    }
  }
  attempts.sort((a, b) => b.ts - a.ts);
  return { items, attempts };
}

export interface AttemptWrite {
  attempt: StoredAttempt;
  /** The graded item the attempt was made against, pinned to its gradeId as read. */
  graded: { ts: number; gradeId: string };
  /** The owner's aggregate with the attempt recorded (absent for an ownerless legacy session). */
  aggregate?: { owner: string; state: SkillsState; expectedVersion: number | undefined };
}

/**
 * One TransactWriteItems: Put of the attempt at a ts no attempt has yet; ConditionCheck that
 * the grade is still the session's latest as read; Put of the aggregate at its version as
 * read. A lost race (another attempt took that ts, a re-grade landed, the aggregate moved)
 * cancels all of it: the caller reads again.
 */
export function attemptTransaction(write: AttemptWrite): TransactWriteCommandInput {
  const tableName = tableConfig().tableName;
  return {
    TransactItems: [
      { Put: { TableName: tableName, Item: write.attempt, ConditionExpression: 'attribute_not_exists(sessionId)' } },
      {
        ConditionCheck: {
          TableName: tableName,
          Key: { sessionId: write.attempt.sessionId, ts: write.graded.ts },
          ConditionExpression: 'gradeId = :gradeId',
          ExpressionAttributeValues: { ':gradeId': write.graded.gradeId },
        },
      },
      ...(write.aggregate ? [{ Put: aggregatePut(write.aggregate.owner, write.aggregate.state, write.aggregate.expectedVersion) }] : []),
    ],
  };
}

/** @returns 'stale' when something read has changed since: read again and retry. */
export async function writeAttempt(write: AttemptWrite): Promise<'written' | 'stale'> {
  try {
    await dynamo().send(new TransactWriteCommand(attemptTransaction(write)));
    return 'written';
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'TransactionInProgressException') return 'stale';
    if (!(error instanceof TransactionCanceledException)) throw error;
    const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None').filter((code) => code !== 'None');
    if (codes.some((code) => THROTTLED.has(code))) {
      logger.warn('attempt transaction throttled', { codes });
      throw new ServiceUnavailableError('The database is busy; nothing was saved. Please try again.', 1, 'STORAGE_UNAVAILABLE');
    }
    if (codes.length > 0 && codes.every((code) => RACE.has(code))) return 'stale';
    if (codes.includes('ValidationError')) throw new PayloadTooLargeError('The attempt is too large to store', 'ITEM_TOO_LARGE');
    throw new Error(`Attempt transaction cancelled: ${codes.join(', ') || 'no reason given'}`);
  }
}
