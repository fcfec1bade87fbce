/**
 * Section 2, warm: per route, WARM_CALLS calls through the handler (bundle as shipped,
 * in this process, after a warm-up) interleaved with as many calls of its floor — the
 * same DynamoDB commands by hand with a DocumentClient and, for the model routes, the same
 * Converse call — and the DynamoDB round trips per call counted by the proxy.
 * POST /feedback is a RE-grade: the session was graded once, its aggregate exists.
 */
import { performance } from 'node:perf_hooks';
import { KNOBS, progress, selectedFunctions, summarise, type FunctionName, type Summary } from './common';
import { opsList } from './coldStart';
import { eventFor } from './events';
import type { Loaded } from './handlers';
import type { Infra } from './infra';

export interface WarmRow {
  name: FunctionName;
  route: string;
  fn: Summary;
  floor: Summary;
  ratio: number;
  fnOps: number;
  floorOps: number;
  fnOpsList: string;
  floorOpsList: string;
}

export async function warm(loaded: Loaded, infra: Infra): Promise<WarmRow[]> {
  const rows: WarmRow[] = [];
  for (const { name, route } of selectedFunctions()) {
    progress(`warm ${route}: ${KNOBS.warmup} warm-up + ${KNOBS.warmCalls} calls each side`);
    const nextEvent = eventFor(name);
    const times = { fn: [] as number[], floor: [] as number[] };
    const ops = { fn: 0, floor: 0 };
    const lists = { fn: '', floor: '' };
    for (let i = 0; i < KNOBS.warmup + KNOBS.warmCalls; i += 1) {
      for (const side of i % 2 === 0 ? (['fn', 'floor'] as const) : (['floor', 'fn'] as const)) {
        const event = nextEvent();
        infra.resetCounts();
        const started = performance.now();
        const result = await loaded.invoke(name, event, side === 'floor');
        const elapsed = performance.now() - started;
        if (result.statusCode !== 200) throw new Error(`${route} (${side}) answered ${result.statusCode}: ${result.body}`);
        if (i < KNOBS.warmup) continue;
        times[side].push(elapsed);
        ops[side] += infra.totalCount();
        lists[side] = opsList(infra.log);
      }
    }
    const fn = summarise(times.fn);
    const floor = summarise(times.floor);
    rows.push({ name, route, fn, floor, ratio: fn.p50 / floor.p50, fnOps: ops.fn / KNOBS.warmCalls, floorOps: ops.floor / KNOBS.warmCalls, fnOpsList: lists.fn, floorOpsList: lists.floor });
  }
  return rows;
}
