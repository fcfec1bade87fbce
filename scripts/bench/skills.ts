/**
 * Section 3: GET /skills (and GET /sessions, as before) as a user's history grows, for
 * N = 10 / 100 / 1,000 sessions of one user, in two kinds of user:
 *   (a) graded — every session graded through POST /feedback (the handler as shipped), so
 *       the aggregate item exists;
 *   (b) original — items in the ORIGINAL backend's shape (userId, category, difficulty,
 *       messages, feedback, feedbackTimestamp; no gradeId, no aggregate item), as a table
 *       migrated from it holds them.
 * GET /skills is measured from the SECOND call on (the first may build what is missing).
 * The baseline is a plain function written here: what the original did on every call —
 * read all of the user's sessions (index query + BatchGet) and aggregate them.
 */
import { performance } from 'node:perf_hooks';
import { BatchGetCommand, BatchWriteCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KNOBS, progress, summarise, type Summary } from './common';
import { asUser, loadEvent, type Event } from './events';
import type { Loaded } from './handlers';
import type { Infra } from './infra';

const BASE_TS = 1_700_000_000;
const CATEGORIES = ['Behavioral', 'DSA', 'System Design', 'HR', 'Product'];
// Graders repeat themselves, but not exactly: a pool of 40 phrasings per list.
const STRENGTHS = Array.from({ length: 40 }, (_, i) => `Strength number ${i}: clear reasoning about the problem`);
const WEAKNESSES = Array.from({ length: 40 }, (_, i) => `Weakness number ${i}: missed an edge case in the solution`);

function transcript(i: number) {
  return Array.from({ length: 8 }, (_, m) => ({
    role: m % 2 === 0 ? 'user' : 'assistant',
    content: `Turn ${m} of session ${i}. `.padEnd(400, 'lorem ipsum dolor sit amet '),
  }));
}

/** One session item; with `graded`, the grade the original stored (feedback + feedbackTimestamp only). */
function sessionItem(userId: string, i: number, graded: boolean) {
  const ts = BASE_TS + i * 3600;
  const rating = (i * 7) % 11;
  return {
    sessionId: `${userId}-${String(i).padStart(5, '0')}`,
    ts,
    userId,
    category: CATEGORIES[i % CATEGORIES.length],
    difficulty: 'Medium',
    messages: transcript(i),
    ...(graded
      ? {
          feedback: {
            summary: 'A short summary of the interview.',
            ratings: { technical: rating, communication: (rating + 3) % 11, confidence: (rating + 5) % 11, overall: (rating + 1) % 11 },
            strengths: [0, 1, 2].map((k) => STRENGTHS[(i * 3 + k * 7) % STRENGTHS.length]!),
            weaknesses: [0, 1, 2].map((k) => WEAKNESSES[(i * 5 + k * 11) % WEAKNESSES.length]!),
            suggestions: ['Practise more'],
          },
          feedbackTimestamp: ts + 1800,
        }
      : {}),
  };
}

async function putItems(doc: DynamoDBDocumentClient, table: string, items: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests: unknown[] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 10) throw new Error('BatchWrite kept returning unprocessed items');
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests as never } }));
      requests = result.UnprocessedItems?.[table] ?? [];
    }
  }
}

/** What the original did on every GET /skills: read every graded session of the user, aggregate. */
async function fullScanSkills(doc: DynamoDBDocumentClient, table: string, userId: string) {
  const keys: Array<{ sessionId: string; ts: number }> = [];
  const query = { TableName: table, IndexName: 'userId-ts-index', KeyConditionExpression: 'userId = :u', ExpressionAttributeValues: { ':u': userId } };
  for await (const page of paginateQuery({ client: doc }, query)) {
    for (const item of page.Items ?? []) if (item.feedbackTimestamp !== undefined) keys.push({ sessionId: item.sessionId, ts: item.ts });
  }
  const sums: Record<string, number> = {};
  const strengths = new Map<string, number>();
  const weaknesses = new Map<string, number>();
  const sessions = new Set<string>();
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Array<Record<string, unknown>> = keys.slice(i, i + 100);
    while (pending.length > 0) {
      const result = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      for (const item of result.Responses?.[table] ?? []) {
        sessions.add(item.sessionId);
        for (const [key, value] of Object.entries(item.feedback.ratings as Record<string, number>)) sums[key] = (sums[key] ?? 0) + value;
        for (const s of item.feedback.strengths as string[]) strengths.set(s, (strengths.get(s) ?? 0) + 1);
        for (const w of item.feedback.weaknesses as string[]) weaknesses.set(w, (weaknesses.get(w) ?? 0) + 1);
      }
      pending = (result.UnprocessedKeys?.[table]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const avg = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Math.round((v / sessions.size) * 100) / 100]));
  return { statusCode: 200, body: JSON.stringify({ sessionsAnalyzed: sessions.size, avgRatings: avg, topStrengths: top(strengths), topWeaknesses: top(weaknesses) }) };
}

export interface Timing extends Summary {
  ops: number;
  bytes: number;
}
export interface SkillsRow {
  n: number;
  graded: Timing;
  original: Timing;
  originalFirst: { ms: number; ops: number };
  sessions: Timing;
  sessions10: Timing;
  baseline: Timing;
}

async function measure(infra: Infra, call: () => Promise<{ statusCode?: number; body?: string }>, calls = KNOBS.skillsCalls, warmup = 5): Promise<Timing> {
  let bytes = 0;
  for (let i = 0; i < warmup; i += 1) await call();
  const times: number[] = [];
  infra.resetCounts();
  for (let i = 0; i < calls; i += 1) {
    const started = performance.now();
    const result = await call();
    times.push(performance.now() - started);
    if (result.statusCode !== 200) throw new Error(`answered ${result.statusCode}: ${result.body}`);
    bytes = result.body?.length ?? 0;
  }
  return { ...summarise(times), ops: infra.totalCount() / calls, bytes };
}

export async function skills(loaded: Loaded, infra: Infra): Promise<SkillsRow[]> {
  const skillsEvent = loadEvent('aggregateSkillsFunction.json');
  const sessionsEvent = loadEvent('listSessions.json');
  const feedbackEvent = loadEvent('generateFeedbackFunction.json');
  const rows: SkillsRow[] = [];
  for (const n of KNOBS.sizes) {
    const graded = `bench-graded-${n}`;
    const original = `bench-original-${n}`;
    let started = performance.now();
    const gradedItems = Array.from({ length: n }, (_, i) => sessionItem(graded, i, false));
    await putItems(infra.doc, infra.tableName, gradedItems);
    for (const item of gradedItems) {
      const event: Event = asUser(feedbackEvent, graded);
      event.body = JSON.stringify({ sessionId: item.sessionId, ts: item.ts, messages: item.messages });
      const result = await loaded.invoke('generateFeedbackFunction', event);
      if (result.statusCode !== 200) throw new Error(`grading ${item.sessionId} answered ${result.statusCode}: ${result.body}`);
    }
    progress(`N=${n}: ${n} sessions graded through POST /feedback in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    await putItems(infra.doc, infra.tableName, Array.from({ length: n }, (_, i) => sessionItem(original, i, true)));
    progress(`N=${n}: ${n} original-shape sessions written in ${Math.round(performance.now() - started)} ms; measuring…`);

    const skillsOf = (userId: string) => () => loaded.invoke('aggregateSkillsFunction', asUser(skillsEvent, userId));
    // The original-shape user's FIRST call, alone: whatever it builds is built here.
    infra.resetCounts();
    started = performance.now();
    const first = await skillsOf(original)();
    if (first.statusCode !== 200) throw new Error(`GET /skills (original user) answered ${first.statusCode}: ${first.body}`);
    const originalFirst = { ms: performance.now() - started, ops: infra.totalCount() };
    rows.push({
      n,
      originalFirst,
      graded: await measure(infra, skillsOf(graded)),
      original: await measure(infra, skillsOf(original)),
      sessions: await measure(infra, () => loaded.invoke('listSessions', asUser(sessionsEvent, graded))),
      sessions10: await measure(infra, () => loaded.invoke('listSessions', asUser(sessionsEvent, graded, { limit: '10' }))),
      baseline: await measure(infra, () => fullScanSkills(infra.doc, infra.tableName, original)),
    });
  }
  return rows;
}
