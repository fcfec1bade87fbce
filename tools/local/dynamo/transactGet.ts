/**
 * TransactGetItems over dynalite: up to 100 Gets read together while no write runs (the
 * exclusive lock), so they see one consistent state, as the developer guide's
 * "transaction-apis" page documents (isolation: serializable with TransactWriteItems).
 * ProjectionExpression/ExpressionAttributeNames are passed to dynalite's GetItem.
 */
import { DynamoProtocolError, NONE, transactionCanceled, validationException, type CancellationReason, type Item, type ProtocolReply } from './errors';
import { checkRequest } from './dynaliteRules';
import { resolveTargets, transactItems } from './members';
import type { TransactionServices } from './transactWrite';

interface Get {
  tableName: string;
  key: Item;
  input: Record<string, unknown>;
}

export async function transactGetItems(request: Record<string, unknown>, services: Pick<TransactionServices, 'backend' | 'lock'>): Promise<ProtocolReply> {
  const gets = transactItems(request).map((item, index) => parseGet(item, index + 1));
  await resolveTargets(services.backend, gets);
  const results = await services.lock.exclusive(() =>
    Promise.all(
      gets.map((get) =>
        services.backend.call<{ Item?: Item }>('GetItem', { ...get.input, ConsistentRead: true }).then(
          ({ Item }) => ({ item: Item }),
          (error: unknown) => {
            // A key that does not match the schema cancels the read with ValidationError.
            if (error instanceof DynamoProtocolError && error.status === 400 && String(error.body.__type).endsWith('#ValidationException')) {
              return { failure: { Code: 'ValidationError', Message: error.message } as CancellationReason };
            }
            throw error;
          },
        ),
      ),
    ),
  );
  if (results.some((result) => 'failure' in result)) {
    throw transactionCanceled(results.map((result) => ('failure' in result ? result.failure : NONE)));
  }
  return { status: 200, body: { Responses: results.map((result) => ('item' in result && result.item ? { Item: result.item } : {})) } };
}

function parseGet(item: Record<string, unknown>, position: number): Get {
  const fields = item.Get as Record<string, unknown> | undefined;
  if (fields == null) {
    throw validationException(`1 validation error detected: Value null at 'transactItems.${position}.member.get' failed to satisfy constraint: Member must not be null`);
  }
  for (const name of ['TableName', 'Key']) {
    if (fields[name] == null) {
      const member = `${name[0]!.toLowerCase()}${name.slice(1)}`;
      throw validationException(`1 validation error detected: Value null at 'transactItems.${position}.member.get.${member}' failed to satisfy constraint: Member must not be null`);
    }
  }
  const input = {
    TableName: fields.TableName,
    Key: fields.Key,
    ProjectionExpression: fields.ProjectionExpression,
    ExpressionAttributeNames: fields.ExpressionAttributeNames,
  };
  checkRequest('GetItem', input);
  return { tableName: String(fields.TableName), key: fields.Key as Item, input };
}
