import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApp } from './templates';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT_TEMPLATE = path.join(HERE, '..', '..', 'template.yml');
const FIXTURE_TEMPLATE = path.join(HERE, '__fixtures__', 'template.yml');

describe('loadApp on the project templates', () => {
  const app = loadApp({ rootTemplate: ROOT_TEMPLATE, parameterOverrides: { AuthMode: 'none' } });

  it('finds every route of the nested function stacks, each bound to its function folder', () => {
    // Act
    const routes = Object.fromEntries(app.routes.map((route) => [route.routeKey, route.fn.name]));

    // Assert: the five routes of the frontend contract
    expect(routes).toEqual({
      'POST /interview': 'generateInterviewQuestion',
      'GET /review': 'fetchSession',
      'POST /feedback': 'generateFeedbackFunction',
      'GET /sessions': 'listSessions',
      'GET /skills': 'aggregateSkillsFunction',
    });
    expect(app.warnings).toEqual([]);
  });

  it('resolves each function\'s environment through the SSM hand-off of the platform stack', () => {
    for (const fn of app.functions) {
      // Assert
      expect(fn.environment.TABLE_NAME).toBe(app.table?.tableName);
      expect(fn.environment.AUTH_MODE).toBe('none');
      expect(fn.entryFile).toBe(path.join(fn.codeDir, 'handler.ts'));
      expect(fn.timeoutSeconds).toBeGreaterThan(0);
    }
  });

  it('takes the table schema and its GSI from the platform template', () => {
    // Act
    const input = app.table?.createTableInput as { KeySchema: unknown; GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown }[] };

    // Assert
    expect(input.KeySchema).toEqual([
      { AttributeName: 'sessionId', KeyType: 'HASH' },
      { AttributeName: 'ts', KeyType: 'RANGE' },
    ]);
    expect(input.GlobalSecondaryIndexes.map((index) => index.IndexName)).toEqual(['userId-ts-index']);
    expect(input).not.toHaveProperty('SSESpecification');
  });

  it('follows the root parameters into the nested stacks', () => {
    // Act
    const cognito = loadApp({ rootTemplate: ROOT_TEMPLATE, parameterOverrides: { AuthMode: 'cognito', UserIndexName: 'other-index' } });

    // Assert
    expect(cognito.functions.every((fn) => fn.environment.AUTH_MODE === 'cognito')).toBe(true);
    expect(cognito.functions.find((fn) => fn.name === 'listSessions')?.environment.USER_INDEX_NAME).toBe('other-index');
  });
});

describe('loadApp on the fixture templates', () => {
  const app = loadApp({ rootTemplate: FIXTURE_TEMPLATE });

  it('merges Globals into each function, the function\'s own values winning', () => {
    // Act
    const echo = app.functions.find((fn) => fn.logicalId === 'EchoFunction');
    const slow = app.functions.find((fn) => fn.logicalId === 'SlowFunction');

    // Assert
    expect(echo?.environment).toEqual({ GREETING: 'hello', TABLE_NAME: 'intelliview-local-fixture', ONLY_ECHO: 'hello-echo' });
    expect(echo?.timeoutSeconds).toBe(5);
    expect(slow?.timeoutSeconds).toBe(1);
    expect(echo?.memoryMb).toBe(128);
  });

  it('resolves an integration given as an apigateway invocation ARN, and routes in nested stacks', () => {
    // Act
    const routes = Object.fromEntries(app.routes.map((route) => [route.routeKey, route.fn.logicalId]));

    // Assert
    expect(routes).toEqual({
      'ANY /echo/{proxy+}': 'EchoFunction',
      'POST /echo': 'EchoFunction',
      'GET /slow': 'SlowFunction',
      'GET /shape/{kind}': 'ShapeFunction',
    });
  });

  it('reads an AWS::SSM::Parameter::Value parameter from the SSM resource of that name', () => {
    // Act
    const shape = app.functions.find((fn) => fn.logicalId === 'ShapeFunction');

    // Assert
    expect(shape?.environment.NESTED_GREETING).toBe('hello from ssm');
    expect(shape?.memoryMb).toBe(256);
  });

  it('applies parameter overrides', () => {
    // Act
    const overridden = loadApp({ rootTemplate: FIXTURE_TEMPLATE, parameterOverrides: { Greeting: 'hi' } });

    // Assert
    expect(overridden.functions.find((fn) => fn.logicalId === 'ShapeFunction')?.environment.NESTED_GREETING).toBe('hi from ssm');
  });
});

describe('reserved concurrency', () => {
  it('is read from the model functions when the root template sets it, and absent when 0', () => {
    // Arrange / Act
    const capped = loadApp({ rootTemplate: ROOT_TEMPLATE, parameterOverrides: { AuthMode: 'none', InterviewReservedConcurrency: '2' } });
    const reserved = Object.fromEntries(capped.functions.map((fn) => [fn.name, fn.reservedConcurrency]));
    // Assert
    expect(reserved).toEqual({
      generateInterviewQuestion: 2,
      fetchSession: undefined,
      generateFeedbackFunction: undefined,
      listSessions: undefined,
      aggregateSkillsFunction: undefined,
    });
  });
});
