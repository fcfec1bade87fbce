/**
 * Domain errors that know their HTTP status. The shared Middy error handler turns
 * them into `{"error": message, "code": code}` JSON; anything that is not an AppError
 * becomes a generic 500 so no internals leak to the client.
 */
export class AppError extends Error {
  /** http-errors compatible: Middy's http-error-handler only exposes errors with expose=true. */
  readonly expose = true;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After on 503. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, code = 'BAD_REQUEST') {
    super(400, code, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Unauthorized') {
    super(401, 'UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden') {
    super(403, 'FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Session not found', code = 'NOT_FOUND') {
    super(404, code, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code: string) {
    super(409, code, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, code: string) {
    super(413, code, message);
  }
}

/**
 * Over a budget (budget/service.ts): nothing was stored and the model was not called.
 * Retry-After only when waiting helps (a daily budget resets; a session's cap never does).
 */
export class TooManyRequestsError extends AppError {
  constructor(message: string, code: string, retryAfterSeconds?: number) {
    super(429, code, message, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** The model answered, but not with something we can use (invalid output, validation error). */
export class BadGatewayError extends AppError {
  constructor(message: string, code = 'MODEL_BAD_OUTPUT') {
    super(502, code, message);
  }
}

/** The model is throttled or unavailable after our bounded retries. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, retryAfterSeconds: number, code = 'MODEL_UNAVAILABLE') {
    super(503, code, message, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** The model did not answer within our time budget. */
export class GatewayTimeoutError extends AppError {
  constructor(message: string, code = 'MODEL_TIMEOUT') {
    super(504, code, message);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
