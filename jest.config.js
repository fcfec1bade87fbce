// Two projects: fast unit tests beside the code, and integration tests that start an
// embedded DynamoDB (dynalite) and a Bedrock-compatible HTTP endpoint on loopback ports.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/test/support/quietLogs.ts'],
  modulePathIgnorePatterns: ['<rootDir>/.aws-sam', '<rootDir>/.local-data', '<rootDir>/.*/\\.aws-sam'],
};

export default {
  // Integration suites start servers and child processes; 30 s per test is their budget.
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$', '/\\.aws-sam/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/\\.aws-sam/'],
    },
  ],
};
