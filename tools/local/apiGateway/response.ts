/**
 * A Lambda result turned into the HTTP response API Gateway would send, following the
 * payload format 2.0 rules: a result with `statusCode` is used as given (headers,
 * cookies → Set-Cookie, base64 bodies); any other valid JSON result becomes a 200
 * `application/json` response whose body is that JSON.
 */

export interface HttpResponse {
  statusCode: number;
  /** Header pairs; repeated names allowed (Set-Cookie). */
  headers: [string, string][];
  body: Buffer;
}

export class MalformedResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResultError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown, what: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MalformedResultError(`${what} must be a string, number or boolean`);
}

export function toHttpResponse(payload: unknown): HttpResponse {
  if (!isObject(payload) || !('statusCode' in payload)) {
    return {
      statusCode: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(JSON.stringify(payload ?? null)),
    };
  }
  const statusCode = Number(payload.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedResultError(`statusCode ${JSON.stringify(payload.statusCode)} is not an HTTP status`);
  }
  const headers: [string, string][] = [];
  if (payload.headers !== undefined) {
    if (!isObject(payload.headers)) throw new MalformedResultError('headers must be an object');
    for (const [name, value] of Object.entries(payload.headers)) headers.push([name.toLowerCase(), scalar(value, `header ${name}`)]);
  }
  if (payload.multiValueHeaders !== undefined) {
    if (!isObject(payload.multiValueHeaders)) throw new MalformedResultError('multiValueHeaders must be an object');
    for (const [name, values] of Object.entries(payload.multiValueHeaders)) {
      for (const value of Array.isArray(values) ? values : [values]) headers.push([name.toLowerCase(), scalar(value, `header ${name}`)]);
    }
  }
  if (payload.cookies !== undefined) {
    if (!Array.isArray(payload.cookies)) throw new MalformedResultError('cookies must be an array');
    for (const cookie of payload.cookies) headers.push(['set-cookie', scalar(cookie, 'cookie')]);
  }
  const rawBody = payload.body;
  const text = rawBody === undefined || rawBody === null ? '' : typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody);
  const body = payload.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode, headers, body };
}
