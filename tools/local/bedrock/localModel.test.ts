import { gradeTranscript } from './localModel';

// The published frontend ends a session right after an interviewer turn.
describe('the local grader and the session\'s last question', () => {
  const answer = 'First I would clarify requirements, then estimate load, then pick a cache and a database and explain the trade-off.';

  it('does not count the final, never-answerable question as skipped', () => {
    const grade = gradeTranscript('System Design', [
      { speaker: 'interviewer', text: 'Design a URL shortener.' },
      { speaker: 'candidate', text: answer },
      { speaker: 'interviewer', text: 'How would you scale reads?' },
    ]);
    expect(grade.weaknesses.map((w) => w.point).join(' ')).not.toMatch(/without an answer/);
  });

  it('still counts a question skipped in the middle', () => {
    const grade = gradeTranscript('System Design', [
      { speaker: 'interviewer', text: 'Design a URL shortener.' },
      { speaker: 'interviewer', text: 'Any thoughts?' },
      { speaker: 'candidate', text: answer },
      { speaker: 'interviewer', text: 'How would you scale reads?' },
    ]);
    expect(grade.weaknesses.map((w) => w.point)).toContain('Left 1 question(s) without a relevant answer.');
  });

  it('grades a session with no answer at all at the bottom', () => {
    const grade = gradeTranscript('System Design', [{ speaker: 'interviewer', text: 'Design a URL shortener.' }]);
    expect(grade.ratings.overall).toBe(0);
  });
});
