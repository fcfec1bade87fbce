/**
 * The local HTTP API: the role API Gateway plays in front of the functions. It routes by
 * the templates' RouteKeys, answers CORS preflights, runs the JWT authorizer in cognito
 * mode, enforces the body limit, builds payload 2.0 events, invokes the function (its
 * template Timeout enforced) and maps the result back. Every error it produces itself,
 * down to a malformed HTTP request, is JSON `{"error", "code"}` with the CORS headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { formatEmf, formatModelUsage, modelUsage } from '../lambda/emf';
import type { InvokeOutcome } from '../lambda/service';
import type { LambdaFunction, Route } from '../templates';
import { type CorsPolicy, corsHeaders, preflightHeaders } from './cors';
import { docsAnswer } from './docs';
import { buildEvent, newRequestId } from './event';
import { MalformedResultError, toHttpResponse } from './response';
import { isKnownPath, matchRoute } from './router';
import { AppError } from '@intelliview/shared/errors';

/**
 * API Gateway HTTP API quotas ("Quotas for configuring and running an HTTP API"):
 * request line + headers 10240 bytes; Lambda's synchronous invocation payload is 6 MB,
 * the smaller of the two body limits on the deployed path.
 */
export const MAX_HEADER_BYTES = 10_240;
export const DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;

export interface Authorizer {
  /** Claims as strings, or throws (an error with statusCode 401 means: refuse the request). */
  verify(authorizationHeader: string | undefined): Promise<Record<string, string>>;
}

export interface ApiServerOptions {
  routes: Route[];
  cors: CorsPolicy;
  invoke(fn: LambdaFunction, event: unknown, requestId: string): Promise<InvokeOutcome>;
  /** Present in cognito mode: every route requires a valid token, as with the JWT authorizer. */
  authorizer?: Authorizer;
  maxBodyBytes?: number;
  accountId: string;
  apiId: string;
  /** One line per request and the details of handler failures. */
  log?: (line: string) => void;
  /** `npm start -- --metrics`: log each EMF metric line of the functions, compactly (lambda/emf.ts). */
  showMetrics?: boolean;
}


const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 408: 'Request Timeout', 413: 'Content Too Large',
  414: 'URI Too Long', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error', 504: 'Gateway Timeout',
};

function errorBody(code: string, message: string): Buffer {
  return Buffer.from(JSON.stringify({ error: message, code }));
}

function send(res: ServerResponse, statusCode: number, headers: [string, string][], body: Buffer): void {
  res.statusCode = statusCode;
  for (const [name, value] of headers) res.appendHeader(name, value);
  // 204 and 304 carry no body and, per RFC 9110, no Content-Length either.
  if (statusCode !== 204 && statusCode !== 304) res.setHeader('content-length', body.length);
  res.end(body);
}

/** Reads the body up to the limit; 413 past it (the rest is drained, not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new AppError(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(new AppError(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => failed || resolve(Buffer.concat(chunks)));
    req.on('error', () => failed || reject(new AppError(400, 'MALFORMED_REQUEST', 'The request body could not be read (malformed or interrupted)')));
  });
}

function isUnauthorized(error: unknown): error is Error & { statusCode: 401 } {
  return error instanceof Error && (error as { statusCode?: unknown }).statusCode === 401;
}

export function createApiServer(options: ApiServerOptions): Server {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? (() => undefined);
  const methods = new Set(options.routes.map((route) => route.method));

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<string> {
    const origin = req.headers.origin;
    const rawUrl = req.url ?? '/';
    const path = rawUrl.split('?')[0] ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    res.setHeader('apigw-requestid', requestId);

    // API Gateway answers preflight itself when CORS is configured, before any authorizer.
    if (method === 'OPTIONS' && isKnownPath(options.routes, path) && !methods.has('OPTIONS')) {
      req.resume();
      send(res, 204, Object.entries(preflightHeaders(options.cors, origin, req.headers['access-control-request-headers'])), Buffer.alloc(0));
      return 'preflight';
    }
    const match = matchRoute(options.routes, method, path);
    if (!match) {
      // Local mode's own pages (/docs, /openapi.json); a template's route always wins over them.
      const docs = method === 'GET' || method === 'HEAD' ? await docsAnswer(path) : undefined;
      if (docs) {
        req.resume();
        send(res, 200, Object.entries(docs.headers), docs.body);
        return 'docs';
      }
      throw new AppError(404, 'ROUTE_NOT_FOUND', `No route for ${method} ${path}`);
    }

    let jwt: { claims: Record<string, string>; scopes: string[] | null } | undefined;
    if (options.authorizer) {
      try {
        const claims = await options.authorizer.verify(req.headers.authorization);
        jwt = { claims, scopes: claims.scope ? claims.scope.split(' ') : null };
      } catch (error) {
        if (!isUnauthorized(error)) throw error;
        req.resume();
        log(`  authorizer refused the token: ${error.message}`);
        throw new AppError(401, 'UNAUTHORIZED', 'Unauthorized', {
          'www-authenticate': `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`,
        });
      }
    }

    const body = await readBody(req, maxBodyBytes);
    const event = buildEvent({ req, match, body, accountId: options.accountId, apiId: options.apiId, jwt, requestId });
    const fn = match.route.fn;
    const outcome = await options.invoke(fn, event, requestId);
    const metrics = outcome.status === 'timeout' ? [] : (outcome.metrics ?? []);
    if (options.showMetrics) for (const line of metrics) log(formatEmf(line));
    // The model's tokens and cache reads, from the function's EMF lines (its ModelCalls lines).
    const usage = modelUsage(metrics);
    const label = `${fn.name}: handler ${outcome.durationMs} ms${usage ? `; ${formatModelUsage(usage)}` : ''}`;
    if (outcome.status === 'timeout') {
      throw new AppError(504, 'INTEGRATION_TIMEOUT', `${fn.name} did not answer within its ${fn.timeoutSeconds} s timeout`);
    }
    if (outcome.status === 'error') {
      log(`  ${fn.name} failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
      for (const line of outcome.error.stack?.slice(1) ?? []) log(`    ${line.trim()}`);
      throw new AppError(500, 'INTEGRATION_ERROR', 'Internal Server Error');
    }
    let response;
    try {
      response = toHttpResponse(outcome.payload);
    } catch (error) {
      if (!(error instanceof MalformedResultError)) throw error;
      log(`  ${fn.name} returned a malformed response: ${error.message}`);
      throw new AppError(500, 'MALFORMED_LAMBDA_RESPONSE', 'Internal Server Error');
    }
    // API Gateway replaces the integration's CORS headers with its own configuration.
    const headers = response.headers.filter(([name]) => !name.startsWith('access-control-'));
    send(res, response.statusCode, [...headers, ...Object.entries(corsHeaders(options.cors, origin))], response.body);
    return label;
  }

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const started = Date.now();
    const requestId = newRequestId();
    handle(req, res, requestId)
      .catch((error: unknown) => {
        const failure =
          error instanceof AppError ? error : new AppError(500, 'INTERNAL_ERROR', 'Internal Server Error');
        if (!(error instanceof AppError)) log(`  local server error: ${(error as Error)?.stack ?? String(error)}`);
        if (res.headersSent) return res.destroy();
        // After a refused body the client may still be sending: close rather than reuse the connection.
        if (failure.statusCode === 413) res.setHeader('connection', 'close');
        const headers = { 'content-type': 'application/json', ...failure.headers, ...corsHeaders(options.cors, req.headers.origin) };
        send(res, failure.statusCode, Object.entries(headers), errorBody(failure.code, failure.message));
        return failure.code;
      })
      .then((detail) => log(`${req.method} ${req.url} → ${res.statusCode} in ${Date.now() - started} ms${detail ? ` [${detail}]` : ''}`));
  });

  server.on('clientError', (error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket) => {
    answerClientError(error, socket, options.cors, log);
  });
  return server;
}

/** Origin header of a request Node could not parse, read from the raw bytes it kept. */
function originFromRawPacket(raw: Buffer | undefined): string | undefined {
  if (!raw) return undefined;
  return /\r\norigin:[ \t]*([^\r\n]+)/i.exec(raw.toString('latin1'))?.[1]?.trim();
}

/**
 * Node's HTTP parser refused the request (over-long URL or headers, unknown method,
 * broken chunked body): answer with JSON and CORS instead of Node's bare status line.
 */
function answerClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket, cors: CorsPolicy, log: (line: string) => void): void {
  const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const raw = error.rawPacket;
  const firstLineEnds = raw ? raw.indexOf('\r\n') : -1;
  const [statusCode, code, message] = ((): [number, string, string] => {
    switch (error.code) {
      case 'HPE_HEADER_OVERFLOW':
        // The limit covers request line and headers together; blame the URL when it alone is over.
        return firstLineEnds < 0 || firstLineEnds >= MAX_HEADER_BYTES
          ? [414, 'URI_TOO_LONG', `The request line is longer than ${MAX_HEADER_BYTES} bytes`]
          : [431, 'HEADERS_TOO_LARGE', `The request line and headers are larger than ${MAX_HEADER_BYTES} bytes`];
      case 'HPE_INVALID_METHOD':
        return [400, 'BAD_METHOD', 'Unsupported HTTP method'];
      case 'ERR_HTTP_REQUEST_TIMEOUT':
        return [408, 'REQUEST_TIMEOUT', 'The request was not received in time'];
      default:
        return [400, 'MALFORMED_REQUEST', `Malformed HTTP request (${error.code ?? error.message})`];
    }
  })();
  log(`(unparsable request) → ${statusCode} ${code}`);
  const body = errorBody(code, message);
  // The request could not be parsed, so its Origin comes from the raw bytes.
  const headers = { 'content-type': 'application/json', ...corsHeaders(cors, originFromRawPacket(raw)), 'content-length': String(body.length), connection: 'close' };
  const head = [`HTTP/1.1 ${statusCode} ${STATUS_TEXT[statusCode] ?? 'Error'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
}
