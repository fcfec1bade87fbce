import { budgetsFrom, parse, UsageError } from './cli';

describe('the budget flags', () => {
  it('hand the given counts to local mode, unlimited (0) where absent', () => {
    // Arrange
    const { values } = parse(['--daily-turns', '5', '--max-turns-per-session', '4'], {});
    // Act / Assert
    expect(budgetsFrom(values)).toEqual({ dailyTurns: 5, dailyGrades: 0, maxTurnsPerSession: 4 });
  });

  it('refuse a count that is not a whole number', () => {
    const { values } = parse(['--daily-grades=-1'], {});
    expect(() => budgetsFrom(values)).toThrow(new UsageError('--daily-grades must be a whole number (0 = unlimited), got "-1"'));
  });
});
