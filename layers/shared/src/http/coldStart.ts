import type { MiddlewareObj } from '@middy/core';
import { METRIC, publishMetrics } from '../metrics';
import type { HttpEvent, HttpResult } from './event';

/** The metrics' route dimension: "POST /interview" → "interview" (the model client's names). */
export function routeDimension(routeKey: string | undefined): string {
  return /^\S+ \/([^/\s]+)/.exec(routeKey ?? '')?.[1] ?? 'unknown';
}

let coldStart = true;

/**
 * ColdStart = 1 on the first request of an execution environment, by route (Powertools'
 * own cold-start metric would add the generated function name as a dimension).
 */
export function coldStartMetric(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: (request) => {
      if (!coldStart) return;
      coldStart = false;
      publishMetrics({ route: routeDimension(request.event.routeKey) }, [[METRIC.ColdStart, 'Count', 1]]);
    },
  };
}
