import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { localModelResponder } from '../tools/local/bedrock/localModel';
import { startTestStack, type FunctionName, type TestStack } from './support/stack';

// Every sample event in events/ (the files `sam local invoke -e` uses) is fed to its
// handler, in the order a session plays them, and gets the status docs/deploy-sam.md documents.
// The events carry Cognito claims, so this runs in the deployed default mode.

const EVENTS_DIR = fileURLToPath(new URL('../events', import.meta.url));

/** In play order; docs/deploy-sam.md's sample events table lists the same statuses. */
const DOCUMENTED_STATUS: Array<[file: string, status: number]> = [
  ['fetchSession.notFound.json', 404],
  ['generateInterviewQuestion.json', 200],
  ['generateInterviewQuestion.nextTurn.json', 200],
  ['generateInterviewQuestion.invalid.json', 400],
  ['generateFeedbackFunction.json', 200],
  ['generateFeedbackFunction.unknownSession.json', 404],
  ['fetchSession.json', 200],
  ['fetchSession.missingSessionId.json', 400],
  ['listSessions.json', 200],
  ['aggregateSkillsFunction.json', 200],
];

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ responder: localModelResponder, env: { AUTH_MODE: 'cognito' } });
});
afterAll(async () => stack?.close());

function load(file: string): APIGatewayProxyEventV2 {
  return JSON.parse(readFileSync(join(EVENTS_DIR, file), 'utf8')) as APIGatewayProxyEventV2;
}

it('documents a status for every event file', () => {
  const files = readdirSync(EVENTS_DIR).filter((file) => file.endsWith('.json') && file !== 'env.json');
  expect(files.sort()).toEqual(DOCUMENTED_STATUS.map(([file]) => file).sort());
});

it.each(DOCUMENTED_STATUS)('%s → %i', async (file, status) => {
  // Arrange
  const fn = file.split('.')[0] as FunctionName;
  // Act
  const result = await stack.invoke(fn, load(file));
  // Assert
  expect(result.statusCode).toBe(status);
  expect(result.headers['Access-Control-Allow-Origin']).toBeDefined();
  if (status >= 400) expect(typeof result.body.error).toBe('string');
});

it('left the played session complete: two turns, graded, listed and counted', async () => {
  const review = await stack.invoke('fetchSession', load('fetchSession.json'));
  const last = review.body.messages.at(-1);
  expect(last.messages).toHaveLength(4);
  expect(last.feedback.ratings.overall).toEqual(expect.any(Number));
  const skills = await stack.invoke('aggregateSkillsFunction', load('aggregateSkillsFunction.json'));
  expect(skills.body.sessionsAnalyzed).toBe(1);
});
