/**
 * DynamoDB's JSON error bodies, as its JSON 1.0 protocol sends them: the SDK's deserializer
 * picks the exception class from `__type` and copies the other fields onto the error
 * (so `CancellationReasons` reaches `error.CancellationReasons`).
 */
export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;

/** A JSON-protocol answer: HTTP status and body. */
export interface ProtocolReply {
  status: number;
  body: Record<string, unknown>;
}

const DYNAMODB = 'com.amazonaws.dynamodb.v20120810#';

export class DynamoProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? body.Message ?? body.__type));
    this.name = 'DynamoProtocolError';
  }

  get reply(): ProtocolReply {
    return { status: this.status, body: this.body };
  }
}

export const validationException = (message: string) =>
  new DynamoProtocolError(400, { __type: 'com.amazon.coral.validate#ValidationException', message });

export const resourceNotFound = () =>
  new DynamoProtocolError(400, { __type: `${DYNAMODB}ResourceNotFoundException`, message: 'Requested resource not found' });

export const idempotentParameterMismatch = () =>
  new DynamoProtocolError(400, {
    __type: `${DYNAMODB}IdempotentParameterMismatchException`,
    message: 'The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.',
  });

export const transactionInProgress = () =>
  new DynamoProtocolError(400, {
    __type: `${DYNAMODB}TransactionInProgressException`,
    message: 'The transaction with the given request token is already in progress.',
  });

export const internalServerError = (message = 'Internal server error') =>
  new DynamoProtocolError(500, { __type: `${DYNAMODB}InternalServerError`, message });

/** Codes DynamoDB documents for `CancellationReason.Code`. */
export type CancellationCode =
  | 'None'
  | 'ConditionalCheckFailed'
  | 'ItemCollectionSizeLimitExceeded'
  | 'TransactionConflict'
  | 'ProvisionedThroughputExceeded'
  | 'ThrottlingError'
  | 'ValidationError';

export interface CancellationReason {
  Code: CancellationCode;
  Message?: string;
  Item?: Item;
}

export const NONE: CancellationReason = { Code: 'None' };

/** The messages DynamoDB puts beside each code (ValidationError carries the failing write's own). */
export const CANCELLATION_MESSAGES = {
  ConditionalCheckFailed: 'The conditional request failed',
  TransactionConflict: 'Transaction is ongoing for the item',
  ThrottlingError: 'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
  ProvisionedThroughputExceeded: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API',
} as const;

export function transactionCanceled(reasons: readonly CancellationReason[]): DynamoProtocolError {
  const codes = reasons.map((reason) => reason.Code).join(', ');
  return new DynamoProtocolError(400, {
    __type: `${DYNAMODB}TransactionCanceledException`,
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    CancellationReasons: reasons,
  });
}

/** dynalite's own errors carry the body it would have sent; anything else is a bug. */
export function fromDynaliteError(error: unknown): DynamoProtocolError {
  const failure = error as { statusCode?: number; body?: Record<string, unknown> };
  if (failure?.statusCode && failure.body) return new DynamoProtocolError(failure.statusCode, failure.body);
  return internalServerError((error as Error)?.message);
}
