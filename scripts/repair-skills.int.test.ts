import { putItems, sessionItem, startAnalyticsTable } from '../test/support/analyticsTable';

// Integration: the repair command against the embedded DynamoDB.
const db = await startAnalyticsTable();
const { repairSkills } = await import('./repair-skills');
const { readAggregate, putAggregate, recomputeState, renderReport, canonicalJson } = await import('@intelliview/shared/skills');
const { recordGrade } = await import('@intelliview/shared/grading');
afterAll(() => db.close());

const BASE = 1_732_400_000;
const feedbackRated = (rating: number) => ({
  summary: 's',
  ratings: { technical: rating, communication: rating, confidence: rating, overall: rating },
  strengths: ['Calm'],
  weaknesses: ['Pace'],
  suggestions: ['x'],
});
const graded = (userId: string, sessionId: string, ts: number, rating: number) =>
  sessionItem(userId, sessionId, ts, { feedback: feedbackRated(rating), feedbackTimestamp: ts + 60 });

describe('npm run repair-skills', () => {
  it('creates missing aggregates, fixes wrong ones, leaves right ones, and a dry run writes nothing', async () => {
    // Arrange: "legacy" has graded sessions but no aggregate; "drifted" has a wrong aggregate; "fine" is right
    await putItems(db, [graded('legacy', 'l1', BASE, 4), graded('legacy', 'l2', BASE + 1, 6), graded('drifted', 'd1', BASE, 8)]);
    await putItems(db, [{ ...graded('fine', 'f1', BASE, 5), feedback: undefined, feedbackTimestamp: undefined }]);
    await recordGrade({ sessionId: 'f1', ts: BASE, owner: 'fine', feedback: feedbackRated(5), feedbackTimestamp: BASE + 60 });
    await recordGrade({ sessionId: 'd1', ts: BASE, owner: 'drifted', feedback: feedbackRated(8), feedbackTimestamp: BASE + 60 });
    const drifted = (await readAggregate('drifted'))!;
    await putAggregate('drifted', { ...drifted.state, sessions: 7 }, drifted.version);
    const lines: string[] = [];

    // Act / Assert: dry run
    const dry = await repairSkills({ dryRun: true }, (line) => lines.push(line));
    expect(dry).toEqual({ created: ['legacy'], updated: ['drifted'], unchanged: ['fine'] });
    expect(await readAggregate('legacy')).toBeUndefined();
    expect(lines.at(-1)).toContain('dry run');

    // Act / Assert: the real run
    expect(await repairSkills({}, () => undefined)).toEqual({ created: ['legacy'], updated: ['drifted'], unchanged: ['fine'] });
    for (const user of ['legacy', 'drifted', 'fine']) {
      expect(canonicalJson((await readAggregate(user))!.state)).toBe(canonicalJson(await recomputeState(user)));
    }
    expect(renderReport((await readAggregate('legacy'))!.state)).toMatchObject({ sessionsAnalyzed: 2, avgRatings: { technical: 5 } });
    expect(renderReport((await readAggregate('drifted'))!.state).sessionsAnalyzed).toBe(1);

    // Act / Assert: only the named users
    expect(await repairSkills({ users: ['fine'] }, () => undefined)).toEqual({ created: [], updated: [], unchanged: ['fine'] });
  });

  it('drops the pending markers the previous write path left in an aggregate', async () => {
    // Arrange: an aggregate with a lease marker, counting a grade that never landed
    await putItems(db, [graded('marked', 'm1', BASE, 6)]);
    await putItems(db, [
      { sessionId: 'skills#marked', ts: 0, kind: 'skillsAggregate', owner: 'marked', version: 3, state: { sessions: 2 }, pending: { m2: { gradeId: 'g', ts: BASE } } },
    ]);
    // Act
    const summary = await repairSkills({ users: ['marked'] }, () => undefined);
    // Assert
    expect(summary).toEqual({ created: [], updated: ['marked'], unchanged: [] });
    const repaired = (await readAggregate('marked'))!;
    expect(repaired.hasLegacyMarkers).toBe(false);
    expect(repaired.version).toBe(4);
    expect(renderReport(repaired.state)).toMatchObject({ sessionsAnalyzed: 1, avgRatings: { technical: 6 } });
  });

  it('fills the difficulty of trend entries written before it was recorded', async () => {
    // Arrange: a graded session, and its aggregate as the previous version wrote it (no difficulty in the trend)
    await putItems(db, [sessionItem('oldtrend', 'o1', BASE, { difficulty: 'Hard', feedback: feedbackRated(6), feedbackTimestamp: BASE + 60 })]);
    await repairSkills({ users: ['oldtrend'] }, () => undefined);
    const current = (await readAggregate('oldtrend'))!;
    const withoutDifficulty = current.state.trend.map(({ difficulty: _dropped, ...entry }) => entry);
    await putAggregate('oldtrend', { ...current.state, trend: withoutDifficulty }, current.version);
    expect((await readAggregate('oldtrend'))!.state.trend[0]?.difficulty).toBeUndefined();
    // Act
    const summary = await repairSkills({ users: ['oldtrend'] }, () => undefined);
    // Assert
    expect(summary).toEqual({ created: [], updated: ['oldtrend'], unchanged: [] });
    expect((await readAggregate('oldtrend'))!.state.trend.map((entry) => entry.difficulty)).toEqual(['Hard']);
  });
});
