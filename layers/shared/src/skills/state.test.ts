import type { Feedback } from '../domain';
import {
  buildState,
  canonicalJson,
  contributionOf,
  emptyState,
  gradeOrder,
  latestGraded,
  newGradeId,
  renderReport,
  replaceContribution,
  SKILLS_LIMITS,
} from './state';
import { FIRST_PRACTICE } from './nextPractice';

function feedback(ratings: Feedback['ratings'], strengths: string[], weaknesses: string[]): Feedback {
  return { summary: 's', ratings, strengths, weaknesses, suggestions: ['x'] };
}

let clock = 1_732_400_000_000;
function graded(sessionId: string, f: Feedback, category = 'DSA', ts = 1_732_400_000) {
  return contributionOf({ sessionId, ts, category, feedback: f, gradeId: newGradeId((clock += 1000)) });
}

describe('the skills state', () => {
  it('renders zeros and empty lists for no sessions', () => {
    expect(renderReport(emptyState())).toEqual({
      sessionsAnalyzed: 0,
      avgRatings: {},
      topStrengths: [],
      topWeaknesses: [],
      byCategory: {},
      trend: [],
      nextPractice: FIRST_PRACTICE,
      practice: { attempts: 0, averageDelta: null, belowFive: [] },
    });
  });

  it('records the session difficulty in its trend entry (absent when the item has none)', () => {
    // Arrange
    const withDifficulty = contributionOf({ sessionId: 'd', ts: 1_732_400_000, category: 'HR', difficulty: 'Hard', feedback: feedback({ technical: 5, communication: 5, confidence: 5, overall: 5 }, ['x'], ['y']) });
    const legacy = contributionOf({ sessionId: 'l', ts: 1_732_400_001, category: 'HR', feedback: feedback({ technical: 5, communication: 5, confidence: 5, overall: 5 }, ['x'], ['y']) });
    // Act
    const trend = renderReport(buildState([withDifficulty, legacy])).trend;
    // Assert
    expect(trend.map((entry) => [entry.sessionId, entry.difficulty])).toEqual([
      ['d', 'Hard'],
      ['l', undefined],
    ]);
    expect('difficulty' in (trend[1] ?? {})).toBe(false);
  });

  it('averages ratings to 2 decimals and counts points most frequent first, spelling variants together', () => {
    // Arrange
    const state = buildState([
      graded('a', feedback({ technical: 6, communication: 7, confidence: 6, overall: 7 }, ['Clear structure', 'Calm'], ['Edge cases'])),
      graded('b', feedback({ technical: 7, communication: 8, confidence: 6, overall: 7 }, ['clear  structure '], ['Edge cases', 'Pace'])),
      graded('c', feedback({ technical: 7, communication: 7.5, confidence: 6, overall: 7 }, ['Depth'], ['Edge cases']), 'HR'),
    ]);
    // Act
    const report = renderReport(state);
    // Assert
    expect(report.sessionsAnalyzed).toBe(3);
    expect(report.avgRatings).toEqual({ technical: 6.67, communication: 7.5, confidence: 6, overall: 7 });
    expect(report.topStrengths).toEqual([['Clear structure', 2], ['Calm', 1], ['Depth', 1]]);
    expect(report.topWeaknesses).toEqual([['Edge cases', 3], ['Pace', 1]]);
    expect(report.byCategory).toEqual({
      DSA: { sessionsAnalyzed: 2, avgRatings: { technical: 6.5, communication: 7.5, confidence: 6, overall: 7 } },
      HR: { sessionsAnalyzed: 1, avgRatings: { technical: 7, communication: 7.5, confidence: 6, overall: 7 } },
    });
    expect(report.trend.map((entry) => entry.sessionId)).toEqual(['a', 'b', 'c']);
  });

  it('keeps at most five points per list', () => {
    const state = buildState([graded('a', feedback({ technical: 1, communication: 1, confidence: 1, overall: 1 }, ['a', 'b', 'c', 'd', 'e', 'f'], ['w']))]);
    expect(renderReport(state).topStrengths).toHaveLength(5);
  });

  it('replaces a re-graded session instead of counting it twice', () => {
    // Arrange
    const first = graded('a', feedback({ technical: 2, communication: 2, confidence: 2, overall: 2 }, ['Calm'], ['Pace']));
    const second = graded('a', feedback({ technical: 8, communication: 8, confidence: 8, overall: 8 }, ['Depth'], ['Pace']));
    const once = replaceContribution(emptyState(), 'a', undefined, first).state;
    // Act
    const regraded = replaceContribution(once, 'a', first, second).state;
    // Assert
    expect(canonicalJson(regraded)).toBe(canonicalJson(buildState([second])));
    expect(renderReport(regraded).sessionsAnalyzed).toBe(1);
    expect(regraded.strengths).toEqual({ depth: { t: 'Depth', c: 1 } });
  });

  it('undoes a change exactly, trend entries pushed out included', () => {
    // Arrange: a full trend, then one more session pushes the oldest out
    const contributions = Array.from({ length: SKILLS_LIMITS.trendLength }, (_, i) =>
      graded(`s${i}`, feedback({ technical: i % 11, communication: 5, confidence: 5, overall: 5 }, [`p${i % 3}`], ['w'])),
    );
    const full = buildState(contributions);
    const extra = graded('extra', feedback({ technical: 9, communication: 9, confidence: 9, overall: 9 }, ['p1'], ['w']));
    const applied = replaceContribution(full, 'extra', undefined, extra);
    expect(applied.evicted.map((entry) => entry.sessionId)).toEqual(['s0']);
    // Act
    const undone = replaceContribution(applied.state, 'extra', extra, undefined, applied.evicted).state;
    // Assert
    expect(canonicalJson(undone)).toBe(canonicalJson(full));
  });

  it('keeps the trend to the last graded sessions, oldest first', () => {
    const contributions = Array.from({ length: 25 }, (_, i) => graded(`s${i}`, feedback({ technical: 5, communication: 5, confidence: 5, overall: 5 }, ['x'], ['y'])));
    const trend = renderReport(buildState(contributions)).trend;
    expect(trend.map((entry) => entry.sessionId)).toEqual(Array.from({ length: 20 }, (_, i) => `s${i + 5}`));
    expect(trend[0]).toEqual({ sessionId: 's5', ts: 1_732_400_000, category: 'DSA', ratings: { technical: 5, communication: 5, confidence: 5, overall: 5 } });
  });

  it('bounds the point lists by pruning the rarest keys, and says how many it dropped', () => {
    // Arrange: one frequent point and many one-off points
    const contributions = Array.from({ length: 60 }, (_, i) =>
      graded(`s${i}`, feedback({ technical: 5, communication: 5, confidence: 5, overall: 5 }, ['Frequent', `one-off ${i}a`, `one-off ${i}b`], ['y'])),
    );
    // Act
    const state = buildState(contributions);
    // Assert
    expect(Object.keys(state.strengths).length).toBeLessThanOrEqual(SKILLS_LIMITS.maxPointKeys);
    expect(state.prunedPoints).toBeGreaterThan(0);
    expect(Object.keys(state.strengths).length + state.prunedPoints).toBe(121);
    expect(renderReport(state).topStrengths[0]).toEqual(['Frequent', 60]);
  });

  it('clips long points and stores ratings in hundredths', () => {
    const c = contributionOf({ sessionId: 'a', ts: 1, feedback: feedback({ technical: 7.255, communication: 1, confidence: 1, overall: 1 }, ['x'.repeat(300)], []) });
    expect(c.strengths[0]![1]).toHaveLength(SKILLS_LIMITS.maxPointChars);
    expect(c.ratings.technical).toBe(726);
    expect(c.category).toBe('Unknown');
  });

  it('orders new grades after legacy grades of the same second, and picks the latest grade of a session', () => {
    // Arrange
    const legacy = { ts: 2, feedback: {}, feedbackTimestamp: 1_732_400_000 };
    const fresh = { ts: 1, feedback: {}, gradeId: newGradeId(1_732_400_000_500) };
    // Act / Assert
    expect(gradeOrder(fresh) > gradeOrder(legacy)).toBe(true);
    expect(latestGraded([legacy, fresh, { ts: 3 }])).toBe(fresh);
    expect(latestGraded([{ ts: 3 }])).toBeUndefined();
  });
});
