import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PayloadTooLargeError, ServiceUnavailableError } from '../errors';
import { logger } from '../logger';

let documentClient: DynamoDBDocumentClient | undefined;

const THROTTLED = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'LimitExceededException']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * What a failed DynamoDB call means for the client, once the SDK's own retries are spent:
 * throttling, a 5xx or an unreachable endpoint is a temporary 503 (the request can be
 * sent again: nothing was written), an over-large item is the client's 413, anything
 * else (e.g. a conditional check the repository handles) passes through unchanged.
 */
export function toStorageError(error: unknown): unknown {
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } } | null;
  if (!e || typeof e !== 'object') return error;
  const status = e.$metadata?.httpStatusCode ?? 0;
  const cause = (e as { cause?: { code?: string } }).cause?.code;
  // The SDK's retry step stamps $metadata on every error it lets through; one without an HTTP
  // status never got an answer (refused, reset, timed out), however the socket error was wrapped.
  const noAnswer = e.$metadata !== undefined && e.$metadata.httpStatusCode === undefined;
  if (THROTTLED.has(e.name ?? '') || status >= 500 || noAnswer || NETWORK.has(e.code ?? '') || NETWORK.has(cause ?? '') || e.name === 'TimeoutError') {
    logger.error('DynamoDB unavailable', { error: error as Error, httpStatusCode: status });
    return new ServiceUnavailableError('The database is busy or unavailable; nothing was saved. Please try again.', 1, 'STORAGE_UNAVAILABLE');
  }
  if (e.name === 'ValidationException' && /item size|size has exceeded/i.test(e.message ?? '')) {
    logger.warn('DynamoDB refused an item over its size limit', { error: error as Error });
    return new PayloadTooLargeError('The session is too large to store', 'ITEM_TOO_LARGE');
  }
  return error;
}

/**
 * One DocumentClient per container, created on first use. The endpoint comes from the
 * SDK's standard AWS_ENDPOINT_URL_DYNAMODB when set (local mode, tests).
 */
export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
      marshallOptions: { removeUndefinedValues: true },
    });
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          throw toStorageError(error);
        }
      },
      { step: 'initialize', name: 'intelliviewStorageErrors' },
    );
    documentClient = client;
  }
  return documentClient;
}
