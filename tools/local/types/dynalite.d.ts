// dynalite ships no types; this is the part of its API the local mode uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB folder; in memory when omitted. */
    path?: string;
    /** How long a new table stays CREATING (default 500 ms). */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  }

  export default function dynalite(options?: DynaliteOptions): Server;
}

// dynalite's own request validation and expression parsers (validations/) and its
// condition evaluator (db/): the transactions front reuses them instead of a second parser.

declare module 'dynalite/validations/index.js' {
  /** An error dynalite throws or returns: the HTTP status and the JSON body it would send. */
  export interface DynaliteError extends Error {
    statusCode?: number;
    body?: { __type: string; message?: string; Message?: string };
  }
  /** The store's options, the only part of it that request validation reads. */
  export interface DynaliteStoreOptions {
    options: { maxItemSize: number };
  }
  /** One action's validation rules, as in dynalite/validations/<action>.js. */
  export interface DynaliteActionValidation {
    types: Record<string, unknown>;
    custom?: (data: Record<string, unknown>, store: DynaliteStoreOptions) => string | undefined;
  }
  const validations: {
    /** Coerces a request to the action's types; throws a SerializationException error. */
    checkTypes(data: Record<string, unknown>, types: Record<string, unknown>): Record<string, unknown>;
    /** Throws a ValidationException error; on success leaves parsed expressions on `data` (`_condition`, `_updates`, `_projection`). */
    checkValidations(
      data: Record<string, unknown>,
      types: Record<string, unknown>,
      custom: DynaliteActionValidation['custom'],
      store: DynaliteStoreOptions,
    ): void;
  };
  export default validations;
}

declare module 'dynalite/validations/putItem.js' {
  import type { DynaliteActionValidation } from 'dynalite/validations/index.js';
  const validation: DynaliteActionValidation;
  export default validation;
}
declare module 'dynalite/validations/updateItem.js' {
  import type { DynaliteActionValidation } from 'dynalite/validations/index.js';
  const validation: DynaliteActionValidation;
  export default validation;
}
declare module 'dynalite/validations/deleteItem.js' {
  import type { DynaliteActionValidation } from 'dynalite/validations/index.js';
  const validation: DynaliteActionValidation;
  export default validation;
}
declare module 'dynalite/validations/getItem.js' {
  import type { DynaliteActionValidation } from 'dynalite/validations/index.js';
  const validation: DynaliteActionValidation;
  export default validation;
}

declare module 'dynalite/db/index.js' {
  import type { DynaliteError } from 'dynalite/validations/index.js';
  const db: {
    /** Bytes an item counts for against DynamoDB's limits. */
    itemSize(item: Record<string, unknown>): number;
    /** null when the request's parsed condition holds for the item (an absent item is `{}`); the ConditionalCheckFailed error otherwise. */
    checkConditional(data: Record<string, unknown>, existingItem: Record<string, unknown> | undefined): DynaliteError | null | undefined;
    /** dynalite's default maximum item size in bytes (400 KB). */
    MAX_SIZE: number;
  };
  export default db;
}
