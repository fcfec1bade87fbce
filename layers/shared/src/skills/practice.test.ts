import { practiceReport, PRACTICE_QUESTIONS, recordAttempt } from './practice';

const attempt = (sessionId: string, question: string, score: number, delta: number | null) => ({ sessionId, questionIndex: 1, category: 'DSA', question, score, delta });

describe('practice in the skills aggregate', () => {
  it('counts attempts, averages the deltas that exist, and lists retried questions still below 5, most recent first', () => {
    // Arrange / Act
    let state = recordAttempt(undefined, attempt('s1', 'Q a', 3, 1));
    state = recordAttempt(state, attempt('s2', 'Q b', 4, null));
    state = recordAttempt(state, attempt('s1', 'Q c', 8, 5));
    // Assert
    expect(practiceReport(state)).toEqual({
      attempts: 3,
      averageDelta: 3,
      belowFive: [
        { sessionId: 's2', index: 1, category: 'DSA', score: 4 },
        { sessionId: 's1', index: 1, category: 'DSA', score: 3 },
      ],
    });
  });

  it('drops a question from the list once a retry reaches 5, and keeps the list bounded', () => {
    let state = recordAttempt(undefined, attempt('s1', 'Q a', 2, -1));
    state = recordAttempt(state, attempt('s1', 'Q a', 6, 4));
    expect(practiceReport(state).belowFive).toEqual([]);
    for (let n = 0; n < PRACTICE_QUESTIONS + 5; n += 1) state = recordAttempt(state, attempt(`s${n}`, 'Q', 1, 0));
    expect(practiceReport(state).belowFive).toHaveLength(PRACTICE_QUESTIONS);
    expect(practiceReport(state).belowFive[0]?.sessionId).toBe(`s${PRACTICE_QUESTIONS + 4}`);
  });

  it('reports no average before any attempt with a previous score', () => {
    expect(practiceReport(undefined)).toEqual({ attempts: 0, averageDelta: null, belowFive: [] });
  });
});
