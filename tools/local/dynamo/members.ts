/**
 * The request-level checks both transaction APIs share, before anything is read: the list's
 * length, tables that exist, one operation per item, the 4 MB aggregate — each answered
 * with the error DynamoDB answers (ValidationException / ResourceNotFoundException).
 */
import type { Backend } from './backend';
import { validationException, type Item } from './errors';
import { itemSize } from './dynaliteRules';

export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

/** The TransactItems list, or the ValidationException for a missing, empty or too long one. */
export function transactItems(request: Record<string, unknown>): Record<string, unknown>[] {
  const items = request.TransactItems;
  if (items == null) throw validationException("1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
  if (!Array.isArray(items)) throw validationException("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must be a list");
  if (items.length < 1) {
    throw validationException("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
  }
  if (items.length > MAX_TRANSACTION_ITEMS) {
    throw validationException(
      `1 validation error detected: Value '[${items.length} items]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSACTION_ITEMS}`,
    );
  }
  return items.map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>) : {}));
}

/** Where one member of a transaction points. */
export interface ItemTarget {
  tableName: string;
  key: Item;
}

/**
 * The key of each member (for a Put, picked from its Item by the table's key schema).
 * Throws ResourceNotFoundException for an unknown table and ValidationException for an item
 * targeted twice.
 */
export async function resolveTargets(
  backend: Backend,
  members: ReadonlyArray<{ tableName: string; key?: Item; item?: Item }>,
): Promise<ItemTarget[]> {
  const seen = new Set<string>();
  const targets: ItemTarget[] = [];
  for (const member of members) {
    const keyNames = await backend.keyAttributes(member.tableName);
    const key = member.key ?? pickKey(member.item ?? {}, keyNames);
    const identity = `${member.tableName}\u0000${JSON.stringify(keyNames.map((name) => key[name] ?? null))}`;
    if (seen.has(identity)) throw validationException('Transaction request cannot include multiple operations on one item');
    seen.add(identity);
    targets.push({ tableName: member.tableName, key });
  }
  return targets;
}

function pickKey(item: Item, keyNames: readonly string[]): Item {
  const key: Item = {};
  for (const name of keyNames) {
    const value = item[name];
    if (value === undefined) throw validationException(`One or more parameter values were invalid: Missing the key ${name} in the item`);
    key[name] = value;
  }
  return key;
}

/** DynamoDB: "The aggregate size of the items in the transaction cannot exceed 4 MB." */
export function checkAggregateSize(items: readonly Item[]): void {
  const total = items.reduce((sum, item) => sum + itemSize(item), 0);
  if (total > MAX_TRANSACTION_BYTES) {
    throw validationException(`Transaction request size of ${total} bytes exceeds the maximum allowed size of ${MAX_TRANSACTION_BYTES} bytes (4 MB)`);
  }
}
