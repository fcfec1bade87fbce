import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { once, tableConfig } from '../config';
import { BadRequestError } from '../errors';
import type { UserIndexPosition } from '../db/sessionsTable';

/**
 * Opaque /sessions cursors: AES-256-GCM over {after, top}, with the caller's userId as
 * additional authenticated data. An edited cursor, or one issued to another user, fails
 * authentication → 400; it is never decoded into a query.
 *
 * Key: HKDF-SHA256 of CURSOR_SECRET (salt: the table name). Every container of a
 * deployment derives the same key, so a cursor from one container works on the next.
 * Without CURSOR_SECRET a documented built-in secret is used: cursors then still detect
 * edits and cross-user use by honest clients, but anyone who reads this file could mint
 * one. That cannot leak data either way: the query's partition key is always the
 * caller's own userId, so a forged position only moves within the caller's own list.
 * Deployments should set CURSOR_SECRET (docs/analytics.md).
 */

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DEFAULT_CURSOR_SECRET = 'intelliview-public-default-cursor-secret';

export interface SessionsCursor {
  /** The last index entry the previous page consumed. */
  after: UserIndexPosition;
  /** The greatest ts of the listing's first page: the upper end of the listing. */
  top: number;
}

const cursorKey = once(() =>
  Buffer.from(
    hkdfSync(
      'sha256',
      process.env.CURSOR_SECRET?.trim() || DEFAULT_CURSOR_SECRET,
      tableConfig().tableName,
      'intelliview/sessions-cursor/v1',
      32,
    ),
  ),
);

function aad(userId: string): Buffer {
  return Buffer.from(`sessions\u0000${userId}`, 'utf8');
}

export function encodeCursor(userId: string, cursor: SessionsCursor): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', cursorKey(), iv);
  cipher.setAAD(aad(userId));
  const body = Buffer.concat([cipher.update(JSON.stringify([cursor.after.sessionId, cursor.after.ts, cursor.top]), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString('base64url');
}

const invalid = () => new BadRequestError('cursor is invalid, expired or was issued for another user', 'INVALID_CURSOR');

export function decodeCursor(userId: string, token: string): SessionsCursor {
  const raw = Buffer.from(token, 'base64url');
  if (raw.length <= 1 + IV_BYTES + TAG_BYTES || raw[0] !== VERSION || raw.toString('base64url') !== token) throw invalid();
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(), raw.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(aad(userId));
    decipher.setAuthTag(raw.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
    plain = Buffer.concat([decipher.update(raw.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw invalid();
  }
  const parsed: unknown = JSON.parse(plain);
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [sessionId, ts, top] = parsed as unknown[];
  if (typeof sessionId !== 'string' || !Number.isInteger(ts) || !Number.isInteger(top)) throw invalid();
  return { after: { sessionId, ts: ts as number }, top: top as number };
}
