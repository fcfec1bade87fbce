/** The bench's tables (markdown, printed and written to docs/benchmarks.md). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KNOBS, ms, ratio, REPO_ROOT } from './common';
import type { ColdRow } from './coldStart';
import type { SkillsRow } from './skills';
import type { WarmRow } from './warm';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export function coldTable(rows: ColdRow[]): string {
  const lines = [
    `### 1. Cold start — fresh Node 22 process per sample, ${KNOBS.coldSamples} samples per side, function and floor interleaved; ms`,
    '',
    'Wall = spawn → answer printed. Boot = Node start until the runner runs; init = import of the bundle (the Lambda init phase); first call = the handler answering the event. All medians.',
    '',
    '| function | wall p50 (min) | boot / init / first call | bundle | floor wall p50 (min) | floor boot / init / first call | floor bundle | **function / floor** | DynamoDB calls: function · floor |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.name} | ${ms(row.fn.p50)} (${ms(row.fn.min)}) | ${ms(row.fn.boot)} / ${ms(row.fn.init)} / ${ms(row.fn.invoke)} | ${kb(row.fn.bytes)} + layer | ` +
        `${ms(row.floor.p50)} (${ms(row.floor.min)}) | ${ms(row.floor.boot)} / ${ms(row.floor.init)} / ${ms(row.floor.invoke)} | ${kb(row.floor.bytes)} | **${ratio(row.ratio)}** | ${row.fnOps} · ${row.floorOps} |`,
    );
  }
  return lines.join('\n');
}

export function warmTable(rows: WarmRow[]): string {
  const lines = [
    `### 2. Warm — in process, ${KNOBS.warmCalls} calls per side after ${KNOBS.warmup} warm-up calls, handler and floor interleaved; ms`,
    '',
    '| route | handler p50 | handler p95 | raw SDK p50 | raw SDK p95 | **handler / raw p50** | DynamoDB round trips per call: handler (ops) | raw |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.route} | ${ms(row.fn.p50, 2)} | ${ms(row.fn.p95, 2)} | ${ms(row.floor.p50, 2)} | ${ms(row.floor.p95, 2)} | **${ratio(row.ratio)}** | ` +
        `${row.fnOps.toFixed(1)} (${row.fnOpsList}) | ${row.floorOps.toFixed(1)} (${row.floorOpsList}) |`,
    );
  }
  lines.push('', 'POST /feedback is a re-grade (graded once before, aggregate present); POST /interview is a first turn of a fresh session.');
  return lines.join('\n');
}

export function skillsTable(rows: SkillsRow[]): string {
  const t = (x: { p50: number; p95: number }) => `${ms(x.p50, 2)} (${ms(x.p95, 2)})`;
  const lines = [
    `### 3. GET /skills and GET /sessions as a user's history grows — p50 (p95) over ${KNOBS.skillsCalls} calls, ms; DynamoDB round trips per call in brackets`,
    '',
    '| N sessions | /skills, user graded through the handlers | /skills, user in the original\'s item shape (2nd call on) | its 1st call | /sessions first page | /sessions?limit=10 | baseline: full scan per call (the original\'s way) |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.n} | ${t(row.graded)} [${row.graded.ops}] | ${t(row.original)} [${row.original.ops}] | ${ms(row.originalFirst.ms, 1)} [${row.originalFirst.ops}] | ` +
        `${t(row.sessions)} [${row.sessions.ops}] | ${t(row.sessions10)} [${row.sessions10.ops}] | ${t(row.baseline)} [${row.baseline.ops}] |`,
    );
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last && last !== first) {
    const r = (pick: (row: SkillsRow) => number) => `**${ratio(pick(last) / pick(first))}**`;
    lines.push(
      `| **${last.n} / ${first.n}** | ${r((x) => x.graded.p50)} | ${r((x) => x.original.p50)} | ${r((x) => x.originalFirst.ms)} | ${r((x) => x.sessions.p50)} | ${r((x) => x.sessions10.p50)} | ${r((x) => x.baseline.p50)} |`,
    );
  }
  lines.push('', 'GET /sessions without limit returns the default page (up to 1,000 sessions, what the published frontend reads), so it grows with N; with limit=10 a page costs the same at any N.');
  return lines.join('\n');
}

const BEGIN = '<!-- bench:begin (written by `npm run bench`; do not edit by hand) -->';
const END = '<!-- bench:end -->';

/** Replace the generated part of docs/benchmarks.md (the method above it is hand-written). */
export function writeDocs(markdown: string): string {
  const file = path.join(REPO_ROOT, 'docs/benchmarks.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const at = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next = at >= 0 && end > at ? `${text.slice(0, at + BEGIN.length)}\n${markdown}\n${text.slice(end)}` : `${text}\n${BEGIN}\n${markdown}\n${END}\n`;
  writeFileSync(file, next);
  return file;
}
