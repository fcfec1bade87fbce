import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { toStorageError } from './client';

describe('toStorageError', () => {
  it.each([
    ['throttling', Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } })],
    ['a 5xx', Object.assign(new Error('boom'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['an error the SDK wrapped after its retries without any HTTP answer', Object.assign(new Error('AWS SDK error wrapper for Error: socket hang up'), { $metadata: { attempts: 3, totalRetryDelay: 30 } })],
  ])('turns %s into a 503 with Retry-After', (_name, error) => {
    expect(toStorageError(error)).toEqual(expect.objectContaining({ statusCode: 503, code: 'STORAGE_UNAVAILABLE', headers: { 'Retry-After': '1' } }));
  });

  it('turns an over-large item into a 413', () => {
    const error = Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(toStorageError(error)).toEqual(expect.objectContaining({ statusCode: 413 }));
  });

  it('lets a conditional check failure through for the repository to handle', () => {
    const error = new ConditionalCheckFailedException({ message: 'no', $metadata: { httpStatusCode: 400 } });
    expect(toStorageError(error)).toBe(error);
  });
});
