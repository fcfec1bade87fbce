/**
 * dynalite's own request validation, expression parsers and condition evaluator, reused so
 * a transaction's members are checked exactly as a PutItem/UpdateItem/DeleteItem/GetItem
 * with the same fields would be (same messages), and its conditions evaluated the same way.
 */
import validations, { type DynaliteActionValidation } from 'dynalite/validations/index.js';
import putItem from 'dynalite/validations/putItem.js';
import updateItem from 'dynalite/validations/updateItem.js';
import deleteItem from 'dynalite/validations/deleteItem.js';
import getItem from 'dynalite/validations/getItem.js';
import db from 'dynalite/db/index.js';
import { fromDynaliteError, type Item } from './errors';

/** DynamoDB's maximum item size; the front starts dynalite with its default. */
export const MAX_ITEM_SIZE = db.MAX_SIZE;

/** The single-item operation a transaction member is validated and written as. */
export type SingleItemOperation = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'GetItem';

const RULES: Record<SingleItemOperation, DynaliteActionValidation> = {
  PutItem: putItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  GetItem: getItem,
};

/** A request dynalite has validated: its fields plus the parsed expressions it left on them. */
export type CheckedRequest = Record<string, unknown>;

/**
 * Validates `request` as dynalite validates `operation`, returning the request with its
 * parsed expressions; throws the ValidationException/SerializationException DynamoDB would.
 */
export function checkRequest(operation: SingleItemOperation, request: Record<string, unknown>): CheckedRequest {
  const rules = RULES[operation];
  try {
    // checkTypes drops fields the operation does not know, so it gets a copy.
    const checked = validations.checkTypes({ ...request }, rules.types);
    validations.checkValidations(checked, rules.types, rules.custom, { options: { maxItemSize: MAX_ITEM_SIZE } });
    return checked;
  } catch (error) {
    throw fromDynaliteError(error);
  }
}

/** Whether the checked request's ConditionExpression holds for the item (undefined: no item). */
export function conditionHolds(checked: CheckedRequest, item: Item | undefined): boolean {
  return !db.checkConditional(checked, item);
}

/** Bytes an item (or key) counts for against DynamoDB's size limits. */
export function itemSize(item: Item): number {
  return db.itemSize(item);
}
