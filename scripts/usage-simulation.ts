/**
 * `npm run usage-simulation`: a 10-turn interview and its grade through local mode (the
 * stand-in model with its prompt-cache SIMULATION, tools/local/bedrock/promptCache.ts),
 * then the tokens of each turn as the session item stores them (`usage`, GET /review) and
 * the share of input tokens read from the cache from the third turn on.
 *
 * A simulation: token counts are ≈4 characters per token and the stand-in's replies are
 * short; the cache behaviour follows Bedrock's documented rules. docs/operations.md#cost
 * shows the figure and how to measure it on Bedrock.
 */
import { startLocalMode } from '../tools/local/localMode';
import type { SessionUsage, UsageEntry } from '../layers/shared/src/usage/usage';

const TURNS = 10;
/** Spoken answers of one to two minutes: 140–260 words. */
const ANSWER_WORDS = [180, 220, 140, 260, 200, 170, 240, 150, 210, 190];
const SENTENCES = [
  'In my last role I led the migration of our order service from a monolith to three smaller services.',
  'The main problem was that every release needed a full regression run, which took two days.',
  'I started by mapping which tables each part of the code touched, so we could split along real boundaries.',
  'We agreed with product that checkout would move first, because it had the clearest ownership.',
  'I wrote the design document, reviewed it with two senior engineers, and changed the plan after their feedback.',
  'The hardest part was keeping both paths consistent while traffic moved over gradually.',
  'We used a feature flag per customer segment and compared the results of both paths for a week.',
  'When the numbers disagreed, we found a rounding difference in tax calculation and fixed it before going further.',
  'Release time dropped from two days to about forty minutes, and incidents in checkout fell by roughly half.',
  'Looking back, I would involve the support team earlier, because they saw the edge cases first.',
  'I also learned to write down the rollback plan before the rollout plan, not after.',
  'If I did it again, I would measure the baseline more carefully so the improvement is easier to prove.',
];

function answer(turn: number): string {
  const words: string[] = [];
  for (let i = turn; words.length < (ANSWER_WORDS[turn % ANSWER_WORDS.length] ?? 200); i += 1) {
    words.push(...(SENTENCES[i % SENTENCES.length] ?? '').split(' '));
  }
  return words.slice(0, ANSWER_WORDS[turn % ANSWER_WORDS.length]).join(' ');
}

async function post(url: string, body: unknown): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${url} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const n = (value: number) => value.toLocaleString('en-US');

function row(label: string, entry: UsageEntry): string {
  const t = entry.tokens;
  const prompt = t.input + t.cacheRead + t.cacheWrite;
  const share = prompt > 0 ? `${((100 * t.cacheRead) / prompt).toFixed(0)} %` : '-';
  return `| ${label.padEnd(5)} | ${pad(n(t.input), 6)} | ${pad(n(t.cacheRead), 10)} | ${pad(n(t.cacheWrite), 11)} | ${pad(n(prompt), 12)} | ${pad(n(t.output), 6)} | ${pad(share, 10)} | ${pad(`$${(entry.costUsd ?? 0).toFixed(4)}`, 8)} |`;
}

const local = await startLocalMode({ port: 0, dataDir: null, model: 'local' });
try {
  const base = local.url;
  const session = { sessionId: `usage-sim-${Date.now()}`, ts: Math.floor(Date.now() / 1000), userId: 'usage-simulation', category: 'Behavioral', difficulty: 'Medium' };
  const messages: Array<{ role: 'user' | 'assistant'; content: string }> = [
    { role: 'user', content: 'You are an interviewer. Ask me one Behavioral interview question at Medium difficulty.' },
  ];
  for (let turn = 1; turn <= TURNS; turn += 1) {
    if (turn > 1) messages.push({ role: 'user', content: answer(turn - 1) });
    const { message } = await post(`${base}/interview`, { ...session, messages });
    messages.push({ role: 'assistant', content: String(message) });
  }
  messages.push({ role: 'user', content: answer(TURNS) });
  await post(`${base}/feedback`, { sessionId: session.sessionId, ts: session.ts, messages: messages.slice(1) });

  const review = (await (await fetch(`${base}/review?sessionId=${session.sessionId}&userId=${session.userId}`)).json()) as { messages?: Array<{ usage?: SessionUsage }> };
  const usage = review.messages?.[0]?.usage;
  if (!usage) throw new Error('GET /review returned no usage');

  console.log('SIMULATION: local stand-in model, token counts ≈4 characters per token, prompt cache by Bedrock\'s rules.');
  console.log(`10-turn Behavioral interview (answers of ${Math.min(...ANSWER_WORDS)}–${Math.max(...ANSWER_WORDS)} words) and its grade, as stored in the item's usage:\n`);
  console.log('| turn  |  input | cache read | cache write | prompt total | output | read share |     cost |');
  console.log('|-------|-------:|-----------:|------------:|-------------:|-------:|-----------:|---------:|');
  usage.turns.forEach((entry, index) => console.log(row(String(index + 1), entry)));
  usage.grades.forEach((entry) => console.log(row('grade', entry)));
  const later = usage.turns.slice(2);
  const read = later.reduce((sum, entry) => sum + entry.tokens.cacheRead, 0);
  const prompt = later.reduce((sum, entry) => sum + entry.tokens.input + entry.tokens.cacheRead + entry.tokens.cacheWrite, 0);
  console.log(`\nCache-read share of input tokens, turns 3–${usage.turns.length}: ${((100 * read) / prompt).toFixed(1)} % (${n(read)} of ${n(prompt)})`);
  console.log(`Session total: ${usage.total.calls} model calls, ${n(usage.total.tokens.input)} input + ${n(usage.total.tokens.cacheRead)} cache read + ${n(usage.total.tokens.cacheWrite)} cache write + ${n(usage.total.tokens.output)} output tokens, est. $${(usage.total.costUsd ?? 0).toFixed(4)} at Sonnet 4.5 prices`);
} finally {
  await local.close();
}
