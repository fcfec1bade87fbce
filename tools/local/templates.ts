/**
 * The SAM application as `sam local` sees it: the root template and the nested
 * `AWS::Serverless::Application` templates it points to, resolved into the functions
 * (code, handler, timeout, memory, environment), the HTTP routes (RouteKey → Integration
 * → Function), the API's CORS configuration and the DynamoDB table definition.
 * The templates stay the only copy of routes, settings and schema: nothing here is
 * hard-coded per function.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type CfnResource,
  type CfnTemplate,
  type Scope,
  evaluate,
  parseTemplate,
  UnresolvableError,
} from './cloudformation';

/** SAM's defaults when a function sets neither a value nor a Global. */
const SAM_DEFAULT_TIMEOUT_SECONDS = 3;
const SAM_DEFAULT_MEMORY_MB = 128;

export interface LambdaFunction {
  /** Folder of the code (CodeUri), e.g. `generateInterviewQuestion`: the name `npm run invoke` takes. */
  name: string;
  logicalId: string;
  /** FunctionName, or the stack-qualified logical id: what AWS_LAMBDA_FUNCTION_NAME holds. */
  physicalName: string;
  templateFile: string;
  codeDir: string;
  /** The TypeScript module that holds the handler (the esbuild entry point). */
  entryFile: string;
  /** The export named by the Handler property (`handler.handler` → `handler`). */
  exportName: string;
  runtime: string | undefined;
  timeoutSeconds: number;
  memoryMb: number;
  /** Environment.Variables (Globals merged), resolved to strings. */
  environment: Record<string, string>;
  /** ReservedConcurrentExecutions when the template sets it (its condition holds): local mode's cap on environments. */
  reservedConcurrency: number | undefined;
}

export interface Route {
  /** As in the template: `POST /interview`, `ANY /{proxy+}`, `$default`. */
  routeKey: string;
  /** Upper case, or `ANY`. */
  method: string;
  /** `/interview`; empty for `$default`. */
  path: string;
  fn: LambdaFunction;
}

export interface CorsConfiguration {
  allowOrigins?: string[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: number;
  allowCredentials?: boolean;
}

export interface TableDefinition {
  tableName: string;
  logicalId: string;
  templateFile: string;
  /** CreateTable input built from the resource's schema properties. */
  createTableInput: Record<string, unknown>;
}

export interface LocalApp {
  rootTemplate: string;
  functions: LambdaFunction[];
  routes: Route[];
  table: TableDefinition | undefined;
  /** The API's CorsConfiguration, if a template declares one. */
  cors: CorsConfiguration | undefined;
  /** Things that could not be resolved locally; shown in the banner, never fatal. */
  warnings: string[];
}

export interface LoadOptions {
  rootTemplate?: string;
  /** Values for the root template's parameters (like `sam local --parameter-overrides`). */
  parameterOverrides?: Record<string, string>;
  region?: string;
  accountId?: string;
  stackName?: string;
}

interface AppContext {
  region: string;
  accountId: string;
  stackName: string;
  warnings: string[];
  /** Set once the tree is loaded; SSM-typed parameters are looked up across it. */
  root?: Stack;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SAM's Globals rule: maps merge, lists append (globals first), scalars: the resource wins. */
function mergeGlobals(globals: unknown, own: unknown): unknown {
  if (own === undefined) return globals;
  if (isObject(globals) && isObject(own)) {
    const out: Record<string, unknown> = { ...globals };
    for (const [key, value] of Object.entries(own)) out[key] = mergeGlobals(globals[key], value);
    return out;
  }
  if (Array.isArray(globals) && Array.isArray(own)) return [...globals, ...own];
  return own;
}

/** Resource types whose Ref is the name given in one of their properties. */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Serverless::Function': 'FunctionName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SSM::Parameter': 'Name',
  'AWS::Logs::LogGroup': 'LogGroupName',
};

class Stack implements Scope {
  readonly children = new Map<string, Stack>();
  private readonly conditions = new Map<string, boolean>();

  constructor(
    readonly file: string,
    readonly template: CfnTemplate,
    /** Logical ids of the nested applications leading here; empty for the root. */
    readonly path: string[],
    private readonly supplied: (name: string) => unknown,
    private readonly ctx: AppContext,
  ) {}

  get mappings() {
    return this.template.Mappings;
  }

  get resources(): Record<string, CfnResource> {
    return this.template.Resources ?? {};
  }

  /** Folder of the root template: function names are taken relative to it. */
  get rootDir(): string {
    return path.dirname(this.ctx.root?.file ?? this.file);
  }

  get stackName(): string {
    return [this.ctx.stackName, ...this.path].join('-');
  }

  warn(message: string): void {
    this.ctx.warnings.push(message);
  }

  where(logicalId: string): string {
    return `${path.relative(process.cwd(), this.file) || this.file}:${logicalId}`;
  }

  ref(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.ctx.region;
      case 'AWS::AccountId':
        return this.ctx.accountId;
      case 'AWS::StackName':
        return this.stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.ctx.region}:${this.ctx.accountId}:stack/${this.stackName}/local`;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NotificationARNs':
        return [];
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) return this.parameter(name, parameter);
    if (this.resources[name]) return this.physicalId(name);
    throw new UnresolvableError(`Ref ${name}: no such parameter or resource in ${this.file}`);
  }

  private parameter(name: string, declaration: { Type?: string; Default?: unknown }): unknown {
    const value = this.supplied(name) ?? declaration.Default;
    if (value === undefined) throw new UnresolvableError(`Parameter ${name} has no value and no Default`);
    const type = declaration.Type ?? 'String';
    const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
    if (ssm) return this.ssmParameter(String(value), ssm[1] as string);
    if ((type === 'CommaDelimitedList' || type.startsWith('List<')) && typeof value === 'string') {
      return value === '' ? [] : value.split(',').map((item) => item.trim());
    }
    return Array.isArray(value) ? value : String(value);
  }

  /**
   * CloudFormation reads an `AWS::SSM::Parameter::Value<…>` parameter from SSM at deploy
   * time. Locally the value is the `AWS::SSM::Parameter` resource of that name, if one
   * of the templates defines it (the platform stack publishes its ids that way).
   */
  private ssmParameter(name: string, type: string): unknown {
    for (const stack of this.ctx.root?.walk() ?? []) {
      for (const [logicalId, resource] of Object.entries(stack.resources)) {
        if (resource.Type !== 'AWS::SSM::Parameter' || !stack.isActive(logicalId)) continue;
        let resourceName: unknown;
        try {
          resourceName = evaluate(resource.Properties?.Name, stack);
        } catch {
          continue;
        }
        if (resourceName !== name) continue;
        const value = evaluate(resource.Properties?.Value, stack);
        return type.startsWith('List<') && typeof value === 'string' ? value.split(',') : value;
      }
    }
    throw new UnresolvableError(`SSM parameter ${name} is not defined by any template here`);
  }

  /** What Ref returns for a resource: its explicit name where one is set, else a stable local id. */
  physicalId(logicalId: string): string {
    const resource = this.resources[logicalId];
    const nameProperty = resource ? NAME_PROPERTIES[resource.Type] : undefined;
    const explicit = nameProperty ? resource?.Properties?.[nameProperty] : undefined;
    if (explicit !== undefined) {
      const name = evaluate(explicit, this);
      if (typeof name === 'string' && name) return name;
    }
    return [...this.path, logicalId].join('-');
  }

  getAtt(logicalId: string, attribute: string): unknown {
    const resource = this.resources[logicalId];
    if (!resource) throw new UnresolvableError(`GetAtt ${logicalId}.${attribute}: no such resource in ${this.file}`);
    const { region, accountId } = this.ctx;
    if (resource.Type === 'AWS::Serverless::Application' && attribute.startsWith('Outputs.')) {
      const child = this.children.get(logicalId);
      if (!child) throw new UnresolvableError(`GetAtt ${logicalId}.${attribute}: nested application not loaded`);
      return child.output(attribute.slice('Outputs.'.length));
    }
    const id = this.physicalId(logicalId);
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::Serverless::Function.Arn':
      case 'AWS::Lambda::Function.Arn':
        return `arn:aws:lambda:${region}:${accountId}:function:${id}`;
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:aws:dynamodb:${region}:${accountId}:table/${id}`;
      case 'AWS::DynamoDB::Table.StreamArn':
        return `arn:aws:dynamodb:${region}:${accountId}:table/${id}/stream/local`;
      case 'AWS::ApiGatewayV2::Api.ApiId':
      case 'AWS::Serverless::HttpApi.ApiId':
        return id;
      case 'AWS::ApiGatewayV2::Api.ApiEndpoint':
        return `https://${id}.execute-api.${region}.amazonaws.com`;
    }
    throw new UnresolvableError(`GetAtt ${logicalId}.${attribute} (${resource.Type}) cannot be resolved locally`);
  }

  condition(name: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new UnresolvableError(`Condition ${name} is not defined in ${this.file}`);
    const value = evaluate(definition, this);
    if (typeof value !== 'boolean') throw new UnresolvableError(`Condition ${name} is not a boolean`);
    this.conditions.set(name, value);
    return value;
  }

  output(name: string): unknown {
    const output = this.template.Outputs?.[name];
    if (!output) throw new UnresolvableError(`Output ${name} is not defined in ${this.file}`);
    return evaluate(output.Value, this);
  }

  /** Whether a resource exists in this configuration (its Condition, if any, holds). */
  isActive(logicalId: string): boolean {
    const condition = this.resources[logicalId]?.Condition;
    if (!condition) return true;
    try {
      return this.condition(condition);
    } catch (error) {
      this.ctx.warnings.push(`${this.where(logicalId)}: condition ${condition} unresolvable (${(error as Error).message}); assuming true`);
      return true;
    }
  }

  /** Evaluate, turning an unresolvable value into a warning and `undefined`. */
  tryEvaluate(value: unknown, what: string): unknown {
    try {
      return evaluate(value, this);
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      this.ctx.warnings.push(`${what}: ${error.message}`);
      return undefined;
    }
  }

  *walk(): Generator<Stack> {
    yield this;
    for (const child of this.children.values()) yield* child.walk();
  }
}

function loadStack(file: string, stackPath: string[], supplied: (name: string) => unknown, ctx: AppContext): Stack {
  const stack = new Stack(file, parseTemplate(readFileSync(file, 'utf8')), stackPath, supplied, ctx);
  for (const [logicalId, resource] of Object.entries(stack.resources)) {
    if (resource.Type !== 'AWS::Serverless::Application' || !stack.isActive(logicalId)) continue;
    const location = stack.tryEvaluate(resource.Properties?.Location, stack.where(logicalId));
    if (typeof location !== 'string') {
      ctx.warnings.push(`${stack.where(logicalId)}: only local template Locations are supported; skipped`);
      continue;
    }
    const childFile = path.resolve(path.dirname(file), location);
    // A nested application's parameters are evaluated in the parent, on first use, like CloudFormation does.
    const passed = isObject(resource.Properties?.Parameters) ? resource.Properties.Parameters : {};
    const childSupplied = (name: string) => (name in passed ? evaluate(passed[name], stack) : undefined);
    stack.children.set(logicalId, loadStack(childFile, [...stackPath, logicalId], childSupplied, ctx));
  }
  return stack;
}

function toStringMap(stack: Stack, logicalId: string, variables: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(variables)) return out;
  for (const [name, raw] of Object.entries(variables)) {
    const value = stack.tryEvaluate(raw, `${stack.where(logicalId)} Environment ${name}`);
    if (value === undefined) continue;
    out[name] = typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

/** The TypeScript source esbuild bundles into the Handler's module. */
function findEntryFile(codeDir: string, handlerModule: string, entryPoints: unknown): string | undefined {
  const stem = (file: string) => file.replace(/\.(ts|mts|js|mjs|cjs)$/, '');
  const candidates: string[] = [];
  if (Array.isArray(entryPoints)) {
    // esbuild names each output after its entry's file name, so handler.handler ← src/handler.ts.
    for (const entry of entryPoints) {
      if (typeof entry === 'string' && path.basename(stem(entry)) === path.basename(handlerModule)) candidates.push(entry);
    }
  }
  for (const base of [handlerModule, path.join('src', handlerModule)]) {
    for (const ext of ['.ts', '.mts', '.js', '.mjs']) candidates.push(base + ext);
  }
  return candidates.map((candidate) => path.resolve(codeDir, candidate)).find((file) => existsSync(file));
}

function readFunction(stack: Stack, logicalId: string, resource: CfnResource): LambdaFunction | undefined {
  const where = stack.where(logicalId);
  const props = mergeGlobals(stack.template.Globals?.Function ?? {}, resource.Properties ?? {}) as Record<string, unknown>;
  const get = (key: string) => stack.tryEvaluate(props[key], `${where} ${key}`);
  const codeUri = get('CodeUri');
  const handler = get('Handler');
  if (typeof codeUri !== 'string' || typeof handler !== 'string') {
    stack.warn(`${where}: needs a local CodeUri and a Handler; skipped`);
    return undefined;
  }
  const codeDir = path.resolve(path.dirname(stack.file), codeUri);
  const dot = handler.lastIndexOf('.');
  const handlerModule = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  const buildProperties = (resource.Metadata?.BuildProperties ?? {}) as Record<string, unknown>;
  const entryFile = findEntryFile(codeDir, handlerModule, buildProperties.EntryPoints);
  if (dot <= 0 || !entryFile) {
    stack.warn(`${where}: no source found for Handler ${handler} under ${codeDir}; skipped`);
    return undefined;
  }
  const environment = isObject(props.Environment) ? props.Environment.Variables : undefined;
  // A number, or AWS::NoValue (a symbol) where a condition omits the property.
  const reserved = Number(typeof get('ReservedConcurrentExecutions') === 'symbol' ? undefined : get('ReservedConcurrentExecutions'));
  return {
    name: functionFolderName(stack.rootDir, codeDir, logicalId),
    logicalId,
    physicalName: stack.physicalId(logicalId),
    templateFile: stack.file,
    codeDir,
    entryFile,
    exportName,
    runtime: typeof get('Runtime') === 'string' ? (get('Runtime') as string) : undefined,
    timeoutSeconds: Number(get('Timeout') ?? SAM_DEFAULT_TIMEOUT_SECONDS),
    memoryMb: Number(get('MemorySize') ?? SAM_DEFAULT_MEMORY_MB),
    environment: toStringMap(stack, logicalId, environment),
    reservedConcurrency: Number.isInteger(reserved) && reserved > 0 ? reserved : undefined,
  };
}

/**
 * The project's function folders (`generateInterviewQuestion/src` → `generateInterviewQuestion`):
 * the first folder of the code below the root template; the logical id when the code
 * sits beside the root template.
 */
function functionFolderName(rootDir: string, codeDir: string, logicalId: string): string {
  const relative = path.relative(rootDir, codeDir);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return logicalId;
  return relative.split(path.sep)[0] ?? logicalId;
}

function parseRouteKey(routeKey: string): { method: string; path: string } {
  if (routeKey === '$default') return { method: 'ANY', path: '' };
  const [method = '', routePath = ''] = routeKey.trim().split(/\s+/, 2);
  return { method: method.toUpperCase(), path: routePath };
}

function stringList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter(Boolean);
  return undefined;
}

function readCors(stack: Stack, logicalId: string, config: unknown): CorsConfiguration | undefined {
  if (config === true) return {};
  const resolved = stack.tryEvaluate(config, `${stack.where(logicalId)} CorsConfiguration`);
  if (!isObject(resolved)) return undefined;
  const maxAge = resolved.MaxAge === undefined ? undefined : Number(resolved.MaxAge);
  return {
    allowOrigins: stringList(resolved.AllowOrigins),
    allowMethods: stringList(resolved.AllowMethods),
    allowHeaders: stringList(resolved.AllowHeaders),
    exposeHeaders: stringList(resolved.ExposeHeaders),
    maxAge: Number.isFinite(maxAge) ? maxAge : undefined,
    allowCredentials: resolved.AllowCredentials === true || resolved.AllowCredentials === 'true' ? true : undefined,
  };
}

const TABLE_SCHEMA_PROPERTIES = [
  'KeySchema', 'AttributeDefinitions', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes', 'BillingMode', 'ProvisionedThroughput',
] as const;

function readTable(stack: Stack, logicalId: string, resource: CfnResource, tableName: string): TableDefinition {
  const input: Record<string, unknown> = { TableName: tableName };
  for (const key of TABLE_SCHEMA_PROPERTIES) {
    const value = resource.Properties?.[key];
    if (value !== undefined) input[key] = evaluate(value, stack);
  }
  return { tableName, logicalId, templateFile: stack.file, createTableInput: input };
}

/** Read the whole SAM application from its root template. */
export function loadApp(options: LoadOptions = {}): LocalApp {
  const rootTemplate = path.resolve(options.rootTemplate ?? 'template.yml');
  const ctx: AppContext = {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
    stackName: options.stackName ?? 'intelliview-local',
    warnings: [],
  };
  const overrides = options.parameterOverrides ?? {};
  const root = loadStack(rootTemplate, [], (name) => overrides[name], ctx);
  ctx.root = root;
  const stacks = [...root.walk()];

  const functions: LambdaFunction[] = [];
  const byPhysicalName = new Map<string, LambdaFunction>();
  const routes: Route[] = [];
  const integrations = new Map<string, { stack: Stack; resource: CfnResource; logicalId: string }>();
  let cors: CorsConfiguration | undefined;
  const tables: { stack: Stack; logicalId: string; resource: CfnResource; active: boolean }[] = [];

  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      const active = stack.isActive(logicalId);
      if (resource.Type === 'AWS::DynamoDB::Table') tables.push({ stack, logicalId, resource, active });
      if (!active) continue;
      if (resource.Type === 'AWS::Serverless::Function') {
        const fn = readFunction(stack, logicalId, resource);
        if (!fn) continue;
        functions.push(fn);
        byPhysicalName.set(fn.physicalName, fn);
        // SAM-style HttpApi events, in case a template uses them instead of raw routes.
        for (const event of Object.values((resource.Properties?.Events ?? {}) as Record<string, CfnResource & { Properties?: Record<string, unknown> }>)) {
          if (event.Type !== 'HttpApi') continue;
          const eventPath = stack.tryEvaluate(event.Properties?.Path, `${stack.where(logicalId)} HttpApi Path`);
          const method = stack.tryEvaluate(event.Properties?.Method, `${stack.where(logicalId)} HttpApi Method`);
          const routeKey = typeof eventPath === 'string' ? `${String(method ?? 'ANY').toUpperCase()} ${eventPath}` : '$default';
          routes.push({ routeKey, ...parseRouteKey(routeKey), fn });
        }
      }
      if (resource.Type === 'AWS::ApiGatewayV2::Integration') integrations.set(stack.physicalId(logicalId), { stack, resource, logicalId });
      if (resource.Type === 'AWS::ApiGatewayV2::Api' || resource.Type === 'AWS::Serverless::HttpApi') {
        cors ??= readCors(stack, logicalId, resource.Properties?.CorsConfiguration);
      }
    }
    cors ??= readCors(stack, 'Globals', stack.template.Globals?.HttpApi?.CorsConfiguration);
  }

  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::ApiGatewayV2::Route' || !stack.isActive(logicalId)) continue;
      const where = stack.where(logicalId);
      const routeKey = stack.tryEvaluate(resource.Properties?.RouteKey, `${where} RouteKey`);
      const target = stack.tryEvaluate(resource.Properties?.Target, `${where} Target`);
      if (typeof routeKey !== 'string' || typeof target !== 'string') continue;
      const integration = integrations.get(target.replace(/^integrations\//, ''));
      if (!integration) {
        ctx.warnings.push(`${where}: Target ${target} is not an integration in these templates; skipped`);
        continue;
      }
      const uri = integration.stack.tryEvaluate(integration.resource.Properties?.IntegrationUri, `${integration.stack.where(integration.logicalId)} IntegrationUri`);
      const functionName = typeof uri === 'string' ? /:function:([^/:]+)/.exec(uri)?.[1] : undefined;
      const fn = functionName ? byPhysicalName.get(functionName) : undefined;
      if (!fn) {
        ctx.warnings.push(`${where}: integration ${integration.logicalId} does not point at a function in these templates; skipped`);
        continue;
      }
      const version = integration.resource.Properties?.PayloadFormatVersion;
      if (version !== undefined && String(version) !== '2.0') {
        ctx.warnings.push(`${where}: PayloadFormatVersion ${String(version)}; local mode sends 2.0 events`);
      }
      routes.push({ routeKey, ...parseRouteKey(routeKey), fn });
    }
  }

  return { rootTemplate, functions, routes, table: pickTable(tables, functions, ctx), cors, warnings: ctx.warnings };
}

/**
 * The table the functions use. With a conditional table (deploy against an existing
 * one), the schema still comes from the template and the name from TABLE_NAME.
 */
function pickTable(
  tables: { stack: Stack; logicalId: string; resource: CfnResource; active: boolean }[],
  functions: LambdaFunction[],
  ctx: AppContext,
): TableDefinition | undefined {
  const wanted = new Set(functions.map((fn) => fn.environment.TABLE_NAME).filter((name): name is string => Boolean(name)));
  const active = tables.filter((table) => table.active);
  const chosen =
    active.find((table) => wanted.has(table.stack.physicalId(table.logicalId))) ?? active[0] ?? tables[0];
  if (!chosen) return undefined;
  const name = chosen.active ? chosen.stack.physicalId(chosen.logicalId) : [...wanted][0] ?? chosen.logicalId;
  if (wanted.size > 0 && !wanted.has(name)) {
    ctx.warnings.push(`Functions use TABLE_NAME ${[...wanted].join(', ')} but the template's table is ${name}`);
  }
  return readTable(chosen.stack, chosen.logicalId, chosen.resource, name);
}
