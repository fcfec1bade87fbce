import { startBedrockStub, type BedrockStub, type ConverseCall } from './bedrock/server';
import { startLocalMode, type LocalMode } from './localMode';

// `npm start -- --bedrock` runs the deployed model path: the template's MODEL_ID, the SDK's
// default credential chain, and the standard AWS_ENDPOINT_URL_BEDROCK_RUNTIME from the
// shell if one is set, here a stub standing in for Bedrock (nothing reaches AWS).

let stub: BedrockStub;
let local: LocalMode;
const calls: ConverseCall[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  stub = await startBedrockStub({
    responder: (call) => {
      calls.push(call);
      return { text: 'Tell me about a project you are proud of.' };
    },
  });
  Object.assign(process.env, { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: stub.url, AWS_ACCESS_KEY_ID: 'shell', AWS_SECRET_ACCESS_KEY: 'shell' });
  local = await startLocalMode({ port: 0, dataDir: null, model: 'bedrock' });
});
afterAll(async () => {
  await local?.close();
  await stub?.close();
  process.env = saved;
});

it('sends the interviewer turn to the shell\'s Bedrock endpoint with the template\'s model id', async () => {
  // Act
  const res = await fetch(`${local.url}/interview`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId: 'bedrock-mode', ts: 1732400000, userId: 'u', category: 'HR', difficulty: 'Easy', messages: [{ role: 'user', content: 'Start' }] }),
  });
  // Assert
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ message: 'Tell me about a project you are proud of.' });
  expect(local.bedrock).toBeUndefined();
  expect(calls).toHaveLength(1);
  expect(calls[0]!.modelId).toMatch(/anthropic\.claude/);
});
