// The five function templates are copies of one shape (docs/templates.md): this test keeps
// the shared blocks identical, lets each function own only its own lines, and checks the
// hand-off between the root template, the platform and the function stacks. Every test
// name says which template and which block, so a failure points at the line to fix.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTemplate, type CfnResource, type CfnTemplate } from '../tools/local/cloudformation';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each function owns; everything else in its template is shared. */
interface FunctionSpec {
  /** Folder = nested stack location = samconfig env. */
  dir: string;
  /** <name>Function, <name>Role, <name>LogGroup. */
  name: string;
  /** <api>Integration, <api>Route, <api>PublicRoute, <api>InvokePermission. */
  api: string;
  routeKey: string;
  /** Calls Bedrock: ModelId parameter, model environment, Bedrock statements. */
  model: boolean;
  /** Parameters beyond SHARED_PARAMETERS. */
  ownParameters: string[];
  /** Every action its role allows beyond its own log group, sorted. */
  actions: string[];
  /** Model functions: the `route` dimension of their EMF metrics (layers/shared/src/metrics.ts). */
  metricRoute?: string;
}

const FUNCTIONS: FunctionSpec[] = [
  {
    dir: 'generateInterviewQuestion', name: 'GenerateInterviewQuestion', api: 'Interview', routeKey: 'POST /interview',
    model: true, ownParameters: ['ModelId', 'DailyTurnsPerUser', 'MaxTurnsPerSession', 'ReservedConcurrency'],
    actions: ['bedrock:InvokeModel', 'dynamodb:Query', 'dynamodb:UpdateItem'], metricRoute: 'interview',
  },
  {
    dir: 'fetchSession', name: 'FetchSession', api: 'Review', routeKey: 'GET /review',
    model: false, ownParameters: [],
    actions: ['dynamodb:Query'],
  },
  {
    dir: 'generateFeedbackFunction', name: 'GenerateFeedback', api: 'Feedback', routeKey: 'POST /feedback',
    model: true, ownParameters: ['UserIndexName', 'ModelId', 'DailyGradesPerUser', 'ReservedConcurrency'],
    actions: [
      'bedrock:InvokeModel', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem',
      'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
    ],
    metricRoute: 'feedback',
  },
  {
    dir: 'listSessions', name: 'ListSessions', api: 'Sessions', routeKey: 'GET /sessions',
    model: false, ownParameters: ['UserIndexName', 'CursorSecret'],
    actions: ['dynamodb:Query'],
  },
  {
    dir: 'aggregateSkillsFunction', name: 'AggregateSkills', api: 'Skills', routeKey: 'GET /skills',
    // The daily budgets too: GET /skills reports what is left of them.
    model: false, ownParameters: ['UserIndexName', 'DailyTurnsPerUser', 'DailyGradesPerUser'],
    actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
  },
];

const SHARED_PARAMETERS = ['ApiId', 'AuthorizerId', 'AuthMode', 'TableName', 'AllowedOrigins', 'AlarmTopicArn', 'LogLevel', 'LogRetentionInDays'];
/** Parameters only some functions have: identical wherever they appear. */
const OPTIONAL_SHARED_PARAMETERS = ['UserIndexName', 'ModelId', 'DailyTurnsPerUser', 'DailyGradesPerUser', 'ReservedConcurrency'];
/** Every template's auth switch; the model functions add MODEL_CONDITIONS. */
const SHARED_CONDITIONS = ['UseCognito', 'NoAuthorizer', 'HasAlarmTopic'];
const MODEL_CONDITIONS = ['HasReservedConcurrency'];
/** The budget each parameter sets, as the environment variable the layer reads (config.ts budgetConfig). */
const BUDGET_ENVIRONMENT: Record<string, string> = {
  DailyTurnsPerUser: 'DAILY_TURNS_PER_USER',
  DailyGradesPerUser: 'DAILY_GRADES_PER_USER',
  MaxTurnsPerSession: 'MAX_TURNS_PER_SESSION',
};
/** Function properties the function owns; the others are shared; anything else belongs in Globals. */
const OWN_FUNCTION_PROPERTIES = ['Description', 'Timeout', 'MemorySize', 'Environment'];
/**
 * Model functions only: their concurrency cap (so a burst cannot take the account's Lambda
 * concurrency or Bedrock quota), omitted unless the ReservedConcurrency parameter is set.
 */
const MODEL_FUNCTION_PROPERTIES = ['ReservedConcurrentExecutions'];
const SHARED_FUNCTION_PROPERTIES = ['CodeUri', 'Role', 'Layers', 'LoggingConfig'];
const MODEL_ENVIRONMENT = ['MODEL_ID', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME'];
const MODEL_STATEMENTS = ['InvokeConfiguredModel', 'ModelsBehindTheProfile'];
/**
 * Every function's alarms (docs/operations.md#alarms): identical in all five except the
 * duration alarm's Threshold, which is 80 % of the function's own Timeout.
 */
const FUNCTION_ALARMS = ['FunctionErrorsAlarm', 'FunctionThrottlesAlarm', 'FunctionDurationAlarm'];
/** The model functions' alarms on the model client's EMF metrics: identical in both. */
const MODEL_ALARMS = ['ModelThrottlesAlarm', 'ModelInvalidOutputsAlarm'];
/** The daily budget's UpdateItem, on budget keys only; identical in both model functions. */
const BUDGET_STATEMENT = 'SpendDailyBudget';

interface Loaded {
  spec: FunctionSpec;
  file: string;
  text: string;
  template: CfnTemplate;
}

function load(spec: FunctionSpec): Loaded {
  const file = `${spec.dir}/template.yml`;
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return { spec, file, text, template: parseTemplate(text) };
}

const templates = FUNCTIONS.map(load);
const [reference, ...others] = templates as [Loaded, ...Loaded[]];
const modelTemplates = templates.filter((t) => t.spec.model);
const [modelReference, ...otherModels] = modelTemplates as [Loaded, ...Loaded[]];

/**
 * The block with the function's own names replaced by placeholders, so that two
 * functions' copies of a shared block compare equal: <Name>Function, <Api>Route,
 * <RouteKey>, and the method/path of the invoke permission's source ARN.
 */
function normalise(value: unknown, spec: FunctionSpec): unknown {
  const [method, routePath] = spec.routeKey.split(' ') as [string, string];
  const json = JSON.stringify(value ?? null)
    .replace(new RegExp(`\\b${spec.name}(?=Function|Role|LogGroup)`, 'g'), '<Name>')
    .replace(new RegExp(`\\b${spec.api}(?=Integration|Route|PublicRoute|InvokePermission)`, 'g'), '<Api>')
    .replaceAll(JSON.stringify(spec.routeKey), '"<RouteKey>"')
    .replaceAll(`/*/${method}${routePath}`, '/*/<Method><Path>')
    .replaceAll(spec.metricRoute === undefined ? '"<no metric route>"' : JSON.stringify(spec.metricRoute), '"<metricRoute>"');
  return JSON.parse(json);
}

function resource(t: Loaded, id: string): CfnResource {
  const found = t.template.Resources?.[id];
  if (!found) throw new Error(`${t.file}: resource ${id} is missing`);
  return found;
}

type Statement = { Sid?: string; Action?: string | string[]; Resource?: unknown; Condition?: unknown };

function statements(t: Loaded): Statement[] {
  const role = resource(t, `${t.spec.name}Role`).Properties as { Policies?: { PolicyDocument: { Statement: Statement[] } }[] };
  return (role.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement);
}

function actionsOf(statement: Statement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : (statement.Action ?? []);
}

function environment(t: Loaded): Record<string, unknown> {
  const fn = resource(t, `${t.spec.name}Function`).Properties as { Environment?: { Variables?: Record<string, unknown> } };
  return fn.Environment?.Variables ?? {};
}

/** One `it` per (template, block) compared with the reference template's block. */
function sameAsReference(block: string, pick: (t: Loaded) => unknown, from: Loaded = reference, to: Loaded[] = others): void {
  it.each(to.map((t) => [t.file, t]))(`%s: ${block} is identical to ${from.file}'s`, (_file, t) => {
    expect(normalise(pick(t), t.spec)).toEqual(normalise(pick(from), from.spec));
  });
}

describe('function templates: shared blocks stay identical', () => {
  sameAsReference('the top-level sections', (t) => Object.keys(t.template));
  sameAsReference('the shared Conditions', (t) => SHARED_CONDITIONS.map((name) => t.template.Conditions?.[name]));
  sameAsReference('Globals', (t) => t.template.Globals);
  sameAsReference('the shared Parameters', (t) => SHARED_PARAMETERS.map((name) => t.template.Parameters?.[name]));
  sameAsReference('Outputs', (t) => t.template.Outputs);
  sameAsReference('the resource list (ids, types, order; the model alarms aside)', (t) =>
    Object.entries(t.template.Resources ?? {}).filter(([id]) => !MODEL_ALARMS.includes(id)).map(([id, r]) => `${id}: ${r.Type}`),
  );
  for (const alarm of FUNCTION_ALARMS) {
    sameAsReference(`the alarm ${alarm} (its Threshold aside)`, (t) => {
      const { Threshold: _own, ...properties } = resource(t, alarm).Properties ?? {};
      return { ...resource(t, alarm), Properties: properties };
    });
  }
  sameAsReference('SharedLayer', (t) => resource(t, 'SharedLayer'));
  sameAsReference('the integration', (t) => resource(t, `${t.spec.api}Integration`));
  sameAsReference('the Cognito route', (t) => resource(t, `${t.spec.api}Route`));
  sameAsReference('the public route', (t) => resource(t, `${t.spec.api}PublicRoute`));
  sameAsReference('the invoke permission', (t) => resource(t, `${t.spec.api}InvokePermission`));
  sameAsReference('the log group', (t) => resource(t, `${t.spec.name}LogGroup`));
  sameAsReference('the function\'s build Metadata (esbuild BuildProperties)', (t) => resource(t, `${t.spec.name}Function`).Metadata);
  sameAsReference('the function\'s shared properties', (t) => {
    const properties = resource(t, `${t.spec.name}Function`).Properties ?? {};
    return SHARED_FUNCTION_PROPERTIES.map((key) => properties[key]);
  });
  sameAsReference('the role\'s trust policy', (t) => resource(t, `${t.spec.name}Role`).Properties?.AssumeRolePolicyDocument);
  sameAsReference('the role\'s policy name and its log statement', (t) => {
    const role = resource(t, `${t.spec.name}Role`).Properties as { Policies: { PolicyName: string }[] };
    return [role.Policies.map((policy) => policy.PolicyName), statements(t)[0]];
  });

  // Parameters some functions share: identical wherever they appear.
  for (const name of OPTIONAL_SHARED_PARAMETERS) {
    const having = templates.filter((t) => t.template.Parameters?.[name] !== undefined);
    const [first, ...rest] = having as [Loaded, ...Loaded[]];
    sameAsReference(`Parameter ${name}`, (t) => t.template.Parameters?.[name], first, rest);
  }

  // The model functions' own blocks: identical between the two.
  sameAsReference('the model environment', (t) => MODEL_ENVIRONMENT.map((key) => environment(t)[key]), modelReference, otherModels);
  sameAsReference('the Bedrock statements', (t) => statements(t).filter((s) => MODEL_STATEMENTS.includes(s.Sid ?? '')), modelReference, otherModels);
  sameAsReference('the model Conditions', (t) => MODEL_CONDITIONS.map((name) => t.template.Conditions?.[name]), modelReference, otherModels);
  sameAsReference('the reserved concurrency', (t) => resource(t, `${t.spec.name}Function`).Properties?.ReservedConcurrentExecutions, modelReference, otherModels);
  sameAsReference('the budget statement', (t) => statements(t).filter((s) => s.Sid === BUDGET_STATEMENT), modelReference, otherModels);
  sameAsReference('the model alarms', (t) => MODEL_ALARMS.map((id) => resource(t, id)), modelReference, otherModels);
});

describe.each(templates.map((t) => [t.file, t]))('%s: what the function owns', (_file, t) => {
  const fn = resource(t, `${t.spec.name}Function`);

  it('has exactly the shared Parameters plus its own', () => {
    expect(Object.keys(t.template.Parameters ?? {}).sort()).toEqual([...SHARED_PARAMETERS, ...t.spec.ownParameters].sort());
  });

  it('sets no function property that belongs in Globals (only Description, Timeout, MemorySize, Environment of its own)', () => {
    const known = [...SHARED_FUNCTION_PROPERTIES, ...OWN_FUNCTION_PROPERTIES, ...(t.spec.model ? MODEL_FUNCTION_PROPERTIES : [])];
    expect(Object.keys(fn.Properties ?? {}).filter((key) => !known.includes(key))).toEqual([]);
  });

  it(`has the model Conditions only if it calls the model (${t.spec.model})`, () => {
    expect(Object.keys(t.template.Conditions ?? {})).toEqual([...SHARED_CONDITIONS, ...(t.spec.model ? MODEL_CONDITIONS : [])]);
  });

  it(`caps its concurrency only if it calls the model, and omits the cap unless ReservedConcurrency is set (${t.spec.model})`, () => {
    expect(fn.Properties?.ReservedConcurrentExecutions).toEqual(
      t.spec.model ? { 'Fn::If': ['HasReservedConcurrency', { Ref: 'ReservedConcurrency' }, { Ref: 'AWS::NoValue' }] } : undefined,
    );
    expect(t.template.Conditions?.HasReservedConcurrency).toEqual(
      t.spec.model ? { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ReservedConcurrency' }, '0'] }] } : undefined,
    );
  });

  it('passes each budget variable exactly when it declares the budget parameter', () => {
    const env = environment(t);
    for (const [parameter, variable] of Object.entries(BUDGET_ENVIRONMENT)) {
      const declares = t.template.Parameters?.[parameter] !== undefined;
      expect({ variable, value: env[variable] }).toEqual({ variable, value: declares ? { Ref: parameter } : undefined });
    }
  });

  it(`may spend the daily budget (UpdateItem on budget#* keys) only if it calls the model (${t.spec.model})`, () => {
    const budget = statements(t).filter((s) => s.Sid === BUDGET_STATEMENT);
    expect(budget.map((s) => ({ actions: actionsOf(s), condition: s.Condition }))).toEqual(
      t.spec.model ? [{ actions: ['dynamodb:UpdateItem'], condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['budget#*'] } } }] : [],
    );
  });

  it('alarms when its p99 duration passes 80 % of its own Timeout', () => {
    expect(resource(t, 'FunctionDurationAlarm').Properties?.Threshold).toBe(Number(fn.Properties?.Timeout) * 800);
  });

  it(`has the model alarms only if it calls the model (${t.spec.model}), on its own route and ModelId`, () => {
    expect(MODEL_ALARMS.filter((id) => t.template.Resources?.[id] !== undefined)).toEqual(t.spec.model ? MODEL_ALARMS : []);
    if (!t.spec.model) return;
    expect((resource(t, 'ModelThrottlesAlarm').Properties as { Dimensions: unknown }).Dimensions).toEqual([
      { Name: 'service', Value: 'intelliview' },
      { Name: 'route', Value: t.spec.metricRoute },
      { Name: 'modelId', Value: { Ref: 'ModelId' } },
    ]);
  });

  it('answers before the HTTP API cuts the integration at 30 s (Timeout 1..29)', () => {
    const timeout = Number(fn.Properties?.Timeout);
    expect(Number.isInteger(timeout)).toBe(true);
    expect(timeout).toBeGreaterThanOrEqual(1);
    expect(timeout).toBeLessThanOrEqual(29);
  });

  it(`has the model environment and Bedrock statements only if it calls the model (${t.spec.model})`, () => {
    const env = environment(t);
    expect(MODEL_ENVIRONMENT.filter((key) => key in env)).toEqual(t.spec.model ? MODEL_ENVIRONMENT : []);
    expect(env.MODEL_ID).toEqual(t.spec.model ? { Ref: 'ModelId' } : undefined);
    expect(statements(t).filter((s) => actionsOf(s).some((a) => a.startsWith('bedrock:'))).map((s) => s.Sid)).toEqual(
      t.spec.model ? MODEL_STATEMENTS : [],
    );
  });

  it('passes USER_INDEX_NAME exactly when it declares UserIndexName', () => {
    const declares = t.template.Parameters?.UserIndexName !== undefined;
    expect(environment(t).USER_INDEX_NAME).toEqual(declares ? { Ref: 'UserIndexName' } : undefined);
  });

  it('allows exactly the actions it needs (least privilege)', () => {
    const own = statements(t).slice(1);
    expect([...new Set(own.flatMap(actionsOf))].sort()).toEqual(t.spec.actions);
  });

  it('allows PutItem only on skills aggregate keys, or (POST /feedback) of items with an attempt\'s attributes only', () => {
    for (const statement of statements(t).filter((s) => actionsOf(s).includes('dynamodb:PutItem'))) {
      const attemptPut = statement.Sid === 'RetryTransactionAttemptPut' && t.spec.routeKey === 'POST /feedback';
      const attributes: unknown = (statement.Condition as Record<string, Record<string, unknown>> | undefined)?.['ForAllValues:StringEquals']?.['dynamodb:Attributes'];
      expect({ sid: statement.Sid, actions: actionsOf(statement), condition: statement.Condition }).toEqual({
        sid: statement.Sid,
        actions: ['dynamodb:PutItem'],
        condition: attemptPut
          ? { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': expect.any(Array) } }
          : { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['skills#*'] } },
      });
      if (attemptPut) expect(attributes).not.toEqual(expect.arrayContaining(['userId']));
      if (attemptPut) expect(attributes).not.toEqual(expect.arrayContaining(['messages']));
    }
  });

  it('gives every statement a unique Sid and a comment saying why', () => {
    const sids = statements(t).map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    // The log statement is explained once, above the role; every other one above itself.
    const lines = t.text.split('\n');
    const uncommented = lines
      .map((line, i) => ({ sid: /^\s*- Sid: (\w+)/.exec(line)?.[1], before: lines[i - 1]?.trim() ?? '' }))
      .filter(({ sid, before }) => sid !== undefined && sid !== 'OwnLogGroupOnly' && !before.startsWith('#'))
      .map(({ sid }) => sid);
    expect(uncommented).toEqual([]);
  });

  it('names its own route key on its routes', () => {
    expect(resource(t, `${t.spec.api}Route`).Properties?.RouteKey).toBe(t.spec.routeKey);
    expect(resource(t, `${t.spec.api}PublicRoute`).Properties?.RouteKey).toBe(t.spec.routeKey);
  });
});

describe('the hand-off: root template -> platform SSM parameters -> function stacks', () => {
  const root = parseTemplate(fs.readFileSync(path.join(ROOT, 'template.yml'), 'utf8'));
  const platform = parseTemplate(fs.readFileSync(path.join(ROOT, 'platform/template.yml'), 'utf8'));
  const published = Object.values(platform.Resources ?? {})
    .filter((r) => r.Type === 'AWS::SSM::Parameter')
    .map((r) => r.Properties?.Name);

  it.each(templates.map((t) => [t.file, t]))('%s: nested in the root template, after the platform, with every parameter passed', (_file, t) => {
    const nested = Object.values(root.Resources ?? {}).find((r) => r.Properties?.Location === t.file);
    expect(nested?.Type).toBe('AWS::Serverless::Application');
    expect((nested as { DependsOn?: unknown } | undefined)?.DependsOn).toBe('Platform');
    // A parameter left out would silently take its default: the SSM names of a platform
    // deployed on its own, not this stack tree's.
    const passed = (nested?.Properties?.Parameters ?? {}) as Record<string, unknown>;
    expect(Object.keys(passed).sort()).toEqual(Object.keys(t.template.Parameters ?? {}).sort());
  });

  it.each(templates.map((t) => [t.file, t]))('%s: every SSM parameter it reads is one the platform publishes, under the root stack\'s prefix when nested', (_file, t) => {
    const nested = Object.values(root.Resources ?? {}).find((r) => r.Properties?.Location === t.file);
    const passed = (nested?.Properties?.Parameters ?? {}) as Record<string, unknown>;
    const ssm = Object.entries(t.template.Parameters ?? {}).filter(([, p]) => p.Type === 'AWS::SSM::Parameter::Value<String>');
    for (const [name, parameter] of ssm) {
      const suffix = String(parameter.Default).replace(/^\/intelliview\//, '');
      expect({ name, published: published.some((n) => JSON.stringify(n) === JSON.stringify({ 'Fn::Sub': `\${ParameterPrefix}/${suffix}` })) })
        .toEqual({ name, published: true });
      expect({ name, passed: passed[name] }).toEqual({ name, passed: { 'Fn::Sub': `/intelliview/\${AWS::StackName}/${suffix}` } });
    }
  });
});
