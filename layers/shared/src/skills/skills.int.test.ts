import fc from 'fast-check';
import { FIRST_PRACTICE } from './nextPractice';
import { putItems, sessionItem, startAnalyticsTable } from '../../../../test/support/analyticsTable';
import { httpEvent, lambdaContext } from '../../../../test/support/events';
import type { Feedback } from '../domain';

// Integration: grades, the skills aggregate and GET /skills against the embedded DynamoDB.
const db = await startAnalyticsTable();
const { readAggregate, recomputeState, repairUser, canonicalJson, pointKey } = await import('./index');
const { recordGrade } = await import('../grading');
const { getSessionItems } = await import('../db/sessionsTable');
const { handler } = await import('../../../../aggregateSkillsFunction/src/handler');
afterAll(() => db.close());

const BASE = 1_732_400_000;
let users = 0;
const newUser = () => `user-${++users}-${Math.random().toString(16).slice(2, 8)}`;

function feedback(r: number, strengths: string[], weaknesses: string[]): Feedback {
  return { summary: 's', ratings: { technical: r, communication: r, confidence: r, overall: r }, strengths, weaknesses, suggestions: ['x'] };
}

// Session ids are the table's partition key: prefix them with the user so tests never share one.
const session = (userId: string, sessionId: string, ts: number, category = 'DSA') =>
  sessionItem(userId, `${userId}_${sessionId}`, ts, { category, difficulty: 'Medium' });

async function grade(userId: string, sessionId: string, ts: number, f: Feedback) {
  await recordGrade({ sessionId: `${userId}_${sessionId}`, ts, owner: userId, feedback: f, feedbackTimestamp: BASE + 100 });
}

async function getSkills(userId: string) {
  const event = httpEvent({ method: 'GET', path: '/skills', queryStringParameters: { userId } });
  const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
}

/** Display texts keep the first spelling seen: compare them by key (see state.ts). */
function comparable(state: unknown): string {
  return canonicalJson(state).replace(/"t":"([^"]*)"/g, (_m, text: string) => `"t":${JSON.stringify(pointKey(text))}`);
}

async function expectAggregateEqualsRecomputation(userId: string) {
  const stored = await readAggregate(userId);
  expect(stored?.hasLegacyMarkers).toBe(false);
  expect(comparable(stored?.state)).toBe(comparable(await recomputeState(userId)));
}

describe('GET /skills', () => {
  it('answers a user with no sessions with zeros and empty lists', async () => {
    const response = await getSkills(newUser());
    expect(response).toEqual({
      status: 200,
      // No budget is configured here: every field of `budget` is null (unlimited).
      body: {
        sessionsAnalyzed: 0,
        avgRatings: {},
        topStrengths: [],
        topWeaknesses: [],
        byCategory: {},
        trend: [],
        nextPractice: FIRST_PRACTICE,
        practice: { attempts: 0, averageDelta: null, belowFive: [] },
        budget: { turnsLeft: null, gradesLeft: null, resetsAt: null },
      },
    });
  });

  it('counts each session once by its latest grade: re-grades replace, two-ts sessions count once', async () => {
    // Arrange: s1 graded then re-graded; s2 stored under two ts and graded on both items
    const user = newUser();
    await putItems(db, [session(user, 's1', BASE), session(user, 's2', BASE + 10, 'HR'), session(user, 's2', BASE + 20, 'HR')]);
    // Act
    await grade(user, 's1', BASE, feedback(2, ['Calm'], ['Pace']));
    await grade(user, 's1', BASE, feedback(6, ['Clear structure'], ['Edge cases']));
    await grade(user, 's2', BASE + 10, feedback(9, ['Depth'], ['Pace']));
    await grade(user, 's2', BASE + 20, feedback(7, ['clear structure'], ['Edge cases']));
    const response = await getSkills(user);
    // Assert
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      sessionsAnalyzed: 2,
      avgRatings: { technical: 6.5, communication: 6.5, confidence: 6.5, overall: 6.5 },
      topStrengths: [['Clear structure', 2]],
      topWeaknesses: [['Edge cases', 2]],
      byCategory: {
        DSA: { sessionsAnalyzed: 1, avgRatings: { technical: 6, communication: 6, confidence: 6, overall: 6 } },
        HR: { sessionsAnalyzed: 1, avgRatings: { technical: 7, communication: 7, confidence: 7, overall: 7 } },
      },
      trend: [
        { sessionId: `${user}_s1`, ts: BASE, category: 'DSA', difficulty: 'Medium', ratings: { technical: 6, communication: 6, confidence: 6, overall: 6 } },
        { sessionId: `${user}_s2`, ts: BASE + 20, category: 'HR', difficulty: 'Medium', ratings: { technical: 7, communication: 7, confidence: 7, overall: 7 } },
      ],
      nextPractice: {
        category: 'DSA',
        difficulty: 'Medium',
        focus: ['Edge cases'],
        reason: 'DSA has your lowest recent overall rating (6 in its latest graded session); "Edge cases" recurred as a weakness in 2 sessions; the difficulty stays at Medium.',
      },
      practice: { attempts: 0, averageDelta: null, belowFive: [] },
      budget: { turnsLeft: null, gradesLeft: null, resetsAt: null },
    });
    await expectAggregateEqualsRecomputation(user);
  });

  it('keeps the aggregate item out of the session readers', async () => {
    // Arrange
    const user = newUser();
    await putItems(db, [session(user, 's1', BASE)]);
    await grade(user, 's1', BASE, feedback(5, ['a'], ['b']));
    // Act
    const items = await getSessionItems(`${user}_s1`);
    // Assert: the session's own items only; the aggregate has no userId attribute
    expect(items.map((item) => item.sessionId)).toEqual([`${user}_s1`]);
    expect(await getSessionItems(`skills#${user}`)).toEqual([expect.not.objectContaining({ userId: expect.anything() })]);
  });

  it('never counts a grade for a missing or foreign item, and leaves the aggregate clean', async () => {
    const user = newUser();
    await putItems(db, [session('someone-else', 'theirs', BASE)]);
    const foreign = { sessionId: 'someone-else_theirs', ts: BASE, owner: user, feedback: feedback(5, ['a'], ['b']), feedbackTimestamp: BASE };
    await expect(recordGrade(foreign)).rejects.toMatchObject({ statusCode: 404 });
    await expect(grade(user, 'missing', BASE, feedback(5, ['a'], ['b']))).rejects.toMatchObject({ statusCode: 404 });
    expect((await getSkills(user)).body.sessionsAnalyzed).toBe(0);
  });

  it('counts every grade when one user grades several sessions at once (optimistic retries)', async () => {
    const user = newUser();
    await putItems(db, Array.from({ length: 8 }, (_, i) => session(user, `c${i}`, BASE + i)));
    await Promise.all(Array.from({ length: 8 }, (_, i) => grade(user, `c${i}`, BASE + i, feedback(i, [`p${i % 2}`], ['w']))));
    expect((await getSkills(user)).body.sessionsAnalyzed).toBe(8);
    await expectAggregateEqualsRecomputation(user);
  });

  it('builds the aggregate of a user graded by the original backend (no aggregate, no gradeId) on the first read', async () => {
    // Arrange: legacy items graded before this version
    const user = newUser();
    await putItems(db, [
      { ...session(user, 'old1', BASE), feedback: feedback(4, ['Calm'], ['Pace']), feedbackTimestamp: BASE + 5 },
      { ...session(user, 'old2', BASE + 1), feedback: feedback(8, ['Calm'], ['Depth']), feedbackTimestamp: BASE + 6 },
      session(user, 'new1', BASE + 2),
    ]);
    // Act / Assert: the first read builds the aggregate once (later reads are one read of it)
    expect((await getSkills(user)).body).toMatchObject({ sessionsAnalyzed: 2, avgRatings: { technical: 6 }, topStrengths: [['Calm', 2]] });
    await expectAggregateEqualsRecomputation(user);
    expect((await getSkills(user)).body).toMatchObject({ sessionsAnalyzed: 2, avgRatings: { technical: 6 } });
    // Act / Assert: the first new grade adds to it
    await grade(user, 'new1', BASE + 2, feedback(9, ['Calm'], ['Pace']));
    expect((await getSkills(user)).body).toMatchObject({ sessionsAnalyzed: 3, avgRatings: { technical: 7 }, topStrengths: [['Calm', 3]] });
    await expectAggregateEqualsRecomputation(user);
  });

  it('builds the aggregate of a user graded by the original backend on the first new grade, too', async () => {
    // Arrange: legacy items, one of them re-graded now
    const user = newUser();
    await putItems(db, [
      { ...session(user, 'old1', BASE), feedback: feedback(4, ['Calm'], ['Pace']), feedbackTimestamp: BASE + 5 },
      { ...session(user, 'old2', BASE + 1), feedback: feedback(8, ['Calm'], ['Depth']), feedbackTimestamp: BASE + 6 },
    ]);
    // Act
    await grade(user, 'old2', BASE + 1, feedback(2, ['Calm'], ['Pace']));
    // Assert: old2 counted once, by its new grade
    expect((await getSkills(user)).body).toMatchObject({ sessionsAnalyzed: 2, avgRatings: { technical: 3 } });
    await expectAggregateEqualsRecomputation(user);
  });
});

describe('the grade transaction', () => {
  it('leaves nothing half-written when the transaction fails, and a retry counts the session once', async () => {
    // Arrange
    const user = newUser();
    await putItems(db, [session(user, 's1', BASE)]);
    await grade(user, 's1', BASE, feedback(3, ['Calm'], ['Pace']));
    const before = { items: await getSessionItems(`${user}_s1`), aggregate: await readAggregate(user) };
    db.faults.failNextTransactions(10, 'InternalServerError');
    // Act: DynamoDB fails every attempt (the SDK retries 5xx itself)
    const failed = grade(user, 's1', BASE, feedback(9, ['Phantom'], ['Ghost']));
    // Assert: 503, and neither the item nor the aggregate moved
    await expect(failed).rejects.toMatchObject({ statusCode: 503, code: 'STORAGE_UNAVAILABLE' });
    db.faults.reset();
    expect(await getSessionItems(`${user}_s1`)).toEqual(before.items);
    expect(await readAggregate(user)).toEqual(before.aggregate);
    // Act / Assert: the client's retry of the same POST /feedback
    await grade(user, 's1', BASE, feedback(7, ['Calm'], ['Edge cases']));
    expect((await getSkills(user)).body).toMatchObject({ sessionsAnalyzed: 1, avgRatings: { technical: 7 } });
    await expectAggregateEqualsRecomputation(user);
  });

  it('retries after a TransactionConflict cancellation and counts once', async () => {
    // Arrange
    const user = newUser();
    await putItems(db, [session(user, 's1', BASE)]);
    db.faults.failNextTransactions(2, 'TransactionConflict');
    // Act
    await grade(user, 's1', BASE, feedback(6, ['Calm'], ['Pace']));
    // Assert
    expect((await getSkills(user)).body).toMatchObject({ sessionsAnalyzed: 1, avgRatings: { technical: 6 } });
    await expectAggregateEqualsRecomputation(user);
  });

  it('re-reads everything after losing a version race to another grade of the same user', async () => {
    // Arrange: a grade of s2 lands between our reads and our transaction
    const user = newUser();
    await putItems(db, [session(user, 's1', BASE), session(user, 's2', BASE + 1)]);
    await grade(user, 's1', BASE, feedback(2, ['Calm'], ['Pace']));
    db.faults.beforeNextTransaction(() => grade(user, 's2', BASE + 1, feedback(8, ['Depth'], ['Pace'])));
    // Act
    await grade(user, 's1', BASE, feedback(4, ['Calm'], ['Pace']));
    // Assert: both sessions, each by its latest grade
    expect((await getSkills(user)).body).toMatchObject({ sessionsAnalyzed: 2, avgRatings: { technical: 6 } });
    await expectAggregateEqualsRecomputation(user);
  });

  it('answers 503 with Retry-After when the transaction is throttled, writing nothing', async () => {
    const user = newUser();
    await putItems(db, [session(user, 's1', BASE)]);
    db.faults.failNextTransactions(1, 'ThrottlingError');
    await expect(grade(user, 's1', BASE, feedback(6, ['Calm'], ['Pace']))).rejects.toMatchObject({
      statusCode: 503,
      code: 'STORAGE_UNAVAILABLE',
      headers: { 'Retry-After': '1' },
    });
    expect((await getSessionItems(`${user}_s1`))[0]?.feedback).toBeUndefined();
    expect(await readAggregate(user)).toBeUndefined();
  });

  it('answers 409 GRADE_CONFLICT when every attempt loses, writing nothing', async () => {
    const user = newUser();
    await putItems(db, [session(user, 's1', BASE)]);
    db.faults.failNextTransactions(100, 'TransactionConflict');
    await expect(grade(user, 's1', BASE, feedback(6, ['Calm'], ['Pace']))).rejects.toMatchObject({ statusCode: 409, code: 'GRADE_CONFLICT' });
    db.faults.reset();
    expect((await getSessionItems(`${user}_s1`))[0]?.feedback).toBeUndefined();
  });

  it('rebuilds an aggregate that still carries the previous write path\'s pending markers', async () => {
    // Arrange: an aggregate left by the lease protocol, counting a grade that never landed
    const user = newUser();
    await putItems(db, [session(user, 's1', BASE), session(user, 's2', BASE + 1)]);
    await grade(user, 's1', BASE, feedback(3, ['Calm'], ['Pace']));
    const current = (await readAggregate(user))!;
    await putItems(db, [
      {
        sessionId: `skills#${user}`,
        ts: 0,
        kind: 'skillsAggregate',
        owner: user,
        version: current.version,
        state: { ...current.state, sessions: 5 },
        pending: { [`${user}_s2`]: { gradeId: 'x', ts: BASE + 1, evicted: [], startedAtMs: 0 } },
      },
    ]);
    expect((await readAggregate(user))?.hasLegacyMarkers).toBe(true);
    // Act
    await grade(user, 's2', BASE + 1, feedback(5, ['Depth'], ['Pace']));
    // Assert
    expect((await getSkills(user)).body).toMatchObject({ sessionsAnalyzed: 2, avgRatings: { technical: 4 } });
    await expectAggregateEqualsRecomputation(user);
  });
});

describe('incremental aggregate == full recomputation (property)', () => {
  // A small vocabulary with spelling variants, so points repeat and merge (and stay under the prune cap).
  const points = fc.constantFrom('Clear structure', 'clear structure', 'Calm', 'CALM ', 'Depth', 'Edge cases', 'Pace', 'Trade-offs', 'Testing');
  const gradeArb = fc.record({
    session: fc.integer({ min: 0, max: 4 }),
    second: fc.boolean(),
    rating: fc.integer({ min: 0, max: 20 }).map((n) => n / 2),
    strengths: fc.array(points, { minLength: 1, maxLength: 5 }),
    weaknesses: fc.array(points, { minLength: 1, maxLength: 5 }),
  });

  it('holds after any sequence of grades and re-grades, two-ts sessions included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(gradeArb, { minLength: 1, maxLength: 14 }), async (grades) => {
        // Arrange: sessions 0 and 1 are stored under two ts values
        const user = newUser();
        const categories = ['DSA', 'HR', 'Behavioral', 'DSA', 'Product'];
        const items = categories.map((category, i) => session(user, `p${i}`, BASE + i * 10, category));
        await putItems(db, [...items, session(user, 'p0', BASE + 5, 'DSA'), session(user, 'p1', BASE + 15, 'HR')]);
        // Act
        for (const g of grades) {
          const ts = BASE + g.session * 10 + (g.second && g.session < 2 ? 5 : 0);
          await grade(user, `p${g.session}`, ts, feedback(g.rating, g.strengths, g.weaknesses));
        }
        // Assert
        await expectAggregateEqualsRecomputation(user);
        expect((await getSkills(user)).body.sessionsAnalyzed).toBe(new Set(grades.map((g) => g.session)).size);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
