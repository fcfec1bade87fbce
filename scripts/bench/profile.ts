/**
 * `npx tsx scripts/bench/profile.ts [function…]` — where a cold start goes. For each
 * function (all by default), built as the bench builds it:
 *   1. CPU profile of fresh processes (`--cpu-prof`, PROFILE_SAMPLES of them), self time
 *      mapped back through the bundles' source maps to the package or layer folder that
 *      owns the code, averaged per process;
 *   2. bytes the function loads: the static import closure of its bundle in the layer,
 *      and (BUILD_LAYER_METAFILE) the inputs those files hold, by package;
 *   3. A/B cold wall time, interleaved: NODE_OPTIONS=--enable-source-maps (as the
 *      templates set it) vs without.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll, type BuiltFunction } from './build';
import { FUNCTIONS, ms, progress, ratio, summarise, type FunctionName } from './common';
import { lambdaEnv, runChild } from './coldStart';
import { eventFor, loadEvent } from './events';
import { loadHandlers } from './handlers';
import { startInfra, type Infra } from './infra';

const SAMPLES = Number(process.env.PROFILE_SAMPLES ?? 8);
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const selected = FUNCTIONS.filter((fn) => wanted.length === 0 || wanted.some((w) => fn.name.includes(w)));

function owner(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const layer = /layers\/shared\/src\/(.*)$/.exec(source);
  if (layer) return `layer:${layer[1]!.includes('/') ? layer[1]!.split('/')[0] : layer[1]}`;
  if (source.includes('scripts/bench')) return 'bench runner';
  return source.replace(/^.*\/src\//, 'fn:');
}

const maps = new Map<string, SourceMap | null>();
function mapFor(file: string): SourceMap | null {
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
    } catch {
      maps.set(file, null);
    }
  }
  return maps.get(file)!;
}

type ProfileNode = { id: number; callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Self time (ms) per owner for one .cpuprofile. */
function selfTimeByOwner(profile: Profile, into: Map<string, number>): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (let i = 0; i < profile.samples.length; i += 1) {
    const node = byId.get(profile.samples[i]!)!;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const { url, functionName, lineNumber, columnNumber } = node.callFrame;
    let key: string;
    if (!url) key = functionName.startsWith('(') ? functionName : '(native/V8)';
    else if (url.startsWith('node:')) key = url.replace(/^node:internal\/(modules\/)?/, 'node:');
    else {
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      const entry = mapFor(file)?.findEntry(lineNumber, columnNumber) as { originalSource?: string } | undefined;
      key = entry?.originalSource ? owner(entry.originalSource) : `${path.basename(file)} (unmapped)`;
    }
    into.set(key, (into.get(key) ?? 0) + dt);
  }
}

/** Files loaded by static imports from `entry` (bundle + layer files), with their sizes. */
function staticClosure(entry: string): Map<string, number> {
  const seen = new Map<string, number>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, Buffer.byteLength(text));
    for (const match of text.matchAll(/(?:from\s*|import\s*)"([^"]+)"/g)) {
      const spec = match[1]!;
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else if (spec.startsWith('@intelliview/shared')) {
        const root = path.join(path.dirname(entry), 'node_modules/@intelliview/shared');
        const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports: Record<string, string> };
        visit(path.join(root, pkg.exports[`.${spec.slice('@intelliview/shared'.length)}`]!));
      }
    }
  };
  visit(entry);
  return seen;
}

function top(map: Map<string, number>, n: number, unit: (v: number) => string): string {
  const total = [...map.values()].reduce((a, b) => a + b, 0);
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, value]) => `    ${unit(value).padStart(9)}  ${((value / total) * 100).toFixed(0).padStart(3)}%  ${key}`)
    .join('\n');
}

async function profileFunction(fn: BuiltFunction, infra: Infra, tmp: string, layerMeta: LayerMeta | undefined): Promise<void> {
  const eventFile = path.join(tmp, `${fn.name}.event.json`);
  const next = eventFor(fn.name);
  console.log(`\n## ${fn.name}`);

  // 2. what it loads
  const closure = staticClosure(fn.handler);
  const totalBytes = [...closure.values()].reduce((a, b) => a + b, 0);
  console.log(`  static import closure: ${closure.size} files, ${(totalBytes / 1024).toFixed(0)} KB (bundle + layer); largest:`);
  console.log(top(new Map([...closure].map(([file, bytes]) => [path.relative(path.dirname(fn.handler), file), bytes])), 6, (b) => `${(b / 1024).toFixed(0)} KB`));
  if (layerMeta) {
    const byPackage = new Map<string, number>();
    for (const file of closure.keys()) {
      const output = layerMeta.outputs[path.basename(path.dirname(file)) === 'chunks' ? `chunks/${path.basename(file)}` : path.basename(file)];
      for (const [input, info] of Object.entries(output?.inputs ?? {})) byPackage.set(owner(input), (byPackage.get(owner(input)) ?? 0) + info.bytesInOutput);
    }
    console.log('  …of which, by package (bytes in output):');
    console.log(top(byPackage, 12, (b) => `${(b / 1024).toFixed(0)} KB`));
  }

  // 1. CPU profile
  const profDir = path.join(tmp, `prof-${fn.name}`);
  mkdirSync(profDir, { recursive: true });
  for (let i = 0; i < SAMPLES; i += 1) {
    writeFileSync(eventFile, JSON.stringify(next()));
    await runChild(fn.handler, eventFile, fn, lambdaEnv(fn, infra), ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=200']);
  }
  const self = new Map<string, number>();
  for (const file of readdirSync(profDir)) selfTimeByOwner(JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as Profile, self);
  for (const [key, value] of self) self.set(key, value / SAMPLES);
  console.log(`  CPU self time per cold process (mean of ${SAMPLES}, --cpu-prof, mapped through the source maps):`);
  console.log(top(self, 16, (v) => `${v.toFixed(1)} ms`));

  // 3. source maps on/off
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < SAMPLES * 2; i += 1) {
    for (const maps of i % 2 === 0 ? [true, false] : [false, true]) {
      writeFileSync(eventFile, JSON.stringify(next()));
      const sample = await runChild(fn.handler, eventFile, fn, lambdaEnv(fn, infra, maps ? {} : { NODE_OPTIONS: '' }));
      (maps ? on : off).push(sample.wallMs);
    }
  }
  const a = summarise(on);
  const b = summarise(off);
  console.log(`  cold wall p50, ${SAMPLES * 2} interleaved samples: --enable-source-maps ${ms(a.p50)} ms (min ${ms(a.min)}) · without ${ms(b.p50)} ms (min ${ms(b.min)}) · ratio ${ratio(a.p50 / b.p50)}`);
}

type LayerMeta = { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };

const tmp = mkdtempSync(path.join(os.tmpdir(), 'intelliview-profile-'));
const metaFile = path.join(tmp, 'layer-meta.json');
process.env.BUILD_LAYER_METAFILE = metaFile;
progress(`building into ${tmp}`);
const built = await buildAll(path.join(tmp, 'build'));
let layerMeta: LayerMeta | undefined;
try {
  const raw = JSON.parse(readFileSync(metaFile, 'utf8')) as LayerMeta;
  // Keys relative to the layer package folder, as the closure names them.
  layerMeta = { outputs: Object.fromEntries(Object.entries(raw.outputs).map(([file, out]) => [file.replace(/^.*@intelliview\/shared\//, ''), out])) };
} catch {
  progress('no layer metafile (build-layer.mjs does not honour BUILD_LAYER_METAFILE): package breakdown skipped');
}
const infra = await startInfra();
try {
  const loaded = await loadHandlers(built, infra);
  for (const file of ['generateInterviewQuestion.json', 'generateInterviewQuestion.nextTurn.json', 'generateFeedbackFunction.json']) {
    await loaded.invoke(file.startsWith('generateInterview') ? 'generateInterviewQuestion' : 'generateFeedbackFunction', loadEvent(file));
  }
  for (const { name } of selected) await profileFunction(built.functions.get(name as FunctionName)!, infra, tmp, layerMeta);
} finally {
  await infra.close();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(0);
