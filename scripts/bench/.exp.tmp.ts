import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os'; import path from 'node:path';
import { buildAll, buildLayer } from './build';
import { summarise, ms } from './common';
import { lambdaEnv, runChild } from './coldStart';
import { eventFor, loadEvent } from './events';
import { startInfra } from './infra';
import { loadHandlers } from './handlers';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ivx-'));
const built = await buildAll(path.join(tmp, 'b'));
const variants: Record<string, string> = { A: path.join(built.root, 'layer/nodejs/node_modules') };
for (const v of (process.env.VARIANTS ?? 'B,C').split(',')) { await buildLayer(path.join(tmp, `layer${v}`), path.join(import.meta.dirname, `.layer${v}.tmp.mjs`)); variants[v] = path.join(tmp, `layer${v}/nodejs/node_modules`); }
const infra = await startInfra();
const loaded = await loadHandlers(built, infra);
for (const f of ['generateInterviewQuestion.json','generateInterviewQuestion.nextTurn.json','generateFeedbackFunction.json']) await loaded.invoke(f.startsWith('generateInterview') ? 'generateInterviewQuestion' : 'generateFeedbackFunction', loadEvent(f));
const N = Number(process.env.N ?? 15);
for (const name of (process.env.FNS ?? 'aggregateSkillsFunction,generateFeedbackFunction').split(',') as any[]) {
  const fn = built.functions.get(name)!;
  const dirs: Record<string, string> = {};
  for (const [v, mods] of Object.entries(variants)) { const d = path.join(tmp, `fn-${name}-${v}`); cpSync(path.dirname(fn.handler), d, { recursive: true, filter: (s) => !s.includes('node_modules') }); cpSync(mods, path.join(d, 'node_modules'), { recursive: true }); dirs[v] = path.join(d, path.basename(fn.handler)); }
  const res: Record<string, number[]> = {}; const init: Record<string, number[]> = {};
  const ev = path.join(tmp, 'e.json'); const next = eventFor(name);
  const keys = Object.keys(dirs);
  for (let i = 0; i <= N; i++) {
    const order = i % 2 ? [...keys].reverse() : keys;
    for (const v of order) { writeFileSync(ev, JSON.stringify(next())); const s = await runChild(dirs[v]!, ev, fn, lambdaEnv(fn, infra, v.endsWith('x') ? { NODE_OPTIONS: '' } : {})); if (s.status !== 200) throw new Error(String(s.body)); if (i) { (res[v] ??= []).push(s.wallMs); (init[v] ??= []).push(s.initMs); } }
  }
  for (const v of keys) console.log(name, v, 'wall p50', ms(summarise(res[v]!).p50), 'min', ms(summarise(res[v]!).min), 'init p50', ms(summarise(init[v]!).p50), 'ratio to A', (summarise(res[v]!).p50 / summarise(res.A!).p50).toFixed(3), 'init ratio', (summarise(init[v]!).p50 / summarise(init.A!).p50).toFixed(3));
}
await infra.close(); rmSync(tmp, { recursive: true, force: true }); process.exit(0);
