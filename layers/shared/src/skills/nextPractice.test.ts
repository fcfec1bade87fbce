import type { Feedback } from '../domain';
import { FIRST_PRACTICE, nextPractice } from './nextPractice';
import { buildState, contributionOf, emptyState, newGradeId } from './state';

let clock = 1_800_000_000_000;
/** One graded session: its category, difficulty, overall rating and weaknesses. */
function session(sessionId: string, category: string, difficulty: string | undefined, overall: number, weaknesses: string[] = ['Pace']) {
  const feedback: Feedback = { summary: 's', ratings: { technical: overall, communication: overall, confidence: overall, overall }, strengths: ['Calm'], weaknesses, suggestions: ['x'] };
  return contributionOf({ sessionId, ts: 1_732_400_000, category, ...(difficulty ? { difficulty } : {}), feedback, gradeId: newGradeId((clock += 1000)) });
}

describe('nextPractice', () => {
  it('gives a user with no graded session the default, and says why', () => {
    // Act
    const plan = nextPractice(emptyState());
    // Assert
    expect(plan).toEqual(FIRST_PRACTICE);
    expect(plan).toEqual({ category: 'Behavioral', difficulty: 'Easy', focus: [], reason: expect.stringMatching(/^No graded session yet/) });
  });

  it('names the category with the lowest recent overall, the recurring weakness, and keeps the difficulty', () => {
    // Arrange: DSA is weakest recently (5 and 6 → 5.5); "Edge cases" recurs three times
    const state = buildState([
      session('a', 'DSA', 'Medium', 5, ['Edge cases', 'Pace']),
      session('b', 'HR', 'Easy', 8, ['Edge cases']),
      session('c', 'DSA', 'Medium', 6, ['Edge cases', 'Short answers']),
    ]);
    // Act
    const plan = nextPractice(state);
    // Assert
    expect(plan).toEqual({
      category: 'DSA',
      difficulty: 'Medium',
      focus: ['Edge cases'],
      reason: 'DSA has your lowest recent overall rating (5.5 over its last 2 graded sessions); "Edge cases" recurred as a weakness in 3 sessions; the difficulty stays at Medium.',
    });
  });

  it('judges a category by its last 3 sessions only, not its whole history', () => {
    // Arrange: DSA started badly (1) but its last three are 7s; HR's one session is 6
    const state = buildState([
      session('a', 'DSA', 'Easy', 1),
      session('b', 'DSA', 'Easy', 7),
      session('c', 'DSA', 'Easy', 7),
      session('d', 'DSA', 'Easy', 7),
      session('e', 'HR', 'Easy', 6),
    ]);
    // Act / Assert
    expect(nextPractice(state).category).toBe('HR');
  });

  it('steps the difficulty up after two sessions of that difficulty at 8 or more', () => {
    const state = buildState([session('a', 'Product', 'Medium', 8), session('b', 'Product', 'Medium', 9)]);
    const plan = nextPractice(state);
    expect([plan.category, plan.difficulty]).toEqual(['Product', 'Hard']);
    expect(plan.reason).toContain('your last two Medium sessions there scored 8 or more, so the difficulty steps up to Hard');
  });

  it('steps the difficulty down after two sessions of that difficulty at 4 or less, never below Easy', () => {
    const down = nextPractice(buildState([session('a', 'HR', 'Hard', 4), session('b', 'HR', 'Hard', 2)]));
    const floor = nextPractice(buildState([session('a', 'HR', 'Easy', 1), session('b', 'HR', 'Easy', 2)]));
    expect([down.difficulty, floor.difficulty]).toEqual(['Medium', 'Easy']);
    expect(down.reason).toContain('steps down to Medium');
  });

  it('does not step when the two sessions were at different difficulties, or with only one', () => {
    const mixed = nextPractice(buildState([session('a', 'HR', 'Easy', 9), session('b', 'HR', 'Medium', 9)]));
    const single = nextPractice(buildState([session('a', 'HR', 'Medium', 10)]));
    expect([mixed.difficulty, single.difficulty]).toEqual(['Medium', 'Medium']);
  });

  it('uses Medium for trend entries written before difficulty was recorded', () => {
    expect(nextPractice(buildState([session('a', 'DSA', undefined, 9), session('b', 'DSA', undefined, 9)])).difficulty).toBe('Medium');
  });

  it('falls back to the most frequent weaknesses when none recurs, at most 3, each clipped to 80 characters', () => {
    // Arrange
    const long = `${'Explains the trade-offs of every design choice '.repeat(2)}too briefly`;
    const state = buildState([session('a', 'DSA', 'Easy', 5, [long, 'Vague', 'Rushed', 'Pace'])]);
    // Act
    const plan = nextPractice(state);
    // Assert
    expect(plan.focus).toEqual([`${long.slice(0, 79).trimEnd()}…`, 'Pace', 'Rushed']);
    expect(plan.focus[0]).toHaveLength(80);
    expect(plan.reason).toContain('no weakness has recurred yet');
  });

  it('breaks a tie between categories by fewer sessions, then by the category list order', () => {
    const fewer = nextPractice(buildState([session('a', 'Behavioral', 'Easy', 6), session('b', 'Behavioral', 'Easy', 6), session('c', 'Product', 'Easy', 6)]));
    const order = nextPractice(buildState([session('a', 'Product', 'Easy', 6), session('b', 'HR', 'Easy', 6)]));
    expect([fewer.category, order.category]).toEqual(['Product', 'HR']);
  });

  it('ignores categories outside the five (legacy "Unknown")', () => {
    expect(nextPractice(buildState([session('a', 'Unknown', 'Easy', 1)]))).toEqual(FIRST_PRACTICE);
  });
});
