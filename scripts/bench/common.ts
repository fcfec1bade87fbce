/** Knobs, statistics and machine facts shared by the bench's sections. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_DIR = path.join(REPO_ROOT, 'scripts/bench');
/** Node 22 from the workspace (the `node` devDependency), never the system one. */
export const NODE22 = path.join(REPO_ROOT, 'node_modules/.bin/node');

/** The five functions, by their folder name, with the route each serves. */
export const FUNCTIONS = [
  { name: 'generateInterviewQuestion', route: 'POST /interview', model: true },
  { name: 'fetchSession', route: 'GET /review', model: false },
  { name: 'generateFeedbackFunction', route: 'POST /feedback', model: true },
  { name: 'listSessions', route: 'GET /sessions', model: false },
  { name: 'aggregateSkillsFunction', route: 'GET /skills', model: false },
] as const;
export type FunctionName = (typeof FUNCTIONS)[number]['name'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
function knob(name: string, full: number, fast: number): number {
  const raw = process.env[name];
  return raw ? Number(raw) : quick ? fast : full;
}
function flagValue(flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

export const KNOBS = {
  quick,
  /** Fresh processes per function (and as many for its floor). */
  coldSamples: knob('BENCH_COLD_SAMPLES', 30, 5),
  warmCalls: knob('BENCH_WARM_CALLS', 200, 30),
  warmup: knob('BENCH_WARMUP', 20, 5),
  skillsCalls: knob('BENCH_SKILLS_CALLS', 100, 20),
  sizes: (process.env.BENCH_SIZES ?? (quick ? '10,100' : '10,100,1000')).split(',').map(Number),
  /** Sections to run: cold,warm,skills (all by default). */
  sections: new Set((flagValue('--only') ?? process.env.BENCH_ONLY ?? 'cold,warm,skills').split(',')),
  /** Only functions whose name contains this (cold and warm sections). */
  filter: flagValue('--fn') ?? process.env.BENCH_FN,
  /** Write docs/benchmarks.md (default: on a full run of every section). */
  writeDocs: args.includes('--write-docs') || (!quick && !args.includes('--no-docs') && !flagValue('--only') && !flagValue('--fn')),
};

export function selectedFunctions() {
  return FUNCTIONS.filter((fn) => !KNOBS.filter || fn.name.includes(KNOBS.filter));
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  min: number;
}
export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), min: sorted[0] ?? Number.NaN };
}

export const ms = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

export function machine(): string {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux
  }
  let nproc = String(os.availableParallelism());
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // no coreutils
  }
  const childNode = execFileSync(NODE22, ['--version'], { encoding: 'utf8' }).trim();
  return `${new Date().toISOString()} · nproc ${nproc} · ${cpu} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · child node ${childNode}, bench node ${process.version} · load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
