import { aggregateFeedback, EMPTY_SKILLS } from './aggregate';
import type { Feedback } from '../domain';

function feedback(ratings: Feedback['ratings'], strengths: string[], weaknesses: string[]): Feedback {
  return { summary: 's', ratings, strengths, weaknesses, suggestions: ['x'] };
}

describe('aggregateFeedback', () => {
  it('answers zeros and empty lists for no sessions', () => {
    expect(aggregateFeedback([])).toEqual(EMPTY_SKILLS);
  });

  it('averages ratings to 2 decimals and counts points most frequent first', () => {
    // Arrange
    const graded = [
      feedback({ technical: 6, communication: 7, confidence: 6, overall: 7 }, ['Clear structure', 'Calm'], ['Edge cases']),
      feedback({ technical: 7, communication: 8, confidence: 6, overall: 7 }, ['clear structure '], ['Edge cases', 'Pace']),
      feedback({ technical: 7, communication: 7.5, confidence: 6, overall: 7 }, ['Depth'], ['Edge cases']),
    ];
    // Act
    const report = aggregateFeedback(graded);
    // Assert
    expect(report.sessionsAnalyzed).toBe(3);
    expect(report.avgRatings).toEqual({ technical: 6.67, communication: 7.5, confidence: 6, overall: 7 });
    expect(report.topStrengths).toEqual([['Clear structure', 2], ['Calm', 1], ['Depth', 1]]);
    expect(report.topWeaknesses).toEqual([['Edge cases', 3], ['Pace', 1]]);
  });

  it('keeps at most five points', () => {
    const graded = [feedback({ technical: 1, communication: 1, confidence: 1, overall: 1 }, ['a', 'b', 'c', 'd', 'e', 'f'], ['w'])];
    expect(aggregateFeedback(graded).topStrengths).toHaveLength(5);
  });
});
