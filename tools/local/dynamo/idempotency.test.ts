/** ClientRequestToken bookkeeping: replay, mismatch, in progress, the 10-minute window. */
import { IDEMPOTENCY_WINDOW_MS, IdempotencyTokens, requestFingerprint } from './idempotency';

const success = { status: 200, body: {} };

describe('IdempotencyTokens', () => {
  it('replays a success to the same request with the same token, without running it again', () => {
    // Arrange
    const tokens = new IdempotencyTokens(() => 0);
    expect(tokens.begin('t', 'request')).toBeUndefined();
    tokens.finish('t', 'request', success);

    // Act
    const replay = tokens.begin('t', 'request');

    // Assert
    expect(replay).toEqual(success);
  });

  it('refuses the token with different parameters, after completion or while running', () => {
    // Arrange
    const tokens = new IdempotencyTokens(() => 0);
    tokens.begin('done', 'a');
    tokens.finish('done', 'a', success);
    tokens.begin('running', 'a');

    // Act / Assert
    expect(() => tokens.begin('done', 'b')).toThrow(expect.objectContaining({ body: expect.objectContaining({ __type: 'com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException' }) }));
    expect(() => tokens.begin('running', 'b')).toThrow(expect.objectContaining({ body: expect.objectContaining({ __type: 'com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException' }) }));
    expect(() => tokens.begin('running', 'a')).toThrow(expect.objectContaining({ body: expect.objectContaining({ __type: 'com.amazonaws.dynamodb.v20120810#TransactionInProgressException' }) }));
  });

  it('runs again a request that failed, and one abandoned before it ran', () => {
    // Arrange
    const tokens = new IdempotencyTokens(() => 0);
    tokens.begin('failed', 'a');
    tokens.finish('failed', 'a', undefined);
    tokens.begin('abandoned', 'a');
    tokens.abandon('abandoned');

    // Act / Assert
    expect(tokens.begin('failed', 'a')).toBeUndefined();
    expect(tokens.begin('abandoned', 'a')).toBeUndefined();
  });

  it('treats a token as new once 10 minutes have passed since its request completed', () => {
    // Arrange
    let now = 1_000;
    const tokens = new IdempotencyTokens(() => now);
    tokens.begin('t', 'a');
    tokens.finish('t', 'a', success);

    // Act
    now += IDEMPOTENCY_WINDOW_MS + 1;

    // Assert
    expect(tokens.begin('t', 'b')).toBeUndefined();
  });
});

describe('requestFingerprint', () => {
  it('ignores the token and the order of fields', () => {
    // Act
    const first = requestFingerprint({ ClientRequestToken: 'x', TransactItems: [{ Put: { TableName: 't', Item: { a: { S: '1' }, b: { N: '2' } } } }] });
    const second = requestFingerprint({ TransactItems: [{ Put: { Item: { b: { N: '2' }, a: { S: '1' } }, TableName: 't' } }], ClientRequestToken: 'y' });

    // Assert
    expect(first).toBe(second);
    expect(first).toBe('{"TransactItems":[{"Put":{"Item":{"a":{"S":"1"},"b":{"N":"2"}},"TableName":"t"}}]}');
  });
});
