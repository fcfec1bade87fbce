import '../../../../test/support/quietLogs';
import { startBedrockStub, type BedrockStub, type ConverseCall, type ResponderResult } from '../../../../tools/local/bedrock/server';
import { localModelResponder } from '../../../../tools/local/bedrock/localModel';
import { useLocalAws } from '../../../../test/support/localAws';
import { readModelConfig } from '../config';
import type { ChatMessage } from '../domain';
import { LIMITS, transcriptBytes } from '../limits';
import { ANSWER_LIMITS, ANSWER_SCHEMA_NAME } from './answerSchema';
import { DEFAULT_BUDGET_MS } from './client';
import { MAX_GRADED_QUESTIONS } from './questions';
import { createModel } from './service';

// The whole grade of the longest transcript the limits allow must come back inside the
// route's deadline with one retry on invalid output, at a realistic generation speed:
// every call's first answer is invalid, the stub generates ~60 output tokens/s after a
// time-to-first-token that grows with the input (prefill), per-question answers use every
// character their schema allows, and the session-level answer is a realistic ~2,000 characters.

const TOKENS_PER_SECOND = 60;
/** 0.6 s, plus 1 s per 100 KB of request (the longest transcript is ~160 KiB of text). */
const firstTokenMs = (call: ConverseCall) => 600 + JSON.stringify(call.body).length / 100;

let stub: BedrockStub;
const answered = new Map<string, number>();

const pad = (text: string, length: number) => (text + ' Detail.'.repeat(Math.ceil(length / 8))).slice(0, length);

/** The stand-in's grade, its prose at full length; the first answer to each distinct request is invalid. */
async function slowAndOnceInvalid(call: ConverseCall): Promise<ResponderResult> {
  const key = JSON.stringify(call.body.messages);
  const seen = answered.get(key) ?? 0;
  answered.set(key, seen + 1);
  const result = await localModelResponder(call);
  if (!('text' in result)) throw new Error('expected structured text (json_schema mode)');
  const output = JSON.parse(result.text);
  if (call.body.outputConfig.textFormat.structure.jsonSchema.name === ANSWER_SCHEMA_NAME) {
    output.rationale = pad(output.rationale, ANSWER_LIMITS.rationale);
    output.modelAnswer = pad(output.modelAnswer, ANSWER_LIMITS.modelAnswer);
    output.tip = pad(output.tip, ANSWER_LIMITS.tip);
    if (seen === 0) output.score = 42; // invalid: the one retry
  } else {
    output.summary = pad(output.summary, 450);
    output.suggestions = [pad('Practise', 200), pad('Quantify', 200), pad('Structure', 200)];
    if (seen === 0) output.ratings.overall = 11;
  }
  return { text: JSON.stringify(output) };
}

/** 120 messages (60 questions, each answered) of ~160 KiB: the most a grade may be asked for. */
function longestTranscript(): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const answerChars = Math.floor(LIMITS.maxTranscriptBytes / (LIMITS.maxMessages / 2)) - 120;
  for (let index = 0; index < LIMITS.maxMessages / 2; index += 1) {
    messages.push({ role: 'assistant', content: `Question ${index + 1}: how would you find two numbers in an array that add up to a target?` });
    messages.push({ role: 'user', content: pad(`First I would use a hash map for O(n) time, then check edge cases such as duplicates. Answer ${index}.`, answerChars) });
  }
  return messages;
}

beforeAll(async () => {
  stub = await startBedrockStub({ responder: slowAndOnceInvalid, pace: { outputTokensPerSecond: TOKENS_PER_SECOND, firstTokenMs } });
  useLocalAws({ bedrock: stub.url });
});

afterAll(async () => {
  await stub.close();
});

it('grades the longest allowed transcript, every call retried once, inside the deadline at 60 tokens/s', async () => {
  // Arrange
  const messages = longestTranscript();
  expect(messages).toHaveLength(LIMITS.maxMessages);
  expect(transcriptBytes(messages)).toBeLessThanOrEqual(LIMITS.maxTranscriptBytes);
  const model = createModel(readModelConfig({ MODEL_ID: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', MODEL_TIMEOUT_MS: '28000' }));
  const started = Date.now();
  // Act
  const feedback = await model.gradeInterview({ category: 'DSA', difficulty: 'Medium', messages }, { deadlineMs: started + DEFAULT_BUDGET_MS });
  const elapsed = Date.now() - started;
  // Assert
  expect(feedback.questions).toHaveLength(MAX_GRADED_QUESTIONS);
  expect(feedback.ungradedQuestions).toBe(LIMITS.maxMessages / 2 - MAX_GRADED_QUESTIONS);
  expect(stub.calls).toHaveLength(2 * (MAX_GRADED_QUESTIONS + 1));
  expect(elapsed).toBeLessThan(DEFAULT_BUDGET_MS);
  // Printed for docs/model.md: the margin left under the 28 s model deadline.
  console.log(`longest grade with one retry per call at ${TOKENS_PER_SECOND} tokens/s: ${elapsed} ms`);
}, 40_000);
