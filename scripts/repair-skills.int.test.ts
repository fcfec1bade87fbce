import { putItems, sessionItem, startAnalyticsTable } from '../test/support/analyticsTable';

// Integration: the repair command against the embedded DynamoDB.
const db = await startAnalyticsTable();
const { repairSkills } = await import('./repair-skills');
const { readAggregate, recordGrade, recomputeState, renderReport, canonicalJson } = await import('@intelliview/shared/skills');
const { writeAggregate } = await import('../layers/shared/src/skills/store');
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
    await writeAggregate('drifted', { state: { ...drifted.state, sessions: 7 }, pending: {} }, drifted.version);
    const lines: string[] = [];

    // Act / Assert: dry run
    const dry = await repairSkills({ dryRun: true }, (line) => lines.push(line));
    expect(dry).toEqual({ created: ['legacy'], updated: ['drifted'], unchanged: ['fine'], busy: [] });
    expect(await readAggregate('legacy')).toBeUndefined();
    expect(lines.at(-1)).toContain('dry run');

    // Act / Assert: the real run
    expect(await repairSkills({}, () => undefined)).toEqual({ created: ['legacy'], updated: ['drifted'], unchanged: ['fine'], busy: [] });
    for (const user of ['legacy', 'drifted', 'fine']) {
      expect(canonicalJson((await readAggregate(user))!.state)).toBe(canonicalJson(await recomputeState(user)));
    }
    expect(renderReport((await readAggregate('legacy'))!.state)).toMatchObject({ sessionsAnalyzed: 2, avgRatings: { technical: 5 } });
    expect(renderReport((await readAggregate('drifted'))!.state).sessionsAnalyzed).toBe(1);

    // Act / Assert: only the named users
    expect(await repairSkills({ users: ['fine'] }, () => undefined)).toEqual({ created: [], updated: [], unchanged: ['fine'], busy: [] });
  });
});
