/**
 * A Bedrock-Runtime-compatible HTTP endpoint on loopback, for tests and local mode.
 *
 * It speaks the wire format the AWS SDK already uses — Converse (`POST /model/{id}/converse`,
 * JSON) and ConverseStream (`POST /model/{id}/converse-stream`, AWS event-stream framing) —
 * so code under test goes through the real SDK path (signing, retries, deserialisation)
 * when pointed here with AWS_ENDPOINT_URL_BEDROCK_RUNTIME. What it answers is scripted by a
 * Responder; errors are encoded like the service's (x-amzn-ErrorType header + JSON message)
 * so the SDK raises the right exception classes and retries 429/5xx as it would in AWS.
 *
 * One port serves HTTP/1.1 and cleartext HTTP/2: the SDK's default handler for Bedrock Runtime
 * is HTTP/2 (prior knowledge on http:// endpoints), while our model layer uses HTTP/1.1.
 */
import { createServer as createHttp1Server, type IncomingMessage } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import type { PromptCacheSimulator } from './promptCache';

export interface ConverseCall {
  modelId: string;
  stream: boolean;
  /** Parsed Converse request JSON. */
  body: any;
}

export type ResponderResult =
  | { text: string; stopReason?: string; usage?: StubUsage }
  | { toolUse: { name: string; input: unknown }; usage?: StubUsage }
  | { error: { status: number; type: string; message: string } }
  | { delayMs: number; then: ResponderResult };

/** The usage a responder may dictate (otherwise estimated, or simulated with a promptCache). */
export interface StubUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export type Responder = (call: ConverseCall) => ResponderResult | Promise<ResponderResult>;

export interface BedrockStub {
  url: string;
  port: number;
  /** Every Converse/ConverseStream request received, in order (retries included). */
  calls: ConverseCall[];
  close(): Promise<void>;
}

type Req = IncomingMessage | Http2ServerRequest;
/** The part of the HTTP/1.1 and HTTP/2 compatibility responses the stub uses. */
interface Res {
  headersSent: boolean;
  destroyed?: boolean;
  socket?: { destroyed: boolean } | null;
  stream?: { destroyed: boolean; closed: boolean; close(): void };
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  write(chunk: Uint8Array): unknown;
  end(body?: string): unknown;
  destroy?(): void;
}

/** The first bytes of every HTTP/2 prior-knowledge connection. */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0');

/** True once the client has hung up (e.g. its request timeout fired). */
function isGone(res: Res): boolean {
  return Boolean(res.destroyed || res.socket?.destroyed || res.stream?.destroyed || res.stream?.closed);
}

/**
 * A Duplex that first yields the bytes we already read from `socket`, then the rest of it.
 * HTTP/2 sessions read from the socket's native handle, so `socket.unshift` is not seen by
 * them; a plain Duplex is wrapped by Node instead and replays the peeked bytes correctly.
 */
function replaying(socket: Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read: () => void socket.resume(),
    write: (chunk, _encoding, callback) => void socket.write(chunk, callback),
    final: (callback) => void socket.end(callback),
    destroy: (error, callback) => {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  duplex.push(first);
  socket.on('data', (data) => {
    if (!duplex.push(data)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('error', (error) => duplex.destroy(error));
  socket.on('close', () => duplex.destroy());
  return duplex;
}

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream)$/;
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** ≈4 characters per token: only so the stub reports plausible, non-zero usage. */
const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function sendError(res: Res, status: number, type: string, message: string): void {
  const body = JSON.stringify({ message });
  res.writeHead(status, {
    'content-type': 'application/json',
    // The SDK reads the error code from this header (the part before ':').
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    'x-amzn-requestid': crypto.randomUUID(),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function readJson(req: Req): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw ? JSON.parse(raw) : {};
}

/** Follow `delayMs` wrappers; give up if the client hung up meanwhile (its request timed out). */
async function settle(result: ResponderResult, res: Res): Promise<ResponderResult | undefined> {
  let current = result;
  while ('delayMs' in current) {
    const { delayMs, then } = current;
    // unref: a scripted delay must not keep a test process (or a stopping server) alive.
    await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
    if (isGone(res)) return undefined;
    current = then;
  }
  return current;
}

/**
 * The answer's `usage`. With a prompt-cache simulator (local mode), the input is split into
 * uncached, cache-read and cache-write tokens by Bedrock's rules (promptCache.ts); without
 * one, everything is uncached input. A responder's own usage wins.
 */
function usageFor(call: ConverseCall, result: ResponderResult, outputText: string, promptCache: PromptCacheSimulator | undefined) {
  const given = 'usage' in result ? result.usage : undefined;
  const outputTokens = given?.outputTokens ?? estimateTokens(outputText);
  if (!given && promptCache) {
    const cached = promptCache.account(call.modelId, call.body);
    const totalTokens = cached.inputTokens + cached.cacheReadInputTokens + cached.cacheWriteInputTokens + outputTokens;
    return { ...cached, outputTokens, totalTokens };
  }
  if (given) {
    const cache = (given.cacheReadInputTokens ?? 0) + (given.cacheWriteInputTokens ?? 0);
    return { ...given, totalTokens: given.inputTokens + given.outputTokens + cache };
  }
  const inputTokens = estimateTokens(JSON.stringify([call.body.system ?? [], call.body.messages ?? []]));
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function sendConverse(res: Res, call: ConverseCall, result: ResponderResult, toolUseId: string, promptCache?: PromptCacheSimulator): void {
  let content: unknown[];
  let stopReason: string;
  let outputText: string;
  if ('toolUse' in result) {
    outputText = JSON.stringify(result.toolUse.input);
    content = [{ toolUse: { toolUseId, name: result.toolUse.name, input: result.toolUse.input } }];
    stopReason = 'tool_use';
  } else if ('text' in result) {
    outputText = result.text;
    content = [{ text: result.text }];
    stopReason = result.stopReason ?? 'end_turn';
  } else {
    throw new Error('sendConverse needs a text or toolUse result');
  }
  const body = JSON.stringify({
    output: { message: { role: 'assistant', content } },
    stopReason,
    usage: usageFor(call, result, outputText, promptCache),
    metrics: { latencyMs: 1 },
  });
  res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': crypto.randomUUID(), 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function frame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** ConverseStream: the same answer as a sequence of events, text split into a few deltas. */
function sendStream(res: Res, call: ConverseCall, result: ResponderResult, toolUseId: string, promptCache?: PromptCacheSimulator): void {
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': crypto.randomUUID() });
  res.write(frame('messageStart', { role: 'assistant' }));
  let stopReason: string;
  let outputText: string;
  if ('toolUse' in result) {
    outputText = JSON.stringify(result.toolUse.input);
    res.write(frame('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId, name: result.toolUse.name } } }));
    res.write(frame('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: outputText } } }));
    stopReason = 'tool_use';
  } else if ('text' in result) {
    outputText = result.text;
    // Word-boundary chunks, like a real stream; at least one delta even for empty text.
    const chunks = outputText.match(/\S+\s*|\s+/g) ?? [''];
    for (const chunk of chunks) res.write(frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: chunk } }));
    stopReason = result.stopReason ?? 'end_turn';
  } else {
    throw new Error('sendStream needs a text or toolUse result');
  }
  res.write(frame('contentBlockStop', { contentBlockIndex: 0 }));
  res.write(frame('messageStop', { stopReason }));
  res.write(frame('metadata', { usage: usageFor(call, result, outputText, promptCache), metrics: { latencyMs: 1 } }));
  res.end();
}

/**
 * Generation speed, for tests of the time budget: an answer takes `firstTokenMs` plus its
 * output tokens (≈4 characters each) at `outputTokensPerSecond`, then comes back whole (as
 * Converse does: it answers when generation ends; ConverseStream is delayed the same way).
 */
export interface GenerationPace {
  outputTokensPerSecond: number;
  /** Time to the first token; a function of the call to model prefill of long inputs. */
  firstTokenMs: number | ((call: ConverseCall) => number);
}

function outputTextOf(result: ResponderResult): string {
  if ('toolUse' in result) return JSON.stringify(result.toolUse.input);
  return 'text' in result ? result.text : '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * promptCache: report cache reads and writes by Bedrock's rules (a simulation; local mode passes one).
 * pace: answer at a realistic generation speed instead of at once.
 */
export function startBedrockStub(options: { responder: Responder; port?: number; host?: string; promptCache?: PromptCacheSimulator; pace?: GenerationPace }): Promise<BedrockStub> {
  const calls: ConverseCall[] = [];
  let toolUseCounter = 0;

  const handle = async (req: Req, res: Res) => {
    try {
      const match = ROUTE.exec(req.url?.split('?')[0] ?? '');
      if (req.method !== 'POST' || !match) {
        sendError(res, 404, 'UnknownOperationException', `No Bedrock operation at ${req.method} ${req.url}`);
        return;
      }
      let body: any;
      try {
        body = await readJson(req);
      } catch {
        sendError(res, 400, 'ValidationException', 'Request body is not valid JSON');
        return;
      }
      const call: ConverseCall = { modelId: decodeURIComponent(match[1] ?? ''), stream: match[2] === 'converse-stream', body };
      calls.push(call);
      const result = await settle(await options.responder(call), res);
      if (!result) return; // the client gave up while we were "thinking"
      if ('error' in result) {
        sendError(res, result.error.status, result.error.type, result.error.message);
        return;
      }
      toolUseCounter += 1;
      const toolUseId = `tooluse_stub${toolUseCounter}`;
      if (options.pace) {
        const { outputTokensPerSecond, firstTokenMs } = options.pace;
        const generationMs = (estimateTokens(outputTextOf(result)) / outputTokensPerSecond) * 1000;
        await sleep((typeof firstTokenMs === 'function' ? firstTokenMs(call) : firstTokenMs) + generationMs);
        if (isGone(res)) return;
      }
      if (call.stream) sendStream(res, call, result, toolUseId, options.promptCache);
      else sendConverse(res, call, result, toolUseId, options.promptCache);
    } catch (error) {
      if (!res.headersSent) sendError(res, 500, 'InternalServerException', `Stub responder failed: ${(error as Error).message}`);
      else if (res.stream) res.stream.close();
      else res.destroy?.();
    }
  };

  const http1 = createHttp1Server((req, res) => void handle(req, res as unknown as Res));
  const http2 = createHttp2Server((req, res) => void handle(req, res as unknown as Res));
  const sockets = new Set<Socket>();
  // Peek at the first bytes of each connection and hand it to the matching protocol server.
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first) => {
      if (first.subarray(0, HTTP2_PREFACE.length).equals(HTTP2_PREFACE)) {
        http2.emit('connection', replaying(socket, first));
        return;
      }
      socket.pause();
      socket.unshift(first);
      http1.emit('connection', socket);
      socket.resume();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const { port, address } = server.address() as AddressInfo;
      resolve({
        url: `http://${address}:${port}`,
        port,
        calls,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            http2.close();
            http1.closeAllConnections();
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
