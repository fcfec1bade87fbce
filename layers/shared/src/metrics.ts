import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { AppError } from './errors';

/**
 * CloudWatch metrics as Embedded Metric Format log lines (Powertools Metrics): no API call,
 * CloudWatch extracts them from the function's log group. Namespace and service come from
 * the templates' Globals (POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME).
 *
 * Each event is published at once as ONE line with its own dimensions (a model call, an
 * invalid answer, a grade, a cold start), rather than buffered per invocation: events of one
 * request need different dimension sets, and a line per event is what local mode prints.
 * Dimensions stay low-cardinality: route, modelId, code; never a user or a session id.
 * Every metric, its unit and what to do when its alarm fires: docs/operations.md#metrics.
 */
export const DEFAULT_NAMESPACE = 'IntelliView';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE?.trim() || DEFAULT_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME?.trim() || 'intelliview',
});

/** The metric names (the dashboard, the alarms and docs/operations.md use these). */
export const METRIC = {
  ColdStart: 'ColdStart',
  ModelCalls: 'ModelCalls',
  ModelErrors: 'ModelErrors',
  ModelLatency: 'ModelLatency',
  ModelAttempts: 'ModelAttempts',
  ModelRetries: 'ModelRetries',
  ModelThrottles: 'ModelThrottles',
  ModelInvalidOutputs: 'ModelInvalidOutputs',
  InputTokens: 'InputTokens',
  OutputTokens: 'OutputTokens',
  CacheReadTokens: 'CacheReadTokens',
  CacheWriteTokens: 'CacheWriteTokens',
  Grades: 'Grades',
  GradeFailures: 'GradeFailures',
  /** Retry attempts of single questions stored / refused or failed (by code). */
  Attempts: 'Attempts',
  AttemptFailures: 'AttemptFailures',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
export type MetricValue = readonly [name: MetricName, unit: 'Count' | 'Milliseconds', value: number];

/** Publish one EMF line: these values under these dimensions (plus the default `service`). */
export function publishMetrics(dimensions: Readonly<Record<string, string>>, values: readonly MetricValue[]): void {
  if (values.length === 0) return;
  for (const [name, value] of Object.entries(dimensions)) metrics.addDimension(name, value);
  for (const [name, unit, value] of values) metrics.addMetric(name, unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds, value);
  metrics.publishStoredMetrics();
}

/**
 * Run a use case and count its outcome on `route`: `done` once when it succeeds, `failed`
 * with the error's `code` dimension (INTERNAL for an unexpected error) when it throws.
 */
export async function countOutcome<T>(route: string, done: MetricName, failed: MetricName, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    publishMetrics({ route }, [[done, 'Count', 1]]);
    return result;
  } catch (error) {
    publishMetrics({ route, code: error instanceof AppError ? error.code : 'INTERNAL' }, [[failed, 'Count', 1]]);
    throw error;
  }
}
