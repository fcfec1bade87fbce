import { questionsOf, shorten } from './questions';

describe('the questions of a transcript (decided by the server)', () => {
  it('makes every interviewer turn a question with the answers after it, leading user turns left out', () => {
    // Arrange
    const messages = [
      { role: 'user' as const, content: 'You are an expert interviewer.' },
      { role: 'assistant' as const, content: 'Tell me about a conflict.' },
      { role: 'user' as const, content: 'I disagreed with my lead.' },
      { role: 'user' as const, content: 'We split the scope.' },
      { role: 'assistant' as const, content: 'What was the result?' },
      { role: 'user' as const, content: '' },
      { role: 'assistant' as const, content: 'And what would you change?' },
    ];
    // Act
    const questions = questionsOf(messages);
    // Assert
    expect(questions).toEqual([
      { index: 0, question: 'Tell me about a conflict.', answer: 'I disagreed with my lead.\n\nWe split the scope.' },
      { index: 1, question: 'What was the result?', answer: '' },
      { index: 2, question: 'And what would you change?', answer: '' },
    ]);
  });

  it('folds a closing remark that asks nothing, but keeps a final question', () => {
    const closing = questionsOf([
      { role: 'assistant', content: 'How would you cache this?' },
      { role: 'user', content: 'With a CDN.' },
      { role: 'assistant', content: 'Thank you, that covers everything. You can end the interview now.' },
    ]);
    const imperative = questionsOf([{ role: 'assistant', content: 'Tell me about yourself.' }]);
    expect(closing.map((question) => question.question)).toEqual(['How would you cache this?']);
    expect(imperative).toHaveLength(1);
  });

  it('shortens long text at a word boundary with an ellipsis', () => {
    expect(shorten('short', 10)).toBe('short');
    const long = shorten('word '.repeat(100), 50);
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long.endsWith('word…')).toBe(true);
  });
});
