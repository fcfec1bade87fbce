/**
 * `npm run bench`: GET /skills and GET /sessions latency as a user's history grows,
 * against the embedded DynamoDB (dynalite, in memory), through the real handlers and
 * their Middy stack. For N = 10, 100 and 1,000 graded sessions of one user it prints the
 * p50 (and p90) over CALLS calls of:
 *   - GET /skills    (reads the per-user aggregate item: one read),
 *   - GET /sessions  (first page, default limit),
 *   - baseline       (written here: what the original did, read every session of the user
 *                     and aggregate on each call: GSI query + BatchGet of every graded item),
 * and the ratio p50(N = 1,000) / p50(N = 10). Figures are printed, never asserted.
 */
import { performance } from 'node:perf_hooks';
import { BatchGetCommand, DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { putItems, startAnalyticsTable } from '../../test/support/analyticsTable';
import { httpEvent, lambdaContext } from '../../test/support/events';

const SIZES = [10, 100, 1000] as const;
const CALLS = 100;
const WARMUP = 10;
const BASE_TS = 1_700_000_000;
const CATEGORIES = ['Behavioral', 'DSA', 'System Design', 'HR', 'Product'];
// Graders repeat themselves, but not exactly: a pool of 40 phrasings per list.
const STRENGTHS = Array.from({ length: 40 }, (_, i) => `Strength number ${i}: clear reasoning about the problem`);
const WEAKNESSES = Array.from({ length: 40 }, (_, i) => `Weakness number ${i}: missed an edge case in the solution`);

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const db = await startAnalyticsTable();
const { handler: skillsHandler } = await import('../../aggregateSkillsFunction/src/handler');
const { handler: sessionsHandler } = await import('../../listSessions/src/handler');
const { createHttpHandler, json, PAGE_LIMITS } = await import('@intelliview/shared/http');
const { repairUser, readAggregate } = await import('@intelliview/shared/skills');

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** The straightforward way, as the original did it: read every graded session, aggregate. */
async function fullScanSkills(userId: string) {
  const keys: Array<{ sessionId: string; ts: number }> = [];
  const query = { TableName: db.tableName, IndexName: 'userId-ts-index', KeyConditionExpression: 'userId = :u', ExpressionAttributeValues: { ':u': userId } };
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
      const result = await doc.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: pending } } }));
      for (const item of result.Responses?.[db.tableName] ?? []) {
        sessions.add(item.sessionId);
        for (const [key, value] of Object.entries(item.feedback.ratings as Record<string, number>)) sums[key] = (sums[key] ?? 0) + value;
        for (const s of item.feedback.strengths as string[]) strengths.set(s, (strengths.get(s) ?? 0) + 1);
        for (const w of item.feedback.weaknesses as string[]) weaknesses.set(w, (weaknesses.get(w) ?? 0) + 1);
      }
      pending = (result.UnprocessedKeys?.[db.tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const avg = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Math.round((v / sessions.size) * 100) / 100]));
  return { sessionsAnalyzed: sessions.size, avgRatings: avg, topStrengths: top(strengths), topWeaknesses: top(weaknesses) };
}
const baselineHandler = createHttpHandler(async (event) => json(200, await fullScanSkills(event.queryStringParameters!.userId!)), { jsonBody: false });

function sessionItem(userId: string, n: number, i: number) {
  const ts = BASE_TS + i * 3600;
  const rating = (i * 7) % 11;
  const messages = Array.from({ length: 8 }, (_, m) => ({
    role: m % 2 === 0 ? 'user' : 'assistant',
    content: `Turn ${m} of session ${i}. `.padEnd(400, 'lorem ipsum dolor sit amet '),
  }));
  return {
    sessionId: `bench-${n}-${String(i).padStart(5, '0')}`,
    ts,
    userId,
    category: CATEGORIES[i % CATEGORIES.length],
    difficulty: 'Medium',
    messages,
    feedback: {
      summary: 'A short summary of the interview.',
      ratings: { technical: rating, communication: (rating + 3) % 11, confidence: (rating + 5) % 11, overall: (rating + 1) % 11 },
      strengths: [0, 1, 2].map((k) => STRENGTHS[(i * 3 + k * 7) % STRENGTHS.length]!),
      weaknesses: [0, 1, 2].map((k) => WEAKNESSES[(i * 5 + k * 11) % WEAKNESSES.length]!),
      suggestions: ['Practise more'],
    },
    feedbackTimestamp: ts + 1800,
    gradeId: `${String((ts + 1800) * 1000).padStart(13, '0')}-bench0`,
  };
}

type Handler = (event: never, context: never) => Promise<unknown>;
async function p50(handler: Handler, path: string, userId: string, extra: Record<string, string> = {}): Promise<{ p50: number; p90: number; bytes: number }> {
  const call = async () => {
    const event = httpEvent({ method: 'GET', path, queryStringParameters: { userId, ...extra } });
    const result = (await handler(event as never, lambdaContext() as never)) as { statusCode: number; body: string };
    if (result.statusCode !== 200) throw new Error(`${path} answered ${result.statusCode}: ${result.body}`);
    return result.body.length;
  };
  for (let i = 0; i < WARMUP; i += 1) await call();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < CALLS; i += 1) {
    const started = performance.now();
    bytes = await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(CALLS * 0.5)]!, p90: times[Math.floor(CALLS * 0.9)]!, bytes };
}

const rows: Array<{ n: number; skills: Awaited<ReturnType<typeof p50>>; sessions: Awaited<ReturnType<typeof p50>>; sessions10: Awaited<ReturnType<typeof p50>>; baseline: Awaited<ReturnType<typeof p50>>; aggregateBytes: number }> = [];
try {
  for (const n of SIZES) {
    const userId = `bench-user-${n}`;
    const seedStarted = performance.now();
    await putItems(db, Array.from({ length: n }, (_, i) => sessionItem(userId, n, i)));
    // The aggregate these sessions would have built grade by grade: the repair path computes it.
    await repairUser(userId);
    const aggregateBytes = JSON.stringify((await readAggregate(userId))!.state).length;
    process.stderr.write(`seeded N=${n} in ${Math.round(performance.now() - seedStarted)} ms; measuring…\n`);
    rows.push({
      n,
      aggregateBytes,
      skills: await p50(skillsHandler as Handler, '/skills', userId),
      sessions: await p50(sessionsHandler as Handler, '/sessions', userId),
      sessions10: await p50(sessionsHandler as Handler, '/sessions', userId, { limit: '10' }),
      baseline: await p50(baselineHandler as Handler, '/skills', userId),
    });
  }
} finally {
  doc.destroy();
  await db.close();
}

const ms = (value: number) => value.toFixed(2);
const first = rows[0]!;
const last = rows.at(-1)!;
console.log(`\nIntelliView analytics bench — embedded DynamoDB (dynalite, in memory), p50 / p90 over ${CALLS} calls each, ms`);
console.log(`node ${process.version}, ${new Date().toISOString()}\n`);
console.log('| N sessions | GET /skills p50 (p90) | GET /sessions first page p50 (p90) | GET /sessions?limit=10 p50 (p90) | baseline full-scan /skills p50 (p90) | aggregate item |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(
    `| ${row.n} | ${ms(row.skills.p50)} (${ms(row.skills.p90)}) | ${ms(row.sessions.p50)} (${ms(row.sessions.p90)}) | ` +
      `${ms(row.sessions10.p50)} (${ms(row.sessions10.p90)}) | ` +
      `${ms(row.baseline.p50)} (${ms(row.baseline.p90)}) | ${(row.aggregateBytes / 1024).toFixed(1)} KB |`,
  );
}
console.log(
  `| **ratio ${last.n} / ${first.n}** | **${(last.skills.p50 / first.skills.p50).toFixed(2)}** | **${(last.sessions.p50 / first.sessions.p50).toFixed(2)}** | ` +
    `**${(last.sessions10.p50 / first.sessions10.p50).toFixed(2)}** | ` +
    `**${(last.baseline.p50 / first.baseline.p50).toFixed(2)}** | |`,
);
console.log(
  `\nGET /sessions without limit returns the default page (up to ${PAGE_LIMITS.defaultLimit} sessions, what the published frontend reads): it lists all N here, so it grows with N; with limit=10 a page costs the same at any N.`,
);
