/**
 * CloudFormation YAML and intrinsic functions, just enough to read our SAM templates
 * the way `sam local` does: the short-form tags (!Ref, !Sub, !GetAtt, …) become their
 * long forms, and `evaluate` resolves intrinsics against a stack scope (parameters,
 * pseudo parameters, conditions, resources). Anything that cannot be known locally
 * (an import, an unknown attribute) throws `UnresolvableError`, so the caller decides
 * whether that value matters instead of silently getting a wrong string.
 */
import { parse } from 'yaml';

const TAGS = [
  'Ref', 'Condition', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or',
  'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'ImportValue', 'Transform', 'Length', 'ToJsonString',
] as const;

function longName(tag: string): string {
  return tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
}

/** One custom tag per short form and node kind (scalar, sequence, mapping). */
const customTags = TAGS.flatMap((tag) => {
  const key = longName(tag);
  const scalar = {
    tag: `!${tag}`,
    // !GetAtt Resource.Attribute is the only short form whose scalar differs from its long form.
    resolve: (value: string) => ({ [key]: tag === 'GetAtt' ? splitGetAtt(value) : value }),
  };
  const collection = (kind: 'seq' | 'map') => ({
    tag: `!${tag}`,
    collection: kind,
    resolve: (node: { toJSON(): unknown }) => ({ [key]: node.toJSON() }),
  });
  return [scalar, collection('seq'), collection('map')];
});

function splitGetAtt(value: string): [string, string] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value, ''] : [value.slice(0, dot), value.slice(dot + 1)];
}

export type CfnTemplate = {
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Globals?: Record<string, Record<string, unknown>>;
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
};

export type CfnResource = {
  Type: string;
  Condition?: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
};

/** Parse a CloudFormation/SAM YAML (or JSON) template with its short-form tags. */
export function parseTemplate(text: string): CfnTemplate {
  const doc: unknown = parse(text, { customTags, maxAliasCount: -1 });
  if (!doc || typeof doc !== 'object') throw new Error('Template is empty or not a mapping');
  return doc as CfnTemplate;
}

export class UnresolvableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnresolvableError';
  }
}

/** AWS::NoValue: removes the enclosing property or list element. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** What `evaluate` needs from a stack. */
export interface Scope {
  ref(name: string): unknown;
  getAtt(resource: string, attribute: string): unknown;
  condition(name: string): boolean;
  mappings?: CfnTemplate['Mappings'];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UnresolvableError(`${where}: expected a string, got ${JSON.stringify(value)}`);
}

function asList(value: unknown, where: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new UnresolvableError(`${where}: expected a list`);
}

/** Resolve every intrinsic function in `value`. */
export function evaluate(value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => evaluate(item, scope)).filter((item) => item !== NO_VALUE);
  }
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0] as string;
    if (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::')) {
      return intrinsic(key, value[key], scope);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = evaluate(item, scope);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function intrinsic(name: string, arg: unknown, scope: Scope): unknown {
  switch (name) {
    case 'Ref': {
      const target = asString(arg, 'Ref');
      return target === 'AWS::NoValue' ? NO_VALUE : scope.ref(target);
    }
    case 'Condition':
      return scope.condition(asString(arg, 'Condition'));
    case 'Fn::GetAtt': {
      const [resource, attribute] = typeof arg === 'string' ? splitGetAtt(arg) : asList(arg, name);
      return scope.getAtt(asString(resource, name), asString(evaluate(attribute, scope), name));
    }
    case 'Fn::Sub':
      return substitute(arg, scope);
    case 'Fn::Join': {
      const [separator, items] = asList(arg, name);
      return asList(evaluate(items, scope), name)
        .map((item) => asString(item, name))
        .join(asString(separator, name));
    }
    case 'Fn::Select': {
      const [index, items] = asList(arg, name);
      const list = asList(evaluate(items, scope), name);
      const i = Number(evaluate(index, scope));
      if (!Number.isInteger(i) || i < 0 || i >= list.length) throw new UnresolvableError(`${name}: index ${i} out of range`);
      return list[i];
    }
    case 'Fn::Split': {
      const [separator, text] = asList(arg, name);
      return asString(evaluate(text, scope), name).split(asString(separator, name));
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = asList(arg, name);
      return evaluate(scope.condition(asString(condition, name)) ? whenTrue : whenFalse, scope);
    }
    case 'Fn::Equals': {
      const [a, b] = asList(arg, name).map((item) => evaluate(item, scope));
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not':
      return !truthy(asList(arg, name)[0], scope);
    case 'Fn::And':
      return asList(arg, name).every((item) => truthy(item, scope));
    case 'Fn::Or':
      return asList(arg, name).some((item) => truthy(item, scope));
    case 'Fn::FindInMap': {
      const [map, top, second] = asList(arg, name).map((item) => asString(evaluate(item, scope), name));
      const found = scope.mappings?.[map as string]?.[top as string]?.[second as string];
      if (found === undefined) throw new UnresolvableError(`${name}: ${map}.${top}.${second} not found`);
      return found;
    }
    case 'Fn::Base64':
      return Buffer.from(asString(evaluate(arg, scope), name)).toString('base64');
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((zone) => `${asString(scope.ref('AWS::Region'), name)}${zone}`);
    case 'Fn::Length':
      return asList(evaluate(arg, scope), name).length;
    case 'Fn::ToJsonString':
      return JSON.stringify(evaluate(arg, scope));
    default:
      throw new UnresolvableError(`${name} cannot be resolved locally`);
  }
}

function truthy(value: unknown, scope: Scope): boolean {
  const resolved = evaluate(value, scope);
  if (typeof resolved !== 'boolean') throw new UnresolvableError(`Condition did not evaluate to a boolean`);
  return resolved;
}

/** Fn::Sub: ${Name}, ${Resource.Attribute}, ${!Literal}, with an optional variable map. */
function substitute(arg: unknown, scope: Scope): string {
  const [template, variables] = typeof arg === 'string' ? [arg, {}] : asList(arg, 'Fn::Sub');
  const locals = isObject(variables) ? variables : {};
  return asString(template, 'Fn::Sub').replace(/\$\{([^}]+)\}/g, (_match, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (name in locals) return asString(evaluate(locals[name], scope), `Fn::Sub \${${name}}`);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) {
      return asString(scope.getAtt(name.slice(0, dot), name.slice(dot + 1)), `Fn::Sub \${${name}}`);
    }
    return asString(scope.ref(name), `Fn::Sub \${${name}}`);
  });
}
