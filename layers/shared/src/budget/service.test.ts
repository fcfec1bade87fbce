import { readBudgetConfig } from '../config';
import { interviewerTurns, nextUtcMidnightMs, secondsToNextUtcMidnight, utcDay } from './service';

describe('the budget day', () => {
  it('is the UTC date, and resets at the next UTC midnight', () => {
    // Arrange: 23:59:59.500 UTC on 30 Nov 2026
    const now = Date.UTC(2026, 10, 30, 23, 59, 59, 500);
    // Act / Assert
    expect(utcDay(now)).toBe('2026-11-30');
    expect(new Date(nextUtcMidnightMs(now)).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(secondsToNextUtcMidnight(now)).toBe(1);
  });

  it('waits a whole day at midnight itself, and rounds partial seconds up', () => {
    expect(secondsToNextUtcMidnight(Date.UTC(2026, 11, 1))).toBe(86_400);
    expect(secondsToNextUtcMidnight(Date.UTC(2026, 11, 1, 12, 0, 0, 1))).toBe(43_200);
  });
});

describe('interviewerTurns', () => {
  it('counts the assistant messages of a transcript', () => {
    expect(interviewerTurns([{ role: 'user', content: 'go' }, { role: 'assistant', content: 'Q1' }, { role: 'user', content: 'A1' }, { role: 'assistant', content: 'Q2' }])).toBe(2);
    expect(interviewerTurns(undefined)).toBe(0);
  });
});

describe('readBudgetConfig', () => {
  it('reads each limit, with unset, empty and 0 meaning unlimited', () => {
    expect(readBudgetConfig({ DAILY_TURNS_PER_USER: '200', DAILY_GRADES_PER_USER: '0', MAX_TURNS_PER_SESSION: '' })).toEqual({
      dailyTurnsPerUser: 200,
      dailyGradesPerUser: undefined,
      maxTurnsPerSession: undefined,
    });
  });

  it('fails fast on a limit that is not a whole number', () => {
    expect(() => readBudgetConfig({ DAILY_GRADES_PER_USER: '2.5' })).toThrow('Environment variable DAILY_GRADES_PER_USER must be an integer in [0, 1000000], got "2.5"');
  });
});
