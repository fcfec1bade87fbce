import { fileURLToPath } from 'node:url';
import { FunctionPool } from './service';
import type { LambdaFunction } from '../templates';

// The pool caps execution environments like reserved concurrency: a burst of requests
// queues for a free environment instead of starting one worker thread per request.

const fixture: LambdaFunction = {
  name: 'fixture',
  logicalId: 'PauseFunction',
  physicalName: 'PauseFunction',
  templateFile: fileURLToPath(new URL('../__fixtures__/template.yml', import.meta.url)),
  codeDir: fileURLToPath(new URL('../__fixtures__', import.meta.url)),
  entryFile: fileURLToPath(new URL('../__fixtures__/handlers.ts', import.meta.url)),
  exportName: 'pause',
  runtime: 'nodejs22.x',
  timeoutSeconds: 5,
  memoryMb: 128,
  environment: {},
  reservedConcurrency: undefined,
};

it('serves a burst of 8 invocations with at most 2 environments, all succeeding', async () => {
  // Arrange
  const pool = new FunctionPool(fixture, { ...process.env } as Record<string, string>, { region: 'us-east-1', accountId: '123456789012', maxEnvironments: 2 });
  try {
    // Act
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => pool.invoke({})));
    // Assert
    expect(outcomes.every((outcome) => outcome.status === 'ok')).toBe(true);
    const threads = new Set(outcomes.map((outcome) => (outcome.status === 'ok' ? (outcome.payload as { body: string }).body : '')));
    expect(threads.size).toBeLessThanOrEqual(2);
    expect(threads.size).toBeGreaterThanOrEqual(1);
  } finally {
    await pool.close();
  }
});

it("follows the function's reserved concurrency when no cap is given: 4 at once on 1 reserved share one environment", async () => {
  // Arrange
  const pool = new FunctionPool({ ...fixture, reservedConcurrency: 1 }, { ...process.env } as Record<string, string>, { region: 'us-east-1', accountId: '123456789012' });
  try {
    // Act
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => pool.invoke({})));
    // Assert
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const threads = new Set(outcomes.map((outcome) => (outcome.status === 'ok' ? (outcome.payload as { body: string }).body : '')));
    expect(threads.size).toBe(1);
  } finally {
    await pool.close();
  }
});
