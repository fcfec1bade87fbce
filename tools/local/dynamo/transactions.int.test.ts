/**
 * Conformance suite for the transactions front: over HTTP, with the real SDK, each case
 * asserts what DynamoDB documents, citing the page:
 * - API_TransactWriteItems: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 * - API_TransactGetItems:   https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
 * - transaction-apis:       https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
 *   (isolation levels, error handling, idempotency)
 *
 * By default it runs against startEmbeddedDynamo({ dataDir: null }). To run the same cases
 * against real DynamoDB, set DYNAMODB_CONFORMANCE_TABLE to a table keyed like the app's
 * (sessionId S / ts N), with credentials and region from the usual AWS variables; the
 * cases that use the front's fault hooks are then skipped. Every case writes its own keys.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startEmbeddedDynamo, type EmbeddedDynamo } from '../dynamo';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

const realTable = process.env.DYNAMODB_CONFORMANCE_TABLE;
/** Cases that need the local front's fault hooks (DynamoDB has no such thing). */
const itLocal = realTable ? it.skip : it;

let local: EmbeddedDynamo | undefined;
let TableName: string;
let raw: DynamoDBClient;
let ddb: DynamoDBDocumentClient;

function clientConfig(maxAttempts: number): DynamoDBClientConfig {
  return local ? { endpoint: local.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts } : { maxAttempts };
}

beforeAll(async () => {
  if (!realTable) local = await startEmbeddedDynamo({ dataDir: null });
  TableName = realTable ?? local!.tableName;
  // One attempt: the SDK must not hide what the service answered behind its retries.
  raw = new DynamoDBClient(clientConfig(1));
  ddb = DynamoDBDocumentClient.from(raw);
});

afterEach(() => local?.faults.reset());

afterAll(async () => {
  raw.destroy();
  await local?.close();
});

/** A fresh partition per case, so cases never see each other's items. */
const session = () => `conformance-${randomUUID()}`;

const get = async (sessionId: string, ts: number) => (await ddb.send(new GetCommand({ TableName, Key: { sessionId, ts }, ConsistentRead: true }))).Item;

const put = (item: Record<string, unknown>) => ddb.send(new PutCommand({ TableName, Item: item }));

/** The error a call rejects with (fails the test if it resolves). */
async function failure(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const transact = (TransactItems: TransactItems, ClientRequestToken?: string) => ddb.send(new TransactWriteCommand({ TransactItems, ClientRequestToken }));

describe('TransactWriteItems (API_TransactWriteItems.html)', () => {
  it('applies every action when every condition holds: Put, Update, Delete and ConditionCheck together', async () => {
    // Arrange
    const id = session();
    await put({ sessionId: id, ts: 2, n: 1 });
    await put({ sessionId: id, ts: 3, doomed: true });
    await put({ sessionId: id, ts: 4, status: 'open' });

    // Act
    const output = await transact([
      { Put: { TableName, Item: { sessionId: id, ts: 1, created: 'yes' }, ConditionExpression: 'attribute_not_exists(sessionId)' } },
      { Update: { TableName, Key: { sessionId: id, ts: 2 }, UpdateExpression: 'SET n = n + :one', ConditionExpression: 'n = :one', ExpressionAttributeValues: { ':one': 1 } } },
      { Delete: { TableName, Key: { sessionId: id, ts: 3 }, ConditionExpression: 'attribute_exists(doomed)' } },
      { ConditionCheck: { TableName, Key: { sessionId: id, ts: 4 }, ConditionExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':open': 'open' } } },
    ]);

    // Assert
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(await get(id, 1)).toEqual({ sessionId: id, ts: 1, created: 'yes' });
    expect(await get(id, 2)).toEqual({ sessionId: id, ts: 2, n: 2 });
    expect(await get(id, 3)).toBeUndefined();
    expect(await get(id, 4)).toEqual({ sessionId: id, ts: 4, status: 'open' });
  });

  it('writes nothing when one condition fails, and names each action\'s reason in order; ALL_OLD puts the item in its reason', async () => {
    // Arrange: "If any of the conditions are not met, the entire transaction fails" (transaction-apis.html)
    const id = session();
    await put({ sessionId: id, ts: 2, version: 7 });

    // Act
    const error = await failure(
      transact([
        { Put: { TableName, Item: { sessionId: id, ts: 1, fresh: true } } },
        {
          Update: {
            TableName,
            Key: { sessionId: id, ts: 2 },
            UpdateExpression: 'SET version = :next',
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': 6, ':next': 7 },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { Put: { TableName, Item: { sessionId: id, ts: 3, fresh: true } } },
      ]),
    );

    // Assert
    expect(error.name).toBe('TransactionCanceledException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]');
    expect(error.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { sessionId: { S: id }, ts: { N: '2' }, version: { N: '7' } } },
      { Code: 'None' },
    ]);
    expect(await get(id, 1)).toBeUndefined();
    expect(await get(id, 2)).toEqual({ sessionId: id, ts: 2, version: 7 });
    expect(await get(id, 3)).toBeUndefined();
  });

  it('reports every failing condition, not only the first', async () => {
    // Arrange
    const id = session();
    await put({ sessionId: id, ts: 1 });
    await put({ sessionId: id, ts: 2 });

    // Act
    const error = await failure(
      transact([
        { Put: { TableName, Item: { sessionId: id, ts: 1, again: true }, ConditionExpression: 'attribute_not_exists(sessionId)' } },
        { Put: { TableName, Item: { sessionId: id, ts: 2, again: true }, ConditionExpression: 'attribute_not_exists(sessionId)' } },
      ]),
    );

    // Assert
    expect(error.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, ConditionalCheckFailed]');
    expect(error.CancellationReasons.map((reason: { Code: string }) => reason.Code)).toEqual(['ConditionalCheckFailed', 'ConditionalCheckFailed']);
  });

  it('fails a ConditionCheck on a missing item, with no Item in the reason even under ALL_OLD', async () => {
    // Arrange
    const id = session();

    // Act
    const error = await failure(
      transact([
        { ConditionCheck: { TableName, Key: { sessionId: id, ts: 1 }, ConditionExpression: 'attribute_exists(sessionId)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
        { Put: { TableName, Item: { sessionId: id, ts: 2 } } },
      ]),
    );

    // Assert
    expect(error.name).toBe('TransactionCanceledException');
    expect(error.CancellationReasons).toEqual([{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'None' }]);
    expect(await get(id, 2)).toBeUndefined();
  });

  it('creates an item under attribute_not_exists once, and refuses the second create', async () => {
    // Arrange
    const id = session();
    const create = (label: string) =>
      transact([{ Put: { TableName, Item: { sessionId: id, ts: 0, label }, ConditionExpression: 'attribute_not_exists(sessionId)' } }]);

    // Act
    await create('first');
    const error = await failure(create('second'));

    // Assert
    expect(error.CancellationReasons).toEqual([{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }]);
    expect(await get(id, 0)).toEqual({ sessionId: id, ts: 0, label: 'first' });
  });

  it('applies an Update\'s expression as UpdateItem does (SET arithmetic, if_not_exists, list_append, REMOVE, ADD), creating a missing item', async () => {
    // Arrange
    const id = session();
    await put({ sessionId: id, ts: 1, count: 4, tags: ['a'], stale: 'x' });

    // Act
    await transact([
      {
        Update: {
          TableName,
          Key: { sessionId: id, ts: 1 },
          UpdateExpression: 'SET #c = #c + :two, tags = list_append(tags, :more), firstSeen = if_not_exists(firstSeen, :now) REMOVE stale ADD visits :one',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: { ':two': 2, ':more': ['b'], ':now': 100, ':one': 1 },
        },
      },
      { Update: { TableName, Key: { sessionId: id, ts: 2 }, UpdateExpression: 'SET created = :yes', ExpressionAttributeValues: { ':yes': true } } },
    ]);

    // Assert
    expect(await get(id, 1)).toEqual({ sessionId: id, ts: 1, count: 6, tags: ['a', 'b'], firstSeen: 100, visits: 1 });
    expect(await get(id, 2)).toEqual({ sessionId: id, ts: 2, created: true });
  });

  it('cancels with ValidationError, and writes nothing, when a write fails for a reason the conditions do not cover', async () => {
    // Arrange: "a validation error occurs because of changes made by the transaction" (API_TransactWriteItems.html, errors)
    const id = session();
    await put({ sessionId: id, ts: 1, original: true });
    await put({ sessionId: id, ts: 2, n: 'not a number' });

    // Act
    const error = await failure(
      transact([
        { Put: { TableName, Item: { sessionId: id, ts: 1, overwritten: true } } },
        { Update: { TableName, Key: { sessionId: id, ts: 2 }, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': 1 } } },
        { Put: { TableName, Item: { sessionId: id, ts: 3, created: true } } },
      ]),
    );

    // Assert
    expect(error.name).toBe('TransactionCanceledException');
    expect(error.CancellationReasons).toEqual([{ Code: 'None' }, { Code: 'ValidationError', Message: 'An operand in the update expression has an incorrect data type' }, { Code: 'None' }]);
    expect(await get(id, 1)).toEqual({ sessionId: id, ts: 1, original: true });
    expect(await get(id, 2)).toEqual({ sessionId: id, ts: 2, n: 'not a number' });
    expect(await get(id, 3)).toBeUndefined();
  });

  describe('request validation (ValidationException, nothing written)', () => {
    it('refuses more than 100 actions', async () => {
      // Arrange: "TransactItems ... Array Members: Minimum number of 1 item. Maximum number of 100 items."
      const id = session();
      const items: TransactItems = Array.from({ length: 101 }, (_, ts) => ({ Put: { TableName, Item: { sessionId: id, ts } } }));

      // Act
      const error = await failure(transact(items));

      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(/^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/s);
      expect(await get(id, 0)).toBeUndefined();
    });

    it('accepts exactly 100 actions', async () => {
      // Arrange
      const id = session();
      const items: TransactItems = Array.from({ length: 100 }, (_, ts) => ({ Put: { TableName, Item: { sessionId: id, ts } } }));

      // Act
      await transact(items);

      // Assert
      expect(await get(id, 0)).toEqual({ sessionId: id, ts: 0 });
      expect(await get(id, 99)).toEqual({ sessionId: id, ts: 99 });
    });

    it('refuses an empty list', async () => {
      // Act
      const error = await failure(transact([]));

      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    });

    it('refuses two actions on the same item', async () => {
      // Arrange: "no two actions can target the same item" (API_TransactWriteItems.html)
      const id = session();

      // Act
      const error = await failure(
        transact([
          { Put: { TableName, Item: { sessionId: id, ts: 1, a: 1 } } },
          { ConditionCheck: { TableName, Key: { sessionId: id, ts: 1 }, ConditionExpression: 'attribute_not_exists(sessionId)' } },
        ]),
      );

      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('Transaction request cannot include multiple operations on one item');
      expect(await get(id, 1)).toBeUndefined();
    });

    it('refuses an aggregate size over 4 MB', async () => {
      // Arrange: "The aggregate size of the items in the transaction cannot exceed 4 MB." (API_TransactWriteItems.html)
      const id = session();
      const payload = 'x'.repeat(350_000);
      const items: TransactItems = Array.from({ length: 12 }, (_, ts) => ({ Put: { TableName, Item: { sessionId: id, ts, payload } } }));

      // Act
      const error = await failure(transact(items));

      // Assert
      expect(error.name).toBe('ValidationException');
      expect(await get(id, 0)).toBeUndefined();
    });

    it('answers ResourceNotFoundException for a table that does not exist', async () => {
      // Act
      const error = await failure(transact([{ Put: { TableName: `missing-${randomUUID()}`, Item: { sessionId: 'x', ts: 1 } } }]));

      // Assert
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe('Requested resource not found');
    });

    it('refuses an invalid expression before reading anything', async () => {
      // Arrange
      const id = session();

      // Act
      const error = await failure(
        transact([
          { Put: { TableName, Item: { sessionId: id, ts: 1 } } },
          { Update: { TableName, Key: { sessionId: id, ts: 2 }, UpdateExpression: 'SET n = :one', ExpressionAttributeValues: { ':one': 1, ':unused': 2 } } },
        ]),
      );

      // Assert
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}');
      expect(await get(id, 1)).toBeUndefined();
    });
  });

  describe('idempotency (transaction-apis.html, "Idempotency")', () => {
    it('answers a retry with the same ClientRequestToken as success without applying it again', async () => {
      // Arrange: "subsequent TransactWriteItems calls with the same client token return successfully without making any changes"
      const id = session();
      const token = randomUUID();
      const items: TransactItems = [{ Update: { TableName, Key: { sessionId: id, ts: 1 }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } }];
      await transact(items, token);
      await ddb.send(new UpdateCommand({ TableName, Key: { sessionId: id, ts: 1 }, UpdateExpression: 'SET marker = :m', ExpressionAttributeValues: { ':m': 'between' } }));

      // Act
      const retry = await transact(items, token);

      // Assert
      expect(retry.$metadata.httpStatusCode).toBe(200);
      expect(await get(id, 1)).toEqual({ sessionId: id, ts: 1, n: 1, marker: 'between' });
    });

    it('refuses the same token with different parameters: IdempotentParameterMismatchException', async () => {
      // Arrange: "If you submit a request with the same client token but a change in other parameters ... IdempotentParameterMismatch"
      const id = session();
      const token = randomUUID();
      await transact([{ Put: { TableName, Item: { sessionId: id, ts: 1, value: 'first' } } }], token);

      // Act
      const error = await failure(transact([{ Put: { TableName, Item: { sessionId: id, ts: 1, value: 'second' } } }], token));

      // Assert
      expect(error.name).toBe('IdempotentParameterMismatchException');
      expect(await get(id, 1)).toEqual({ sessionId: id, ts: 1, value: 'first' });
    });

    it('runs a retry of a cancelled transaction again, so it can succeed once its condition holds', async () => {
      // Arrange
      const id = session();
      const token = randomUUID();
      const items: TransactItems = [{ Put: { TableName, Item: { sessionId: id, ts: 2, done: true } } }, { ConditionCheck: { TableName, Key: { sessionId: id, ts: 1 }, ConditionExpression: 'attribute_exists(ready)' } }];
      const first = await failure(transact(items, token));
      await put({ sessionId: id, ts: 1, ready: true });

      // Act
      await transact(items, token);

      // Assert
      expect(first.name).toBe('TransactionCanceledException');
      expect(await get(id, 2)).toEqual({ sessionId: id, ts: 2, done: true });
    });
  });
});

describe('TransactGetItems (API_TransactGetItems.html)', () => {
  it('returns the items in request order, an empty response for a missing one, with ProjectionExpression applied', async () => {
    // Arrange
    const id = session();
    await put({ sessionId: id, ts: 1, a: 1, b: { c: 2, d: 3 } });
    await put({ sessionId: id, ts: 3, e: 'e' });

    // Act
    const { Responses } = await ddb.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName, Key: { sessionId: id, ts: 1 }, ProjectionExpression: '#b.c, ts', ExpressionAttributeNames: { '#b': 'b' } } },
          { Get: { TableName, Key: { sessionId: id, ts: 2 } } },
          { Get: { TableName, Key: { sessionId: id, ts: 3 } } },
        ],
      }),
    );

    // Assert
    expect(Responses).toEqual([{ Item: { ts: 1, b: { c: 2 } } }, {}, { Item: { sessionId: id, ts: 3, e: 'e' } }]);
  });

  it('refuses more than 100 gets and two gets of the same item', async () => {
    // Arrange
    const id = session();
    const gets = (count: number) => Array.from({ length: count }, (_, ts) => ({ Get: { TableName, Key: { sessionId: id, ts } } }));

    // Act
    const tooMany = await failure(ddb.send(new TransactGetCommand({ TransactItems: gets(101) })));
    const twice = await failure(ddb.send(new TransactGetCommand({ TransactItems: [...gets(1), ...gets(1)] })));

    // Assert
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toMatch(/Member must have length less than or equal to 100$/);
    expect(twice.name).toBe('ValidationException');
  });

  it('never observes a transaction half-applied (serializable with TransactWriteItems, transaction-apis.html "Isolation levels")', async () => {
    // Arrange: two items every transaction moves together
    const id = session();
    await put({ sessionId: id, ts: 1, n: 0 });
    await put({ sessionId: id, ts: 2, n: 0 });
    const move = () =>
      transact([1, 2].map((ts) => ({ Update: { TableName, Key: { sessionId: id, ts }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } })));
    const snapshot = async () => {
      const { Responses } = await ddb.send(new TransactGetCommand({ TransactItems: [1, 2].map((ts) => ({ Get: { TableName, Key: { sessionId: id, ts } } })) }));
      return Responses!.map((response) => response.Item?.n as number);
    };

    // Act
    const [, snapshots] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, move)),
      Promise.all(Array.from({ length: 30 }, snapshot)),
    ]);

    // Assert
    expect(snapshots.filter(([a, b]) => a !== b)).toEqual([]);
    expect(await snapshot()).toEqual([30, 30]);
  });
});

describe('concurrency (transaction-apis.html, "Isolation levels")', () => {
  it('never loses an update when many transactions increment a counter through version conditions', async () => {
    // Arrange: optimistic writers, each retrying on ConditionalCheckFailed until its increment lands
    const id = session();
    await put({ sessionId: id, ts: 0, version: 0, count: 0 });
    const increment = async (worker: number, round: number) => {
      for (;;) {
        const current = (await get(id, 0))!;
        try {
          await transact([
            {
              Update: {
                TableName,
                Key: { sessionId: id, ts: 0 },
                UpdateExpression: 'SET version = :next, #c = #c + :one',
                ConditionExpression: 'version = :seen',
                ExpressionAttributeNames: { '#c': 'count' },
                ExpressionAttributeValues: { ':seen': current.version, ':next': (current.version as number) + 1, ':one': 1 },
              },
            },
            { Put: { TableName, Item: { sessionId: id, ts: 1000 + worker * 100 + round, at: current.version } } },
          ]);
          return;
        } catch (error) {
          if ((error as Error).name !== 'TransactionCanceledException') throw error;
        }
      }
    };

    // Act
    await Promise.all(Array.from({ length: 6 }, async (_, worker) => {
      for (let round = 0; round < 4; round += 1) await increment(worker, round);
    }));

    // Assert
    expect(await get(id, 0)).toEqual({ sessionId: id, ts: 0, version: 24, count: 24 });
  });

  it('keeps a transaction\'s check and write atomic with respect to plain UpdateItem and PutItem running meanwhile', async () => {
    // Arrange: transactions set n = seen + 1 only if n is still `seen`; plain writers ADD 1 to n
    // and put items. A plain write landing between a transaction's check and its write would be lost.
    const id = session();
    await put({ sessionId: id, ts: 0, n: 0 });
    const viaTransaction = async () => {
      for (;;) {
        const seen = (await get(id, 0))!.n as number;
        try {
          await transact([
            { Update: { TableName, Key: { sessionId: id, ts: 0 }, UpdateExpression: 'SET n = :next', ConditionExpression: 'n = :seen', ExpressionAttributeValues: { ':seen': seen, ':next': seen + 1 } } },
          ]);
          return;
        } catch (error) {
          if ((error as Error).name !== 'TransactionCanceledException') throw error;
        }
      }
    };
    const viaUpdateItem = () => ddb.send(new UpdateCommand({ TableName, Key: { sessionId: id, ts: 0 }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }));
    const viaPutItem = (ts: number) => put({ sessionId: id, ts, plain: true });

    // Act
    await Promise.all([
      ...Array.from({ length: 10 }, viaTransaction),
      ...Array.from({ length: 30 }, viaUpdateItem),
      ...Array.from({ length: 10 }, (_, index) => viaPutItem(index + 1)),
    ]);

    // Assert
    expect(await get(id, 0)).toEqual({ sessionId: id, ts: 0, n: 40 });
    expect(await get(id, 10)).toEqual({ sessionId: id, ts: 10, plain: true });
  });

  it('leaves BatchWriteItem and the other operations working beside transactions', async () => {
    // Arrange
    const id = session();

    // Act
    await Promise.all([
      ddb.send(new BatchWriteCommand({ RequestItems: { [TableName]: [1, 2, 3].map((ts) => ({ PutRequest: { Item: { sessionId: id, ts } } })) } })),
      transact([{ Put: { TableName, Item: { sessionId: id, ts: 4 } } }]),
    ]);

    // Assert
    expect(await Promise.all([1, 2, 3, 4].map((ts) => get(id, ts)))).toEqual([1, 2, 3, 4].map((ts) => ({ sessionId: id, ts })));
  });
});

describe('fault hooks of the local front (skipped against DynamoDB)', () => {
  const twoPuts = (id: string): TransactItems => [
    { Put: { TableName, Item: { sessionId: id, ts: 1 } } },
    { Put: { TableName, Item: { sessionId: id, ts: 2 } } },
  ];

  itLocal('failNextTransactions(n, TransactionConflict) cancels the next n transactions on their first item, applying nothing', async () => {
    // Arrange
    const id = session();
    local!.faults.failNextTransactions(2, 'TransactionConflict');

    // Act
    const first = await failure(transact(twoPuts(id)));
    const second = await failure(transact(twoPuts(id)));
    const writtenMeanwhile = await get(id, 1);
    await transact(twoPuts(id));

    // Assert
    for (const error of [first, second]) {
      expect(error.name).toBe('TransactionCanceledException');
      expect(error.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]');
      expect(error.CancellationReasons).toEqual([{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }, { Code: 'None' }]);
    }
    expect(writtenMeanwhile).toBeUndefined();
    expect(await get(id, 2)).toEqual({ sessionId: id, ts: 2 });
  });

  itLocal('ThrottlingError and ProvisionedThroughputExceeded come back as those cancellation reasons', async () => {
    // Arrange
    const id = session();
    local!.faults.failNextTransactions(1, 'ThrottlingError');
    local!.faults.failNextTransactions(1, 'ProvisionedThroughputExceeded');

    // Act
    const throttled = await failure(transact(twoPuts(id)));
    const exceeded = await failure(transact(twoPuts(id)));

    // Assert
    expect(throttled.CancellationReasons.map((reason: { Code: string }) => reason.Code)).toEqual(['ThrottlingError', 'None']);
    expect(exceeded.CancellationReasons.map((reason: { Code: string }) => reason.Code)).toEqual(['ProvisionedThroughputExceeded', 'None']);
    expect(await get(id, 1)).toBeUndefined();
  });

  itLocal('InternalServerError answers HTTP 500 with nothing applied, and the SDK\'s retry (same token) then applies it once', async () => {
    // Arrange
    const id = session();
    const retrying = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(2)));
    const increment: TransactItems = [{ Update: { TableName, Key: { sessionId: id, ts: 1 }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } }];
    local!.faults.failNextTransactions(1, 'InternalServerError');

    // Act
    const crash = await failure(transact(increment));
    const afterCrash = await get(id, 1);
    local!.faults.failNextTransactions(1, 'InternalServerError');
    const retried = await retrying.send(new TransactWriteCommand({ TransactItems: increment }));
    retrying.destroy();

    // Assert
    expect(crash.name).toBe('InternalServerError');
    expect(crash.$metadata.httpStatusCode).toBe(500);
    expect(afterCrash).toBeUndefined();
    expect(retried.$metadata.attempts).toBe(2);
    expect(await get(id, 1)).toEqual({ sessionId: id, ts: 1, n: 1 });
  });

  itLocal('beforeNextTransaction lets a write land just before the transaction reads, so its version condition loses the race', async () => {
    // Arrange
    const id = session();
    await put({ sessionId: id, ts: 0, version: 1 });
    local!.faults.beforeNextTransaction(async () => {
      await ddb.send(new UpdateCommand({ TableName, Key: { sessionId: id, ts: 0 }, UpdateExpression: 'SET version = :two', ExpressionAttributeValues: { ':two': 2 } }));
    });
    const bump = (seen: number): TransactItems => [
      {
        Put: {
          TableName,
          Item: { sessionId: id, ts: 0, version: seen + 1, by: 'transaction' },
          ConditionExpression: 'version = :seen OR attribute_not_exists(sessionId)',
          ExpressionAttributeValues: { ':seen': seen },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ];

    // Act
    const lost = await failure(transact(bump(1)));
    await transact(bump(2));

    // Assert
    expect(lost.CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { sessionId: { S: id }, ts: { N: '0' }, version: { N: '2' } } },
    ]);
    expect(await get(id, 0)).toEqual({ sessionId: id, ts: 0, version: 3, by: 'transaction' });
  });

  itLocal('reset() forgets pending failures and hooks', async () => {
    // Arrange
    const id = session();
    let hookRan = false;
    local!.faults.failNextTransactions(3, 'TransactionConflict');
    local!.faults.beforeNextTransaction(async () => {
      hookRan = true;
    });

    // Act
    local!.faults.reset();
    await transact(twoPuts(id));

    // Assert
    expect(hookRan).toBe(false);
    expect(await get(id, 1)).toEqual({ sessionId: id, ts: 1 });
  });
});
