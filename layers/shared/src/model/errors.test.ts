import { BadGatewayError, GatewayTimeoutError, ServiceUnavailableError } from '../errors';
import { DeadlineExceeded, isRetryable, retryAfterSeconds, toAppError } from './errors';

const config = { retryBaseDelayMs: 500 };
const sdkError = (name: string, status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, $response: { headers } });

describe('toAppError', () => {
  it.each([
    ['ThrottlingException', 429],
    ['ServiceUnavailableException', 503],
    ['InternalServerException', 500],
    ['ModelNotReadyException', 429],
  ])('maps %s to 503 with Retry-After', (name, status) => {
    const error = toAppError(sdkError(name, status), config);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).headers['Retry-After']).toBe('2');
  });

  it('maps timeouts and our deadline to 504', () => {
    expect(toAppError(new DeadlineExceeded(), config)).toBeInstanceOf(GatewayTimeoutError);
    expect(toAppError(Object.assign(new Error('t'), { name: 'TimeoutError' }), config)).toBeInstanceOf(GatewayTimeoutError);
    expect(toAppError(sdkError('ModelTimeoutException', 408), config)).toBeInstanceOf(GatewayTimeoutError);
  });

  it('maps a rejected request to 502', () => {
    expect(toAppError(sdkError('ValidationException', 400), config)).toBeInstanceOf(BadGatewayError);
    expect(toAppError(sdkError('AccessDeniedException', 403), config)).toBeInstanceOf(BadGatewayError);
  });

  it('leaves programming errors alone (they become a generic 500)', () => {
    const bug = new TypeError('x is undefined');
    expect(toAppError(bug, config)).toBe(bug);
  });

  it('prefers the service Retry-After header over the backoff schedule', () => {
    expect(retryAfterSeconds(sdkError('ThrottlingException', 429, { 'retry-after': '7' }), config)).toBe(7);
    expect(retryAfterSeconds(sdkError('ThrottlingException', 429), { retryBaseDelayMs: 5 })).toBe(1);
  });
});

describe('isRetryable', () => {
  it.each([
    ['throttling', sdkError('ThrottlingException', 429), true],
    ['a 5xx', sdkError('InternalServerException', 500), true],
    ['a refused connection', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), true],
    ['an attempt timeout', Object.assign(new Error('t'), { name: 'TimeoutError' }), true],
    ['our deadline', new DeadlineExceeded(), false],
    ['a rejected request', sdkError('ValidationException', 400), false],
    ['a bug', new TypeError('x is undefined'), false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});
