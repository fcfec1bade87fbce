/**
 * CORS as an HTTP API with a CorsConfiguration does it: API Gateway answers preflight
 * OPTIONS itself and sets the CORS headers on every response (its own errors included),
 * ignoring any CORS headers the integration returns.
 */
import type { CorsConfiguration } from '../templates';

export interface CorsPolicy {
  /** `*` or exact origins; `https://*.example.com` matches subdomains, as API Gateway allows. */
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge: number | undefined;
  allowCredentials: boolean;
}

/** Headers the handlers send that a browser script needs to read (pagination, back-off). */
const DEFAULT_EXPOSE_HEADERS = ['retry-after', 'x-next-cursor'];
const DEFAULT_ALLOW_HEADERS = ['authorization', 'content-type'];

/**
 * The deployed API's configuration, with the origins the local flag chose (any by
 * default, so a frontend on any localhost port works) and the route methods.
 */
export function corsPolicy(template: CorsConfiguration | undefined, origins: string[], routeMethods: string[]): CorsPolicy {
  const methods = template?.allowMethods ?? [...new Set([...routeMethods.filter((m) => m !== 'ANY'), 'OPTIONS'])];
  return {
    allowOrigins: origins.length > 0 ? origins : ['*'],
    allowMethods: methods.map((method) => method.toUpperCase()),
    allowHeaders: (template?.allowHeaders ?? DEFAULT_ALLOW_HEADERS).map((header) => header.toLowerCase()),
    exposeHeaders: [...new Set([...(template?.exposeHeaders ?? []).map((h) => h.toLowerCase()), ...DEFAULT_EXPOSE_HEADERS])],
    maxAge: template?.maxAge,
    allowCredentials: template?.allowCredentials ?? false,
  };
}

function originAllowed(origin: string, allowed: string): boolean {
  if (allowed === '*' || allowed === origin) return true;
  const wildcard = /^(https?:\/\/)\*\.(.+)$/.exec(allowed);
  if (!wildcard) return false;
  const [, scheme, domain] = wildcard as unknown as [string, string, string];
  return origin.startsWith(scheme) && origin.endsWith(`.${domain}`);
}

/** The Access-Control-Allow-Origin value for this request, or undefined when the origin is not allowed. */
function allowOrigin(policy: CorsPolicy, origin: string | undefined): string | undefined {
  const any = policy.allowOrigins.includes('*');
  if (!origin) return any ? '*' : undefined;
  if (!policy.allowOrigins.some((allowed) => originAllowed(origin, allowed))) return undefined;
  // With credentials a browser refuses `*`; echo the origin instead.
  return any && !policy.allowCredentials ? '*' : origin;
}

/** CORS headers for an actual (non-preflight) response. */
export function corsHeaders(policy: CorsPolicy, origin: string | undefined): Record<string, string> {
  const allowed = allowOrigin(policy, origin);
  if (!allowed) return {};
  return {
    'access-control-allow-origin': allowed,
    ...(allowed !== '*' ? { vary: 'Origin' } : {}),
    ...(policy.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    ...(policy.exposeHeaders.length ? { 'access-control-expose-headers': policy.exposeHeaders.join(',') } : {}),
  };
}

/** Headers for a preflight answer. */
export function preflightHeaders(
  policy: CorsPolicy,
  origin: string | undefined,
  requestedHeaders: string | undefined,
): Record<string, string> {
  const allowed = allowOrigin(policy, origin);
  if (!allowed) return {};
  const headers = policy.allowHeaders.includes('*') && requestedHeaders ? requestedHeaders : policy.allowHeaders.join(',');
  return {
    'access-control-allow-origin': allowed,
    ...(allowed !== '*' ? { vary: 'Origin' } : {}),
    'access-control-allow-methods': policy.allowMethods.join(','),
    'access-control-allow-headers': headers,
    ...(policy.maxAge !== undefined ? { 'access-control-max-age': String(policy.maxAge) } : {}),
    ...(policy.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}
