import { describe, expect, it } from '@jest/globals';
import { CATEGORIES, DIFFICULTIES } from '../../../layers/shared/src/domain';
import { CATEGORY_MODEL_ANSWERS, MODEL_ANSWERS, modelAnswerFor } from './modelAnswers';
import { QUESTION_BANK } from './questionBank';

const bankQuestions = CATEGORIES.flatMap((category) =>
  DIFFICULTIES.flatMap((difficulty) => QUESTION_BANK[category][difficulty].map((question) => ({ category, difficulty, question }))),
);

function expectWellFormed(text: string | undefined): void {
  expect(typeof text).toBe('string');
  const answer = text ?? '';
  expect(answer.length).toBeGreaterThanOrEqual(1);
  expect(answer.length).toBeLessThanOrEqual(400);
  expect(answer).not.toContain('?');
  expect(answer).not.toContain('"');
}

describe('the stand-in grader\'s model answers', () => {
  it('has an entry for every bank question of every category and difficulty', () => {
    expect(bankQuestions).toHaveLength(45);
    const missing = bankQuestions.filter(({ question }) => MODEL_ANSWERS[question] === undefined);
    expect(missing).toEqual([]);
  });

  it('has no entry for a question that is not in the bank', () => {
    const bank = new Set(bankQuestions.map(({ question }) => question));
    expect(Object.keys(MODEL_ANSWERS).filter((key) => !bank.has(key))).toEqual([]);
  });

  it.each(Object.entries(MODEL_ANSWERS))('keeps the entry for %j short, without "?" or a double quote', (_question, answer) => {
    expectWellFormed(answer);
  });

  it.each([...CATEGORIES])('keeps the %s fallback short, without "?" or a double quote', (category) => {
    expectWellFormed(CATEGORY_MODEL_ANSWERS[category]);
  });

  it('finds the entry for a bank question asked on its own', () => {
    for (const { category, question } of bankQuestions) {
      expect(modelAnswerFor(category, question)).toBe(MODEL_ANSWERS[question]);
    }
  });

  it('finds the entry when the question is embedded in a longer turn', () => {
    const twoSum = 'Given an array of integers and a target, how would you find two numbers that add up to the target?';
    const welcome = `Welcome to your Easy DSA practice interview (local stand-in interviewer, not Claude). ${twoSum}`;
    expect(modelAnswerFor('DSA', welcome)).toBe(MODEL_ANSWERS[twoSum]);

    const palindrome = 'How would you check whether a string is a palindrome, ignoring spaces and letter case?';
    expect(modelAnswerFor('DSA', `Thanks. ${palindrome}`)).toBe(MODEL_ANSWERS[palindrome]);

    for (const { category, question } of bankQuestions) {
      expect(modelAnswerFor(category, `Thanks, that helps. ${question}`)).toBe(MODEL_ANSWERS[question]);
    }
  });

  it('gives an unknown question the category fallback', () => {
    for (const category of CATEGORIES) {
      expect(modelAnswerFor(category, 'How would you explain recursion to a five-year-old?')).toBe(CATEGORY_MODEL_ANSWERS[category]);
    }
  });
});
