import { QuoteChecker } from './evidence';

describe('QuoteChecker', () => {
  const checker = new QuoteChecker([
    'First, I would  use a HashMap to store\nseen values — that gives O(n) time.',
    "I don't know the exact answer.",
  ]);

  it('keeps quotes found verbatim after whitespace/case/punctuation normalisation', () => {
    expect(checker.verify('i would use a hashmap to store seen values')).toBe('i would use a hashmap to store seen values');
    expect(checker.verify('"...that gives O(n) time."')).toBeDefined();
    expect(checker.verify('I don’t know the exact answer')).toBeDefined();
    expect(checker.verify('values - that gives')).toBeDefined();
  });

  it('drops quotes that are invented, paraphrased or span two answers', () => {
    expect(checker.verify('I would use a binary search tree')).toBeUndefined();
    expect(checker.verify('O(n) time. I don’t know')).toBeUndefined();
    expect(checker.verify('   ')).toBeUndefined();
  });

  it('keeps every point but only verified quotes, and counts the dropped ones', () => {
    // Act
    const result = checker.check([
      { point: 'Good data structure', quote: 'use a HashMap' },
      { point: 'Confident', quote: 'I am absolutely certain' },
      { point: 'No quote needed', quote: '' },
    ]);
    // Assert
    expect(result.points).toEqual([{ point: 'Good data structure', quote: 'use a HashMap' }, { point: 'Confident' }, { point: 'No quote needed' }]);
    expect(result.dropped).toBe(1);
  });

  it('never accepts the interviewer’s words (only candidate answers are searched)', () => {
    const onlyCandidate = new QuoteChecker(['My answer is short.']);
    expect(onlyCandidate.verify('How would you detect a cycle')).toBeUndefined();
  });
});
