#!/usr/bin/env node
/**
 * `npm run demo -- [baseUrl] [--user <id>]`: one interview session against a running API
 * (default http://127.0.0.1:3000, i.e. `npm start`), as the published frontend makes it:
 * first turn, second turn, grade, review, history, analytics, and one malformed request.
 * Prints each request and a compact answer; exits 1 if any status is not the expected one,
 * 2 if the API cannot be reached, 64 on a bad flag. Node >= 20 (built-in fetch), no jq/curl.
 *
 * Every run uses a new sessionId and, unless --user is given, a new userId, so it can be
 * run again and again against the same data folder. Legacy auth mode (`npm start`'s
 * default): the userId is sent in the body and query string, as the frontend does.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

const USAGE = 'Usage: npm run demo -- [baseUrl] [--user <id>]   (default baseUrl http://127.0.0.1:3000)';
/** The model functions' template timeout is 29 s; give the gateway a little more. */
const REQUEST_TIMEOUT_MS = 35_000;

let args;
try {
  args = parseArgs({ args: process.argv.slice(2), options: { user: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(64);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.positionals.length > 1) {
  console.error(USAGE);
  process.exit(64);
}
const base = (args.positionals[0] ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
if (!/^https?:\/\/[^/]/.test(base)) {
  console.error(`Not an http(s) URL: ${base}\n${USAGE}`);
  process.exit(64);
}

const userId = args.values.user ?? `demo-${randomUUID().slice(0, 8)}`;
const sessionId = randomUUID();
/** The frontend's first call and its later calls may carry two ts values; so does the demo. */
const ts0 = Math.floor(Date.now() / 1000);
const ts1 = ts0 + 4;
const category = 'System Design';
const difficulty = 'Medium';
const instruction = {
  role: 'user',
  content: 'You are an expert interviewer conducting a medium-level System Design interview. Ask only one question at a time, never give hints or answers.',
};
const answers = [
  'I would start with requirements: 10M daily users, feed reads dominate writes. I would fan out on write into per-user feed lists in a cache such as Redis, fall back to fan out on read for celebrities, store posts in a sharded database, and put a CDN in front of media. The trade-off is write amplification versus read latency.',
  'The bottleneck is fan-out for celebrities: at read time the feed service merges their recent posts from a posts cache with the precomputed list, ranked by time. At ten times the load a queue such as Kafka absorbs write spikes and the fan-out workers scale horizontally.',
];

const short = (text, max = 110) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const line = (value) => short(JSON.stringify(value), 160);

let failures = 0;
let step = 0;

/**
 * Sends one request, prints it and a compact answer, and checks the status.
 * Returns the parsed JSON body (or null when it is not JSON).
 */
async function call(title, method, path, { body, raw, expect, show }) {
  step += 1;
  const url = `${base}${path}`;
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  console.log(`\n${step}. ${title}`);
  console.log(`   ${method} ${url}${payload === undefined ? '' : `  ${short(payload, 100)}`}`);
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      body: payload,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error.cause?.code ?? error.cause?.errors?.[0]?.code ?? error.cause?.message ?? error.message;
    console.error(`   ✗ no answer from ${base} (${cause}). Is the API running? Start it with \`npm start\`.`);
    process.exit(2);
  }
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Shown raw below.
  }
  const ok = res.status === expect;
  if (!ok) failures += 1;
  const summary = json !== null && ok && show ? show(json, res) : json !== null ? line(json) : short(text, 160);
  console.log(`   → ${res.status}${ok ? '' : ` (expected ${expect})`}  ${summary}`);
  return ok ? json : null;
}

console.log(`IntelliView demo against ${base} (user ${userId}, session ${sessionId})`);

// 1. The frontend's first call carries only its instruction message.
const first = await call('POST /interview: first turn (the frontend sends only its instruction message)', 'POST', '/interview', {
  body: { sessionId, ts: ts0, userId, category, difficulty, messages: [instruction] },
  expect: 200,
  show: (json) => `message: ${line(json.message)}`,
});
const question1 = typeof first?.message === 'string' ? first.message : '(no first question)';

// 2. The whole visible history again, with the candidate's answer (a later ts, as the frontend may send).
const history2 = [instruction, { role: 'assistant', content: question1 }, { role: 'user', content: answers[0] }];
const second = await call('POST /interview: second turn (whole history + the answer)', 'POST', '/interview', {
  body: { sessionId, ts: ts1, userId, category, difficulty, messages: history2 },
  expect: 200,
  show: (json) => `message: ${line(json.message)}`,
});
const question2 = typeof second?.message === 'string' ? second.message : '(no second question)';

// 3. The grade: the visible transcript (starts with the assistant), the final answer included.
const history3 = [...history2, { role: 'assistant', content: question2 }, { role: 'user', content: answers[1] }];
await call('POST /feedback: grade the session', 'POST', '/feedback', {
  body: { sessionId, ts: ts1, messages: history3.slice(1) },
  expect: 200,
  show: (json) => {
    const f = json.feedback ?? {};
    return `ratings ${JSON.stringify(f.ratings)}, ${f.strengths?.length ?? 0} strength(s), ${f.weaknesses?.length ?? 0} weakness(es), model ${f.modelId}, ${f.promptVersion}`;
  },
});

// 4. Everything stored for the session: one item per ts.
await call('GET /review: every stored item of the session', 'GET', `/review?sessionId=${encodeURIComponent(sessionId)}`, {
  expect: 200,
  show: (json) =>
    `${json.messages.length} item(s): ` +
    json.messages.map((item) => `ts ${item.ts}: ${item.messages.length} turns${item.feedback ? ', graded' : ''}`).join('; '),
});

// 5. The user's history: one entry per session, its latest ts.
await call('GET /sessions: the user\'s sessions, newest first', 'GET', `/sessions?userId=${encodeURIComponent(userId)}`, {
  expect: 200,
  show: (json, res) =>
    `${json.length} session(s): ${json.map((s) => `${s.sessionId.slice(0, 8)}… ${s.category}/${s.difficulty} ts ${s.ts}`).join('; ')}` +
    (res.headers.get('x-next-cursor') ? ' (more: X-Next-Cursor)' : ''),
});

// 6. Analytics across the user's graded sessions.
await call('GET /skills: analytics across graded sessions', 'GET', `/skills?userId=${encodeURIComponent(userId)}`, {
  expect: 200,
  show: (json) => `sessionsAnalyzed ${json.sessionsAnalyzed}, avgRatings ${JSON.stringify(json.avgRatings)}, trend ${json.trend?.length ?? 0}`,
});

// 7. A malformed request: a JSON error with a code, never a 5xx.
await call('POST /interview: malformed JSON body', 'POST', '/interview', {
  raw: '{"sessionId": "oops",',
  expect: 400,
  show: (json) => line(json),
});

console.log(failures === 0 ? `\nAll ${step} steps answered as expected.` : `\n${failures} of ${step} steps did not answer as expected.`);
process.exit(failures === 0 ? 0 : 1);
