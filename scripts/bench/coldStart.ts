/**
 * Section 1, cold start: a fresh Node 22 process per sample loads the function's bundle
 * (layer beside it) and answers its first event; its floor does the same with a bundle
 * that only creates the SDK clients and makes the same calls. Samples are interleaved —
 * function, floor, floor, function, … across all functions — so machine noise (other
 * processes on this shared box) hits both sides alike. Wall time is spawn → the answer
 * line printed by the child.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_DIR, KNOBS, NODE22, progress, selectedFunctions, summarise, type FunctionName, type Summary } from './common';
import type { Built, BuiltFunction } from './build';
import { eventFor } from './events';
import type { Infra } from './infra';
import { awsEnv } from './infra';

export interface ColdSample {
  wallMs: number;
  bootMs: number;
  initMs: number;
  invokeMs: number;
  ops: number;
}

export interface ColdRow {
  name: FunctionName;
  fn: Summary & { init: number; invoke: number; boot: number; ops: number; bytes: number };
  floor: Summary & { init: number; invoke: number; boot: number; ops: number; bytes: number };
  ratio: number;
  fnOps: string;
  floorOps: string;
}

/** The environment the template gives the function, pointed at the bench's endpoints. */
export function lambdaEnv(fn: BuiltFunction, infra: Infra, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...fn.environment,
    ...awsEnv(infra),
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    ...extra,
  };
}

export function runChild(bundle: string, eventFile: string, fn: BuiltFunction, env: Record<string, string>, nodeArgs: string[] = []): Promise<ColdSample & { status: number; body?: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(NODE22, [...nodeArgs, path.join(BENCH_DIR, 'runner.mjs'), bundle, eventFile, fn.name, String(fn.memoryMb)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let answered = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = /@@bench (\{.*\})\n/.exec(out);
      if (line && !answered) {
        answered = true;
        const wallMs = performance.now() - started;
        const report = JSON.parse(line[1]!) as { status: number; bootMs: number; initMs: number; doneMs: number; body?: string };
        resolve({ wallMs, status: report.status, bootMs: report.bootMs, initMs: report.initMs - report.bootMs, invokeMs: report.doneMs - report.initMs, ops: 0, body: report.body });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!answered) reject(new Error(`${bundle} exited ${code} without answering:\n${err.slice(-2000)}\n${out.slice(-1000)}`));
    });
  });
}

export async function coldStart(built: Built, infra: Infra, tmp: string): Promise<ColdRow[]> {
  const selected = selectedFunctions();
  const samples = new Map<string, ColdSample[]>();
  const opsSeen = new Map<string, string>();
  const key = (name: string, floor: boolean) => `${name}:${floor ? 'floor' : 'fn'}`;
  const events = new Map(selected.map((fn) => [fn.name, eventFor(fn.name)]));
  const rounds = KNOBS.coldSamples + 1; // round 0 is a discarded warm-up of the disk cache
  for (let round = 0; round < rounds; round += 1) {
    progress(`cold start round ${round}/${rounds - 1}`);
    for (const { name } of selected) {
      const fn = built.functions.get(name)!;
      // ABBA: which side goes first alternates every round.
      const order = round % 2 === 0 ? [false, true] : [true, false];
      for (const floor of order) {
        const eventFile = path.join(tmp, `${name}.event.json`);
        writeFileSync(eventFile, JSON.stringify(events.get(name)!()));
        infra.resetCounts();
        const sample = await runChild(floor ? fn.floor : fn.handler, eventFile, fn, lambdaEnv(fn, infra));
        if (sample.status !== 200) throw new Error(`${key(name, floor)} answered ${sample.status}: ${sample.body}`);
        sample.ops = infra.totalCount();
        opsSeen.set(key(name, floor), opsList(infra.log));
        if (round > 0) samples.set(key(name, floor), [...(samples.get(key(name, floor)) ?? []), sample]);
      }
    }
  }
  return selected.map(({ name }) => {
    const fn = built.functions.get(name)!;
    const side = (floor: boolean) => {
      const list = samples.get(key(name, floor))!;
      const med = (pick: (s: ColdSample) => number) => summarise(list.map(pick)).p50;
      return { ...summarise(list.map((s) => s.wallMs)), init: med((s) => s.initMs), invoke: med((s) => s.invokeMs), boot: med((s) => s.bootMs), ops: med((s) => s.ops), bytes: floor ? fn.floorBytes : fn.bytes };
    };
    const f = side(false);
    const fl = side(true);
    return { name, fn: f, floor: fl, ratio: f.p50 / fl.p50, fnOps: opsSeen.get(key(name, false)) ?? '', floorOps: opsSeen.get(key(name, true)) ?? '' };
  });
}

/** "Query, Query, UpdateItem" → "Query×2 UpdateItem", in order of first use. */
export function opsList(log: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const op of log) counts.set(op, (counts.get(op) ?? 0) + 1);
  return [...counts].map(([op, n]) => (n > 1 ? `${op}×${n}` : op)).join(' ');
}
