import { nowEpochSeconds, requireUserId, type Attempt, type Caller, type Category, type ChatMessage, type Difficulty, type SessionItem, type SessionSettings, type SessionSummary } from '../domain';
import { spendTurn } from '../budget/service';
import { getSessionWithAttempts, type StoredAttempt } from '../db/attemptTable';
import { getSessionItems, hasItemBetween, queryUserIndexPage, saveTurn, type UserIndexEntry } from '../db/sessionsTable';
import { assertBeforeDeadline, type Deadline } from '../deadline';
import { NotFoundError } from '../errors';
import { logger } from '../logger';
import { decodeCursor, encodeCursor } from './cursor';
import { assertInterviewShape, checkHistory } from './history';
import { assertOwnedBy, longestTranscript } from './items';
import { resolveSettings } from './settings';
import { withTurn, type UsageMeter } from '../usage/usage';

/**
 * The session use cases: GET /review, GET /sessions and POST /interview (grading is in
 * grading/). The interviewer arrives as a plain function so this module (loaded by the
 * reader functions too) never imports the Bedrock client.
 */

/** GET /review: every item of the session, oldest first, and its retry attempts in the order made. */
export async function reviewSession(sessionId: string, caller: Caller): Promise<{ items: SessionItem[]; attempts: Attempt[] }> {
  // One Query: the turns (ts ≥ 0) and the retry attempts (ts < 0) share the session's partition.
  const { items, attempts } = await getSessionWithAttempts(sessionId);
  assertOwnedBy(items, caller);
  return { items, attempts: attempts.map(publicAttempt) };
}

/** An attempt as GET /review returns it: without its storage bookkeeping (key, kind, owner, usage). */
function publicAttempt({ ts: _ts, kind: _kind, owner: _owner, usage: _usage, modelId: _modelId, promptVersion: _version, ...attempt }: StoredAttempt): Attempt {
  return attempt;
}

/** One page of GET /sessions. */
export interface SessionsPage {
  sessions: SessionSummary[];
  /** Opaque; absent on the last page. */
  nextCursor?: string;
}

/** Extra index entries read per query, so a few double-ts duplicates do not cost a second query. */
const DUPLICATE_SLACK = 10;

/**
 * GET /sessions: one entry per session (its latest ts), newest first, `limit` sessions
 * per page, over the userId-ts index (whose projection holds everything listed: no
 * transcript is read).
 *
 * A session the frontend stored under two ts values has two index entries; the newer one
 * comes first, so on one page the first entry of a session is its latest. Across pages,
 * the older entry may come on a later page: for the first entry of a session on a page
 * after the first, one small query on the session's key checks whether it has an item
 * between this entry and the top of the listing (remembered in the cursor) — if so, it
 * was listed already. The first page (all the published frontend reads) needs no check.
 */
export async function listSessions(caller: Caller, page: { limit: number; cursor?: string }): Promise<SessionsPage> {
  const userId = requireUserId(caller);
  const start = page.cursor === undefined ? undefined : decodeCursor(userId, page.cursor);
  let position = start?.after;
  let top = start?.top;
  const sessions: SessionSummary[] = [];
  const seen = new Set<string>();
  let more = true;

  while (sessions.length < page.limit && more) {
    const batch = await queryUserIndexPage(userId, page.limit - sessions.length + DUPLICATE_SLACK, position);
    // Without a filter, a query returns at least one entry or none left; never spin on an empty page.
    if (batch.items.length === 0) {
      more = false;
      break;
    }
    const listedEarlier = start ? await checkListedEarlier(batch.items, seen, userId, start.top) : [];
    let consumed = 0;
    for (const [index, item] of batch.items.entries()) {
      if (sessions.length >= page.limit) break;
      consumed += 1;
      const ts = Math.trunc(Number(item.ts));
      position = { sessionId: item.sessionId, ts };
      top ??= ts;
      if (seen.has(item.sessionId)) continue;
      seen.add(item.sessionId);
      if (listedEarlier[index]) continue;
      sessions.push({ sessionId: item.sessionId, category: item.category, difficulty: item.difficulty, ts });
    }
    more = batch.more || consumed < batch.items.length;
  }

  const nextCursor = more && position && top !== undefined ? encodeCursor(userId, { after: position, top }) : undefined;
  return nextCursor ? { sessions, nextCursor } : { sessions };
}

/** For each entry that would be its session's first on this page: was the session listed on an earlier page? */
async function checkListedEarlier(items: readonly UserIndexEntry[], seen: ReadonlySet<string>, userId: string, top: number): Promise<boolean[]> {
  const firsts = new Set(seen);
  return Promise.all(
    items.map((item) => {
      if (firsts.has(item.sessionId)) return false;
      firsts.add(item.sessionId);
      return hasItemBetween(item.sessionId, userId, Math.trunc(Number(item.ts)), top);
    }),
  );
}

/** One turn's request; focus, jobDescription and language count on a session's first turn only. */
export interface InterviewTurnInput extends SessionSettings {
  sessionId: string;
  ts: number;
  category: Category;
  difficulty: Difficulty;
  messages: ChatMessage[];
}

/**
 * POST /interview: check ownership and history, ask the interviewer, store the turn.
 * A retry of a turn that was already stored gets the stored reply back, unchanged. What is
 * sent to the model and stored is the history without the frontend's local error bubbles
 * (sessions/history.ts), so no text the server did not author is ever stored as the interviewer's.
 */
export async function continueInterview(
  input: InterviewTurnInput,
  caller: Caller,
  interviewer: (turn: { category: Category; difficulty: Difficulty; messages: ChatMessage[] } & SessionSettings) => Promise<string>,
  deadline?: Deadline,
  /** The meter the interviewer's model calls record into; its entry is stored with the turn. */
  usage?: UsageMeter,
): Promise<string> {
  const userId = requireUserId(caller);
  assertInterviewShape(input.messages);
  const items = await getSessionItems(input.sessionId);
  if (items.length > 0) assertOwnedBy(items, caller);
  // The session's settings: this request's on its first turn, inherited (409 if contradicted) later.
  const settings = resolveSettings(items, input);
  const verdict = checkHistory(longestTranscript(items)?.messages, input.messages);
  if (verdict.kind === 'replay') return verdict.reply;
  if (verdict.kind === 'rewind') {
    logger.info('interviewer turn never seen by the candidate is dropped', { sessionId: input.sessionId, unseenChars: verdict.unseen.length });
  }
  // The budgets (an exact replay above is free): the session's cap counts the interviewer
  // turns of the checked history; over a budget → 429 before the model is called, and a
  // model call that fails gives its unit back (budget/service.ts).
  interviewer = await spendTurn(userId, verdict.history, interviewer);

  const reply = await interviewer({ category: input.category, difficulty: input.difficulty, messages: verdict.history, ...settings });
  assertBeforeDeadline(deadline, 'interview');
  // This turn's usage joins what the item (sessionId, ts) recorded before (docs/operations.md#cost).
  const entry = usage?.entry(nowEpochSeconds());
  const storedUsage = items.find((item) => item.ts === input.ts)?.usage;

  const stored = await saveTurn({
    sessionId: input.sessionId,
    ts: input.ts,
    userId,
    category: input.category,
    difficulty: input.difficulty,
    messages: [...verdict.history, { role: 'assistant', content: reply }],
    ...settings,
    ...(entry ? { usage: withTurn(storedUsage, entry) } : {}),
  });
  if (!stored) throw new NotFoundError('Session not found');
  return reply;
}
