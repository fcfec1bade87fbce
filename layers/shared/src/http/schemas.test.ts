import { feedbackRequestSchema, interviewRequestSchema, parseOr400, reviewQuerySchema } from './schemas';

const valid = {
  sessionId: '9b2f6c1e-4a7d-4f5e-9a57-2f1c0e6b8d31',
  ts: 1732400000,
  userId: 'user-1',
  category: 'DSA',
  difficulty: 'Medium',
  messages: [{ role: 'user', content: 'Start' }],
};

function badRequest(input: unknown) {
  try {
    parseOr400(interviewRequestSchema, input, 'body');
  } catch (error) {
    return error as { statusCode: number; message: string };
  }
  throw new Error('expected a 400');
}

describe('interviewRequestSchema', () => {
  it('accepts the contract body and strips unknown message fields', () => {
    const parsed = parseOr400(interviewRequestSchema, { ...valid, messages: [{ role: 'user', content: 'hi', extra: 1 }] }, 'body');
    expect(parsed.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('maps category and difficulty case-insensitively to the canonical labels', () => {
    const parsed = parseOr400(interviewRequestSchema, { ...valid, category: 'system design', difficulty: 'HARD' }, 'body');
    expect([parsed.category, parsed.difficulty]).toEqual(['System Design', 'Hard']);
  });

  it.each([
    ['missing sessionId', { ...valid, sessionId: undefined }, 'sessionId is required'],
    ['float ts', { ...valid, ts: 1732400000.5 }, 'ts must be an integer'],
    ['boolean ts', { ...valid, ts: true }, 'ts must be an integer'],
    ['negative ts', { ...valid, ts: -5 }, 'ts must be epoch seconds'],
    ['far-future ts', { ...valid, ts: 99999999999 }, 'ts must not be more than one day'],
    ['string ts', { ...valid, ts: '1732400000' }, 'ts must be an integer'],
    ['empty messages', { ...valid, messages: [] }, 'messages must contain at least one message'],
    ['system role', { ...valid, messages: [{ role: 'system', content: 'x' }] }, 'messages[0].role'],
    ['non-string content', { ...valid, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content must be a string'],
    ['a lone surrogate in content', { ...valid, messages: [{ role: 'user', content: 'ok \uD800 no' }] }, 'messages[0].content must be valid Unicode'],
    ['unknown category', { ...valid, category: 'Cooking' }, 'category must be one of'],
    ['numeric difficulty', { ...valid, difficulty: 3 }, 'difficulty must be a string'],
    ['sessionId with slash', { ...valid, sessionId: '../x' }, 'sessionId may contain only'],
    ['over-long sessionId', { ...valid, sessionId: 'a'.repeat(129) }, 'sessionId must be at most 128'],
  ])('rejects %s with a 400 naming the field', (_name, input, message) => {
    // Act
    const error = badRequest(input);
    // Assert
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain(message);
  });

  it('accepts emoji and other astral characters', () => {
    expect(() => parseOr400(interviewRequestSchema, { ...valid, messages: [{ role: 'user', content: 'I 💡 ideas 𝑥' }] }, 'body')).not.toThrow();
  });

  it('accepts a sessionId of exactly 128 characters', () => {
    expect(() => parseOr400(interviewRequestSchema, { ...valid, sessionId: 'a'.repeat(128) }, 'body')).not.toThrow();
  });

  it('rejects a body that is not an object', () => {
    expect(() => parseOr400(interviewRequestSchema, [valid], 'body')).toThrow(expect.objectContaining({ statusCode: 400 }));
  });
});

describe('query schemas', () => {
  it('requires sessionId on /review', () => {
    expect(() => parseOr400(reviewQuerySchema, undefined, 'query')).toThrow('sessionId is required');
  });

  it('requires messages on /feedback', () => {
    expect(() => parseOr400(feedbackRequestSchema, { sessionId: 'a', ts: 1732400000 }, 'body')).toThrow('messages is required');
  });
});
