/**
 * The transactions front: an HTTP server on loopback in front of dynalite, which lacks
 * TransactWriteItems and TransactGetItems. Those two are served here; every other request
 * is forwarded to dynalite unchanged (streamed, headers kept).
 *
 * Atomicity comes from one readers–writer lock: a transaction holds it exclusively while it
 * reads, checks and writes its items; every forwarded request holds it shared from the
 * moment it is forwarded until dynalite's answer has arrived. So a transaction never
 * interleaves with another request, while ordinary requests still run concurrently.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { Backend } from './backend';
import { DynamoProtocolError, internalServerError, type ProtocolReply } from './errors';
import { TransactionFaultQueue, type TransactionFaults } from './faults';
import { IdempotencyTokens } from './idempotency';
import { ReadWriteLock } from './readWriteLock';
import { transactGetItems } from './transactGet';
import { transactWriteItems, type TransactionServices } from './transactWrite';

const TRANSACT_WRITE = 'DynamoDB_20120810.TransactWriteItems';
const TRANSACT_GET = 'DynamoDB_20120810.TransactGetItems';
/** Operations after which a table's key schema may have changed. */
const TABLE_CHANGES = new Set(['CreateTable', 'DeleteTable', 'UpdateTable'].map((operation) => `DynamoDB_20120810.${operation}`));
/** dynalite's own request limit. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export interface TransactionsFrontOptions {
  /** dynalite's address, e.g. `http://127.0.0.1:4567`. */
  backend: string;
  /** Loopback port; 0 or omitted picks a free one. */
  port?: number;
}

export interface TransactionsFront {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  port: number;
  faults: TransactionFaults;
  /** Stops accepting requests and waits for those in flight. */
  close(): Promise<void>;
}

export async function startTransactionsFront(options: TransactionsFrontOptions): Promise<TransactionsFront> {
  // Idle sockets to dynalite are retired by this side (after 30 s), never by dynalite, so a
  // request is never sent on a socket dynalite is closing (see startEmbeddedDynamo).
  const agent = new http.Agent({ keepAlive: true, timeout: 30_000 });
  const backend = new Backend(new URL(options.backend), agent);
  const faults = new TransactionFaultQueue();
  const services: TransactionServices = { backend, lock: new ReadWriteLock(), faults, tokens: new IdempotencyTokens() };

  const server = http.createServer((request, response) => {
    const target = request.headers['x-amz-target'];
    if (request.method === 'POST' && (target === TRANSACT_WRITE || target === TRANSACT_GET)) {
      void serveTransaction(request, response, target === TRANSACT_WRITE ? transactWriteItems : transactGetItems, services);
    } else {
      forward(request, response, services, TABLE_CHANGES.has(String(target)));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          agent.destroy();
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

type TransactionApi = (request: Record<string, unknown>, services: TransactionServices) => Promise<ProtocolReply>;

async function serveTransaction(request: http.IncomingMessage, response: http.ServerResponse, api: TransactionApi, services: TransactionServices): Promise<void> {
  let reply: ProtocolReply;
  try {
    const body = await readBody(request);
    if (body === undefined) {
      response.writeHead(413, { 'Transfer-Encoding': 'chunked' }).end();
      return;
    }
    reply = await answer(request, body, api, services);
  } catch (error) {
    reply = (error instanceof DynamoProtocolError ? error : internalServerError((error as Error)?.message)).reply;
  }
  send(response, reply, request.headers['content-type']);
}

async function answer(request: http.IncomingMessage, body: Buffer, api: TransactionApi, services: TransactionServices): Promise<ProtocolReply> {
  // The same gate dynalite applies to every request: it must look signed.
  const authorization = request.headers.authorization;
  if (!authorization || !authorization.trim().startsWith('AWS4-')) {
    return { status: 400, body: { __type: 'com.amazon.coral.service#MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { status: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } };
  }
  try {
    return await api(parsed as Record<string, unknown>, services);
  } catch (error) {
    if (error instanceof DynamoProtocolError) return error.reply;
    throw error;
  }
}

/** The whole body, or undefined when it exceeds dynalite's limit. */
function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Answers as DynamoDB does: JSON 1.0, a request id and the body's CRC32. */
function send(response: http.ServerResponse, reply: ProtocolReply, requestContentType: string | undefined): void {
  const body = JSON.stringify(reply.body);
  const contentType = requestContentType?.split(';')[0]?.trim() === 'application/json' ? 'application/json' : 'application/x-amz-json-1.0';
  const headers: http.OutgoingHttpHeaders = {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0'),
  };
  // zlib.crc32 exists from Node 22.2; the header is informative, so older Nodes omit it.
  if (typeof zlib.crc32 === 'function') headers['x-amz-crc32'] = zlib.crc32(body);
  response.writeHead(reply.status, headers).end(body);
}

/** Streams the request to dynalite and its answer back, holding the lock shared meanwhile. */
function forward(request: http.IncomingMessage, response: http.ServerResponse, services: TransactionServices, changesTables: boolean): void {
  // Paused until the lock is held, so the body waits in the socket rather than in memory.
  request.pause();
  void services.lock.acquireShared().then((release) => {
    const url = services.backend.url;
    const upstream = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.url, headers: request.headers, agent: services.backend.agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        const done = () => {
          if (changesTables) services.backend.forgetTables();
          release();
        };
        answer.once('end', done);
        answer.once('close', done);
        answer.once('error', done);
        // A client that went away must not leave dynalite's answer unread (and the lock held).
        response.once('close', () => answer.resume());
      },
    );
    upstream.once('error', (error) => {
      release();
      if (!response.headersSent) {
        const reply = internalServerError(`DynamoDB (dynalite) unreachable: ${error.message}`).reply;
        send(response, reply, request.headers['content-type']);
      } else {
        response.destroy(error);
      }
    });
    request.pipe(upstream);
    request.resume();
  });
}
