/**
 * The transactions front's own calls to dynalite, straight to its port (never through the
 * front, whose lock the caller already holds): DynamoDB JSON in, DynamoDB JSON out.
 */
import http from 'node:http';
import { DynamoProtocolError, resourceNotFound, type Item } from './errors';

/** dynalite checks that a request looks signed, not the signature. */
const SIGNED_HEADERS = {
  authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
  'x-amz-date': '20200101T000000Z',
  'content-type': 'application/x-amz-json-1.0',
};

export class Backend {
  /** Key attribute names per table, in key-schema order (HASH first). */
  private readonly keySchemas = new Map<string, string[]>();

  constructor(
    readonly url: URL,
    readonly agent: http.Agent,
  ) {}

  /** Calls a dynalite operation; a DynamoDB error reply becomes a DynamoProtocolError. */
  async call<T = Record<string, unknown>>(operation: string, input: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify(input);
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers: { ...SIGNED_HEADERS, 'x-amz-target': `DynamoDB_20120810.${operation}`, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 500, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (status !== 200) throw new DynamoProtocolError(status, parsed);
    return parsed as T;
  }

  /** The item as stored now (strongly consistent), or undefined. */
  async getItem(tableName: string, key: Item): Promise<Item | undefined> {
    const { Item } = await this.call<{ Item?: Item }>('GetItem', { TableName: tableName, Key: key, ConsistentRead: true });
    return Item;
  }

  /** Key attribute names of a table; ResourceNotFoundException when it does not exist. */
  async keyAttributes(tableName: string): Promise<string[]> {
    const cached = this.keySchemas.get(tableName);
    if (cached) return cached;
    try {
      const { Table } = await this.call<{ Table: { KeySchema: { AttributeName: string; KeyType: string }[]; TableStatus: string } }>(
        'DescribeTable',
        { TableName: tableName },
      );
      const names = [...Table.KeySchema].sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0)).map((key) => key.AttributeName);
      this.keySchemas.set(tableName, names);
      return names;
    } catch (error) {
      if (error instanceof DynamoProtocolError && String(error.body.__type).endsWith('ResourceNotFoundException')) throw resourceNotFound();
      throw error;
    }
  }

  /** Forget cached key schemas: a table was created, deleted or changed. */
  forgetTables(): void {
    this.keySchemas.clear();
  }
}
