/**
 * Embedded DynamoDB for local mode and integration tests: dynalite on a loopback port,
 * kept on disk (LevelDB) so sessions survive a restart, or in memory for throwaway runs,
 * behind the transactions front (dynamo/front.ts), which serves TransactWriteItems and
 * TransactGetItems and forwards everything else. The table and its indexes are created
 * from the template's definition, never from a second copy of the schema.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type CreateTableCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { startTransactionsFront, type TransactionsFront } from './dynamo/front';
import type { TransactionFaults } from './dynamo/faults';
import { loadApp, type TableDefinition } from './templates';

export type { InjectedTransactionFailure, TransactionFaults } from './dynamo/faults';

/** Static credentials: dynalite checks that requests are signed, not by whom. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'us-east-1';

export interface EmbeddedDynamoOptions {
  /** LevelDB folder (created if missing); `null` or omitted keeps everything in memory. */
  dataDir?: string | null;
  /** Loopback port of the endpoint; 0 or omitted picks a free one. */
  port?: number;
  /** The table to ensure; by default the one defined in the SAM templates. */
  table?: TableDefinition;
  /** Root template to read the table from when `table` is not given. */
  rootTemplate?: string;
}

export interface EmbeddedDynamo {
  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_DYNAMODB (the transactions front). */
  endpoint: string;
  port: number;
  /** Test hooks: inject transaction failures and lost races (see dynamo/faults.ts). */
  faults: TransactionFaults;
  tableName: string;
  dataDir: string | null;
  /** True when the table was created by this start (false: it was already on disk). */
  created: boolean;
  /** Index names the template defines but the table on disk lacks. */
  missingIndexes: string[];
  /** Stops accepting requests, waits for pending writes, closes LevelDB. */
  close(): Promise<void>;
}

/** Who has a data folder open: LevelDB allows one process, so others must know where to go. */
export interface DataDirOwner {
  pid: number;
  endpoint: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner,
  ) {
    super(`The data folder ${dataDir} is open in process ${owner.pid} (DynamoDB at ${owner.endpoint}); is \`npm start\` running?`);
    this.name = 'DataDirInUseError';
  }
}

function ownerFile(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.owner.json`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process's open folders: a second open in the same process must fail too. */
const openHere = new Set<string>();

/** The live owner of a data folder, if any (a file left by a crashed run is ignored). */
export function dataDirOwner(dataDir: string): DataDirOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as DataDirOwner;
    if (owner.pid === process.pid ? openHere.has(path.resolve(dataDir)) : isAlive(owner.pid)) return owner;
  } catch {
    // No owner file, or an unreadable one: nobody holds the folder.
  }
  return undefined;
}

export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const table = options.table ?? loadApp({ rootTemplate: options.rootTemplate }).table;
  if (!table) throw new Error('No AWS::DynamoDB::Table found in the SAM templates');
  const dataDir = options.dataDir ?? null;
  if (dataDir) {
    // dynalite crashes the process when LevelDB's lock is taken; refuse before opening.
    const owner = dataDirOwner(dataDir);
    if (owner) throw new DataDirInUseError(dataDir, owner);
    mkdirSync(dataDir, { recursive: true });
  }

  // createTableMs 0: a table is ACTIVE at once, so tests do not wait dynalite's default 500 ms.
  const server = dynalite({ ...(dataDir ? { path: dataDir } : {}), createTableMs: 0, updateTableMs: 0, deleteTableMs: 0 });
  // Only the front talks to dynalite, over kept-alive sockets it retires itself: were dynalite
  // to close an idle one (its default after 5 s) just as the front reuses it, that request
  // would fail with "socket hang up".
  server.keepAliveTimeout = 0;
  // dynalite on a free port of its own; clients only ever see the front's address.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const closeDynalite = () =>
    new Promise<void>((resolve, reject) => {
      server.closeIdleConnections();
      // dynalite's close waits for pending LevelDB operations, then closes the store.
      server.close((error) => (error ? reject(error) : resolve()));
    });
  let front: TransactionsFront;
  try {
    front = await startTransactionsFront({ backend: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, port: options.port });
  } catch (error) {
    await closeDynalite().catch(() => undefined);
    throw error;
  }
  const { endpoint, port, faults } = front;
  if (dataDir) {
    openHere.add(path.resolve(dataDir));
    writeFileSync(ownerFile(dataDir), JSON.stringify({ pid: process.pid, endpoint } satisfies DataDirOwner));
  }
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= front
      .close()
      .then(closeDynalite)
      .finally(() => {
        if (!dataDir) return;
        openHere.delete(path.resolve(dataDir));
        rmSync(ownerFile(dataDir), { force: true });
      }));

  try {
    const { created, missingIndexes } = await ensureTable(endpoint, table);
    return { endpoint, port, faults, tableName: table.tableName, dataDir, created, missingIndexes, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

async function ensureTable(endpoint: string, table: TableDefinition): Promise<{ created: boolean; missingIndexes: string[] }> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  try {
    const existing = await describe(client, table.tableName);
    if (existing) {
      const wanted = indexNames(table.createTableInput.GlobalSecondaryIndexes);
      const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
      return { created: false, missingIndexes: wanted.filter((name) => !present.has(name)) };
    }
    await client.send(new CreateTableCommand(table.createTableInput as unknown as CreateTableCommandInput));
    await waitUntilActive(client, table.tableName);
    return { created: true, missingIndexes: [] };
  } finally {
    client.destroy();
  }
}

function indexNames(indexes: unknown): string[] {
  return Array.isArray(indexes) ? indexes.map((index: { IndexName?: unknown }) => String(index.IndexName)) : [];
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  // dynalite with createTableMs 0 flips to ACTIVE on the next tick; the bound only guards a stuck store.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const table = await describe(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
