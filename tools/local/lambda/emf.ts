/**
 * Local mode's view of the functions' CloudWatch EMF metric lines (Powertools Metrics): the
 * worker takes them out of the function's stdout (runtime.ts) and hands them over with the
 * invocation's outcome, so the request line can show the model tokens and `--metrics` can
 * print each line compactly. On AWS, CloudWatch Logs reads the same lines.
 */

/** One EMF line: `_aws` (namespace, dimension names, metric names and units) + values. */
export interface EmfLine {
  _aws: { Timestamp?: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit?: string }> }> };
  [key: string]: unknown;
}

/** The EMF line a stdout write holds, or undefined for any other output. */
export function parseEmf(text: string): EmfLine | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{"_aws"')) return undefined;
  try {
    const parsed = JSON.parse(trimmed) as Partial<EmfLine>;
    return Array.isArray(parsed._aws?.CloudWatchMetrics) ? (parsed as EmfLine) : undefined;
  } catch {
    return undefined;
  }
}

const UNIT_SUFFIX: Record<string, string> = { Milliseconds: 'ms', Count: '' };

/**
 * One line per EMF line: namespace, dimensions, then name=value (unit), e.g.
 *   metrics IntelliView route=interview modelId=local.intelliview-stand-in | ModelCalls=1 ModelLatency=12ms …
 */
export function formatEmf(line: EmfLine): string {
  return line._aws.CloudWatchMetrics.map((directive) => {
    const dimensions = [...new Set(directive.Dimensions.flat())].filter((name) => name !== 'service').map((name) => `${name}=${String(line[name])}`);
    const values = directive.Metrics.map((metric) => `${metric.Name}=${String(line[metric.Name])}${UNIT_SUFFIX[metric.Unit ?? ''] ?? ` ${metric.Unit}`}`);
    return `  metrics ${directive.Namespace} ${dimensions.join(' ')} | ${values.join(' ')}`;
  }).join('\n');
}

/** What an invocation's model calls consumed, from its EMF lines (undefined: no model call). */
export interface ModelUsageSummary {
  calls: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export function modelUsage(lines: readonly EmfLine[]): ModelUsageSummary | undefined {
  const number = (line: EmfLine, name: string) => (typeof line[name] === 'number' ? (line[name] as number) : 0);
  const calls = lines.filter((line) => 'ModelCalls' in line);
  if (calls.length === 0) return undefined;
  return calls.reduce<ModelUsageSummary>(
    (sum, line) => ({
      calls: sum.calls + number(line, 'ModelCalls'),
      input: sum.input + number(line, 'InputTokens'),
      output: sum.output + number(line, 'OutputTokens'),
      cacheRead: sum.cacheRead + number(line, 'CacheReadTokens'),
      cacheWrite: sum.cacheWrite + number(line, 'CacheWriteTokens'),
    }),
    { calls: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  );
}

/** The request line's addition, e.g. "model: 1 call, 312 in + 1,480 cache read + 96 cache write, 45 out". */
export function formatModelUsage(usage: ModelUsageSummary): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return `model: ${usage.calls} call${usage.calls === 1 ? '' : 's'}, ${n(usage.input)} in + ${n(usage.cacheRead)} cache read + ${n(usage.cacheWrite)} cache write, ${n(usage.output)} out`;
}
