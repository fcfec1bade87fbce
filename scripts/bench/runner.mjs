// One cold start: `node runner.mjs <bundle> <event.json> <functionName> <memoryMb>`.
// Imports the bundle (the function's init), calls its handler with the event and a
// Lambda-like context, prints one line `@@bench {...}` and exits. Plain JS, no imports
// beyond node:, so the runner itself costs next to nothing.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, functionName, memoryMb] = process.argv.slice(2);
const bootMs = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const initMs = performance.now();
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const started = Date.now();
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: memoryMb,
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => Math.max(0, 29_000 - (Date.now() - started)),
  done() {},
  fail() {},
  succeed() {},
};
const result = await handler(event, context);
const doneMs = performance.now();
process.stdout.write(`\n@@bench ${JSON.stringify({ status: result?.statusCode, bootMs, initMs, doneMs, body: result?.statusCode === 200 ? undefined : result?.body })}\n`);
process.exit(0);
