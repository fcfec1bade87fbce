/**
 * What the functions talk to during the bench: the embedded DynamoDB (dynalite, in memory,
 * with whatever front tools/local/dynamo.ts puts before it), a COUNTING PROXY in front of
 * it, and the Bedrock-compatible stub answering with the local stand-in model. Every SDK
 * client — the handlers' own, the floors', the bench's — is pointed at the proxy, so the
 * DynamoDB round trips of a call are counted without touching the code under test.
 */
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startEmbeddedDynamo } from '../../tools/local/dynamo';
import { startBedrockStub } from '../../tools/local/bedrock/server';
import { localModelResponder } from '../../tools/local/bedrock/localModel';

export interface Infra {
  tableName: string;
  /** The proxy: the value for AWS_ENDPOINT_URL_DYNAMODB. */
  dynamoEndpoint: string;
  bedrockEndpoint: string;
  /** DynamoDB requests seen by the proxy, by operation (X-Amz-Target), since the last reset. */
  counts: Map<string, number>;
  /** Operations in arrival order since the last reset (bounded). */
  log: string[];
  resetCounts(): void;
  totalCount(): number;
  /** Whether the endpoint serves TransactWriteItems (dynalite alone does not). */
  transactions: boolean;
  /** A DocumentClient on the proxy for seeding. */
  doc: DynamoDBDocumentClient;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

export async function startInfra(): Promise<Infra> {
  const db = await startEmbeddedDynamo({ dataDir: null });
  const bedrock = await startBedrockStub({ responder: localModelResponder });
  const upstream = new URL(db.endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts = new Map<string, number>();
  const log: string[] = [];
  const proxy = createServer((req, res) => {
    const op = String(req.headers['x-amz-target'] ?? 'unknown').replace(/^DynamoDB_\d+\./, '');
    counts.set(op, (counts.get(op) ?? 0) + 1);
    if (log.length < 10_000) log.push(op);
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    req.pipe(forward);
  });
  proxy.keepAliveTimeout = 60_000;
  const dynamoEndpoint = await listen(proxy);

  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamoEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 5 }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  // A ConditionCheck on a key that does not exist: cancelled by a transactions-aware
  // endpoint, refused as an unknown operation by plain dynalite.
  let transactions = true;
  try {
    await doc.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ ConditionCheck: { TableName: db.tableName, Key: { sessionId: { S: 'bench-probe' }, ts: { N: '0' } }, ConditionExpression: 'attribute_not_exists(sessionId)' } }],
      }),
    );
  } catch (error) {
    const name = (error as Error).name;
    transactions = name === 'TransactionCanceledException';
  }

  return {
    tableName: db.tableName,
    dynamoEndpoint,
    bedrockEndpoint: bedrock.url,
    counts,
    log,
    resetCounts() {
      counts.clear();
      log.length = 0;
      bedrock.calls.length = 0;
    },
    totalCount: () => [...counts.values()].reduce((a, b) => a + b, 0),
    transactions,
    doc,
    async close() {
      doc.destroy();
      agent.destroy();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await Promise.all([db.close(), bedrock.close()]);
    },
  };
}

/** The environment every client of the bench sees (in-process handlers and children alike). */
export function awsEnv(infra: Infra): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: infra.dynamoEndpoint,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: infra.bedrockEndpoint,
    TABLE_NAME: infra.tableName,
    BENCH_TRANSACT: infra.transactions ? '1' : '0',
  };
}
