/** The embedded DynamoDB: table and GSI from the templates, in memory or kept on disk. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DataDirInUseError, LOCAL_CREDENTIALS, LOCAL_REGION, startEmbeddedDynamo } from './dynamo';

const client = (endpoint: string) => new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

describe('startEmbeddedDynamo', () => {
  it('creates the template\'s table and GSI in memory, ACTIVE at once', async () => {
    // Act
    const dynamo = await startEmbeddedDynamo({ dataDir: null });
    const ddb = client(dynamo.endpoint);
    try {
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: dynamo.tableName }));

      // Assert
      expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(dynamo.created).toBe(true);
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'sessionId', KeyType: 'HASH' },
        { AttributeName: 'ts', KeyType: 'RANGE' },
      ]);
      expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus])).toEqual([['userId-ts-index', 'ACTIVE']]);
    } finally {
      ddb.destroy();
      await dynamo.close();
    }
  });

  it('keeps items on disk across a restart, and refuses a second opener meanwhile', async () => {
    // Arrange
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'intelliview-dynamo-')), 'db');
    const first = await startEmbeddedDynamo({ dataDir });
    const ddb = client(first.endpoint);
    await ddb.send(new PutItemCommand({ TableName: first.tableName, Item: { sessionId: { S: 's' }, ts: { N: '1' } } }));
    ddb.destroy();

    // Act
    const second = startEmbeddedDynamo({ dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await first.close();
    const reopened = await startEmbeddedDynamo({ dataDir });
    const ddb2 = client(reopened.endpoint);
    const { Item } = await ddb2.send(new GetItemCommand({ TableName: reopened.tableName, Key: { sessionId: { S: 's' }, ts: { N: '1' } } }));
    ddb2.destroy();
    await reopened.close();

    // Assert
    expect(reopened.created).toBe(false);
    expect(Item).toEqual({ sessionId: { S: 's' }, ts: { N: '1' } });
    expect(existsSync(`${dataDir}.owner.json`)).toBe(false);
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });
});
