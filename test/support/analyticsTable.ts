import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SessionItem } from '@intelliview/shared/domain';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../tools/local/dynamo';
import { useLocalAws } from './localAws';

/**
 * An in-memory embedded DynamoDB (dynalite, table from the SAM templates) for the
 * analytics integration tests and the bench. Sets the SDK's standard variables, so call
 * it BEFORE importing layer modules (their config is read once per module registry).
 */
export async function startAnalyticsTable(extraEnv: Record<string, string> = {}): Promise<EmbeddedDynamo> {
  const db = await startEmbeddedDynamo({ dataDir: null });
  useLocalAws({ dynamodb: db.endpoint }, {
    TABLE_NAME: db.tableName,
    AUTH_MODE: 'none',
    ...extraEnv,
  });
  return db;
}

/** Write raw items fast: BatchWriteItem in chunks of 25, retrying unprocessed items. */
export async function putItems(db: EmbeddedDynamo, items: ReadonlyArray<object>): Promise<void> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  try {
    for (let start = 0; start < items.length; start += 25) {
      let requests: unknown[] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt > 10) throw new Error('BatchWrite kept returning unprocessed items');
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: requests as never } }));
        requests = result.UnprocessedItems?.[db.tableName] ?? [];
      }
    }
  } finally {
    client.destroy();
  }
}

/** A stored session item (one interview turn) for seeding; `extra` overrides or adds attributes. */
export function sessionItem(
  userId: string,
  sessionId: string,
  ts: number,
  extra: Partial<Omit<SessionItem, 'sessionId' | 'ts' | 'userId'>> = {},
): SessionItem {
  return { sessionId, ts, userId, category: 'DSA', difficulty: 'Easy', messages: [{ role: 'user', content: 'start' }], ...extra };
}
