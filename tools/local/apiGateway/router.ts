/**
 * HTTP API route selection: the most specific route wins (literal segments over
 * `{param}`, `{param}` over greedy `{proxy+}`, an exact method over ANY), `$default`
 * catches the rest, as described in the API Gateway HTTP API routing rules.
 */
import type { Route } from '../templates';

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string> | undefined;
}

interface Score {
  literal: number;
  greedy: boolean;
  anyMethod: boolean;
}

function matchPath(template: string, requestPath: string): { params: Record<string, string>; score: Omit<Score, 'anyMethod'> } | undefined {
  const want = template.split('/').filter(Boolean);
  const have = requestPath.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  let literal = 0;
  for (let i = 0; i < want.length; i += 1) {
    const segment = want[i] as string;
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy && i === want.length - 1) {
      if (have.length <= i) return undefined;
      params[greedy[1] as string] = have.slice(i).map(decodeSegment).join('/');
      return { params, score: { literal, greedy: true } };
    }
    const value = have[i];
    if (value === undefined) return undefined;
    const param = /^\{(.+)\}$/.exec(segment);
    if (param) params[param[1] as string] = decodeSegment(value);
    else if (segment === value) literal += 1;
    else return undefined;
  }
  return have.length === want.length ? { params, score: { literal, greedy: false } } : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function better(a: Score, b: Score): boolean {
  if (a.greedy !== b.greedy) return !a.greedy;
  if (a.literal !== b.literal) return a.literal > b.literal;
  return !a.anyMethod && b.anyMethod;
}

export function matchRoute(routes: Route[], method: string, requestPath: string): RouteMatch | undefined {
  let best: { match: RouteMatch; score: Score } | undefined;
  for (const route of routes) {
    if (route.routeKey === '$default') continue;
    if (route.method !== 'ANY' && route.method !== method) continue;
    const matched = matchPath(route.path, requestPath);
    if (!matched) continue;
    const score = { ...matched.score, anyMethod: route.method === 'ANY' };
    if (!best || better(score, best.score)) {
      const params = Object.keys(matched.params).length ? matched.params : undefined;
      best = { match: { route, pathParameters: params }, score };
    }
  }
  if (best) return best.match;
  const fallback = routes.find((route) => route.routeKey === '$default');
  return fallback ? { route: fallback, pathParameters: undefined } : undefined;
}

/** Whether any route serves this path (whatever its method): preflights are answered for those. */
export function isKnownPath(routes: Route[], requestPath: string): boolean {
  return routes.some((route) => route.routeKey === '$default' || matchPath(route.path, requestPath) !== undefined);
}
