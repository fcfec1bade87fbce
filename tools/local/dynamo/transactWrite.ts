/**
 * TransactWriteItems over dynalite, with the semantics the TransactWriteItems API reference
 * and the developer guide's "transaction-apis" page document: every member's condition is
 * checked against the items as they are, then all writes are applied, or none — one
 * transaction at a time, while no other request runs (the caller's lock).
 */
import type { Backend } from './backend';
import {
  CANCELLATION_MESSAGES,
  DynamoProtocolError,
  NONE,
  internalServerError,
  transactionCanceled,
  validationException,
  type CancellationReason,
  type Item,
  type ProtocolReply,
} from './errors';
import { checkRequest, conditionHolds, type CheckedRequest, type SingleItemOperation } from './dynaliteRules';
import type { TransactionFaultQueue, InjectedTransactionFailure } from './faults';
import { requestFingerprint, type IdempotencyTokens } from './idempotency';
import { checkAggregateSize, resolveTargets, transactItems, type ItemTarget } from './members';
import type { ReadWriteLock } from './readWriteLock';

export interface TransactionServices {
  backend: Backend;
  /** Held exclusively while a transaction reads and writes; every other request holds it shared. */
  lock: ReadWriteLock;
  faults: TransactionFaultQueue;
  tokens: IdempotencyTokens;
}

const KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;
type Kind = (typeof KINDS)[number];

/** One member of the transaction, validated, with where it points. */
interface Member extends ItemTarget {
  kind: Kind;
  /** The member as dynalite validated it (parsed condition included). */
  checked: CheckedRequest;
  /** The plain single-item write that applies it; none for a ConditionCheck. */
  write: { operation: SingleItemOperation; input: Record<string, unknown> } | undefined;
  returnOldItemOnFailure: boolean;
}

export async function transactWriteItems(request: Record<string, unknown>, services: TransactionServices): Promise<ProtocolReply> {
  const members = await parseMembers(request, services.backend);
  const token = typeof request.ClientRequestToken === 'string' ? request.ClientRequestToken : undefined;
  const fingerprint = requestFingerprint(request);
  if (token) {
    const replay = services.tokens.begin(token, fingerprint);
    if (replay) return replay;
  }
  let ran = false;
  let success: ProtocolReply | undefined;
  try {
    await runHook(services.faults);
    const failure = services.faults.takeFailure();
    if (failure) throw injected(failure, members.length);
    ran = true;
    success = await services.lock.exclusive(() => execute(members, services.backend));
    return success;
  } finally {
    // A simulated failure (or a failed hook) never happened as far as the token is concerned: a retry runs for real.
    if (token) {
      if (ran) services.tokens.finish(token, fingerprint, success);
      else services.tokens.abandon(token);
    }
  }
}

async function runHook(faults: TransactionFaultQueue): Promise<void> {
  const hook = faults.takeHook();
  if (!hook) return;
  try {
    await hook();
  } catch (error) {
    throw internalServerError(`beforeNextTransaction hook failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

function injected(failure: InjectedTransactionFailure, memberCount: number): DynamoProtocolError {
  if (failure === 'InternalServerError') return internalServerError();
  const reasons: CancellationReason[] = Array.from({ length: memberCount }, () => NONE);
  reasons[0] = { Code: failure, Message: CANCELLATION_MESSAGES[failure] };
  return transactionCanceled(reasons);
}

async function parseMembers(request: Record<string, unknown>, backend: Backend): Promise<Member[]> {
  const items = transactItems(request);
  const parsed = items.map((item, index) => parseMember(item, index + 1));
  const targets = await resolveTargets(backend, parsed);
  checkAggregateSize(parsed.map((member) => (member.kind === 'Put' ? (member.item as Item) : member.key!)));
  return parsed.map((member, index) => ({ ...member, ...targets[index]! }));
}

function parseMember(item: Record<string, unknown>, position: number): Omit<Member, 'key'> & { key?: Item; item?: Item } {
  const kinds = KINDS.filter((kind) => item[kind] != null);
  if (kinds.length !== 1) throw validationException('TransactItems can only contain one of Check, Put, Update or Delete');
  const kind = kinds[0]!;
  const fields = item[kind] as Record<string, unknown>;
  const at = `transactItems.${position}.member.${kind[0]!.toLowerCase()}${kind.slice(1)}`;
  const returnValues = fields.ReturnValuesOnConditionCheckFailure;
  if (returnValues != null && returnValues !== 'ALL_OLD' && returnValues !== 'NONE') {
    throw validationException(
      `1 validation error detected: Value '${String(returnValues)}' at '${at}.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`,
    );
  }
  const expressions = {
    ConditionExpression: fields.ConditionExpression,
    ExpressionAttributeNames: fields.ExpressionAttributeNames,
    ExpressionAttributeValues: fields.ExpressionAttributeValues,
  };
  const required = (name: string) => {
    if (fields[name] == null) {
      const member = `${name[0]!.toLowerCase()}${name.slice(1)}`;
      throw validationException(`1 validation error detected: Value null at '${at}.${member}' failed to satisfy constraint: Member must not be null`);
    }
  };
  required('TableName');
  const tableName = String(fields.TableName);
  const returnOldItemOnFailure = returnValues === 'ALL_OLD';
  switch (kind) {
    case 'Put': {
      required('Item');
      const input = { TableName: tableName, Item: fields.Item, ...expressions };
      return { kind, tableName, item: fields.Item as Item, checked: checkRequest('PutItem', input), write: { operation: 'PutItem', input }, returnOldItemOnFailure };
    }
    case 'Update': {
      required('Key');
      required('UpdateExpression');
      const input = { TableName: tableName, Key: fields.Key, UpdateExpression: fields.UpdateExpression, ...expressions };
      return { kind, tableName, key: fields.Key as Item, checked: checkRequest('UpdateItem', input), write: { operation: 'UpdateItem', input }, returnOldItemOnFailure };
    }
    case 'Delete': {
      required('Key');
      const input = { TableName: tableName, Key: fields.Key, ...expressions };
      return { kind, tableName, key: fields.Key as Item, checked: checkRequest('DeleteItem', input), write: { operation: 'DeleteItem', input }, returnOldItemOnFailure };
    }
    case 'ConditionCheck': {
      required('Key');
      required('ConditionExpression');
      // Validated as the DeleteItem with the same key and condition: the same fields and rules.
      const input = { TableName: tableName, Key: fields.Key, ...expressions };
      return { kind, tableName, key: fields.Key as Item, checked: checkRequest('DeleteItem', input), write: undefined, returnOldItemOnFailure };
    }
  }
}

/** Under the exclusive lock: read every item, check every condition, then write all or none. */
async function execute(members: readonly Member[], backend: Backend): Promise<ProtocolReply> {
  const reads = await Promise.all(members.map((member) => readItem(backend, member)));
  const reasons = members.map((member, index): CancellationReason => {
    const read = reads[index]!;
    if ('failure' in read) return read.failure;
    if (conditionHolds(member.checked, read.item)) return NONE;
    const reason: CancellationReason = { Code: 'ConditionalCheckFailed', Message: CANCELLATION_MESSAGES.ConditionalCheckFailed };
    if (member.returnOldItemOnFailure && read.item) reason.Item = read.item;
    return reason;
  });
  if (reasons.some((reason) => reason.Code !== 'None')) throw transactionCanceled(reasons);

  // The items are distinct (one operation per item), so the writes can run together.
  const writes = members.flatMap((member, index) => (member.write ? [{ member, write: member.write, before: itemOf(reads[index]!) }] : []));
  const outcomes = await Promise.allSettled(writes.map(({ write }) => backend.call(write.operation, write.input)));
  const failures = new Map<Member, unknown>();
  outcomes.forEach((outcome, at) => {
    if (outcome.status === 'rejected') failures.set(writes[at]!.member, outcome.reason);
  });
  if (failures.size === 0) return { status: 200, body: {} };

  // A write the checks could not foresee failed (an update's operand type, the new item's
  // size): put back every item this transaction touched (re-writing the pre-image of one
  // whose write failed is harmless), and cancel it as DynamoDB does.
  await restore(backend, writes);
  const unexpected = [...failures.values()].find((error) => !isValidationError(error));
  if (unexpected) throw unexpected;
  throw transactionCanceled(
    members.map((member): CancellationReason => {
      const error = failures.get(member);
      return error ? { Code: 'ValidationError', Message: (error as DynamoProtocolError).message } : NONE;
    }),
  );
}

type Read = { item: Item | undefined } | { failure: CancellationReason };

/** The item a successful read found (reads that failed have cancelled the transaction already). */
const itemOf = (read: Read): Item | undefined => ('item' in read ? read.item : undefined);

async function readItem(backend: Backend, member: Member): Promise<Read> {
  try {
    return { item: await backend.getItem(member.tableName, member.key) };
  } catch (error) {
    // A key that does not match the schema cancels the transaction with ValidationError.
    if (isValidationError(error)) return { failure: { Code: 'ValidationError', Message: error.message } };
    throw error;
  }
}

/** Puts back each item's pre-image (or removes an item the transaction created). */
async function restore(backend: Backend, applied: ReadonlyArray<{ member: Member; before: Item | undefined }>): Promise<void> {
  await Promise.all(
    applied.map(({ member, before }) =>
      before ? backend.call('PutItem', { TableName: member.tableName, Item: before }) : backend.call('DeleteItem', { TableName: member.tableName, Key: member.key }),
    ),
  );
}

function isValidationError(error: unknown): error is DynamoProtocolError {
  return error instanceof DynamoProtocolError && error.status === 400 && String(error.body.__type).endsWith('#ValidationException');
}
