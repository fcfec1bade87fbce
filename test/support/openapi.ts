/**
 * Checks real responses against the committed docs/openapi.yaml: status, headers and body
 * of a route's response must be what the document says for that route and status.
 * Any test that invokes a handler can add `expectMatchesSpec('GET /review', result)`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import YAML from 'yaml';
import type { RouteKey } from '../../layers/shared/src/http/responses';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEC_FILE = path.join(ROOT, 'docs/openapi.yaml');

interface HeaderSpec {
  required?: boolean;
  schema: object;
}
interface ResponseSpec {
  headers?: Record<string, HeaderSpec>;
  content?: Record<string, { schema: object }>;
}
interface OperationSpec {
  parameters?: Array<{ name: string; in: string; required: boolean; schema: object }>;
  responses: Record<string, ResponseSpec>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationSpec>>;
  components: { schemas: Record<string, object> };
}

/** What a handler (test/support/stack.ts) or the local server answered. */
export interface ObservedResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

let cached: { spec: OpenApiDocument; ajv: Ajv2020 } | undefined;

function load() {
  if (!cached) {
    const spec = YAML.parse(readFileSync(SPEC_FILE, 'utf8')) as OpenApiDocument;
    // The whole document is registered so that "#/components/schemas/…" refs resolve in it;
    // strict mode is off because its non-schema parts (paths, info) are not JSON Schema keywords.
    // `date-time` is only annotated: zod writes a `pattern` beside it, which ajv does check.
    const ajv = new Ajv2020({ allErrors: true, strict: false, formats: { 'date-time': true } });
    ajv.addSchema(spec, 'openapi');
    cached = { spec, ajv };
  }
  return cached;
}

export function loadSpec(): OpenApiDocument {
  return load().spec;
}

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** Why the response does not match the document (empty when it does). */
export function specProblems(route: RouteKey, response: ObservedResponse): string[] {
  const { spec, ajv } = load();
  const [method = '', routePath = ''] = route.split(' ');
  const operation = spec.paths[routePath]?.[method.toLowerCase()];
  if (!operation) return [`${route} is not in the document`];
  const status = String(response.statusCode);
  const expected = operation.responses[status];
  if (!expected) return [`${route} does not document status ${status}`];

  const problems: string[] = [];
  const headers = new Map(Object.entries(response.headers).map(([name, value]) => [name.toLowerCase(), value]));
  // JSON, except where the document also lists a Markdown body (GET /review?format=markdown): then that one's schema.
  const contentType = headers.get('content-type') ?? '';
  const media = contentType.startsWith('text/markdown') && expected.content?.['text/markdown'] ? 'text/markdown' : 'application/json';
  if (!contentType.startsWith(media)) problems.push(`Content-Type is ${headers.get('content-type')}`);
  for (const [name, header] of Object.entries(expected.headers ?? {})) {
    const value = headers.get(name.toLowerCase());
    if (value === undefined) {
      if (header.required) problems.push(`header ${name} is missing`);
      continue;
    }
    // Header values are strings on the wire; the document types integers as integers.
    const typed = (header.schema as { type?: string }).type === 'integer' && /^\d+$/.test(value) ? Number(value) : value;
    if (!ajv.validate(header.schema, typed)) problems.push(`header ${name}: ${ajv.errorsText()}`);
  }
  const ref = `openapi#/${pointer('paths', routePath, method.toLowerCase(), 'responses', status, 'content', media, 'schema')}`;
  if (!ajv.validate({ $ref: ref }, response.body)) problems.push(`body: ${ajv.errorsText(ajv.errors, { dataVar: 'body' })}`);
  return problems;
}

/** Fails the test, naming every difference, when the response is not what the document says. */
export function expectMatchesSpec(route: RouteKey, response: ObservedResponse): void {
  expect(specProblems(route, response)).toEqual([]);
}
