/**
 * Examples for docs/openapi.yaml: the contract's own examples (../shared/api-contract.md)
 * plus the additive fields. Redocly's lint checks each one against its schema, so an
 * example that drifts from the schemas fails the tests.
 */
import type { ErrorCode } from '../../layers/shared/src/http/responses';

const SESSION = '9b2f6c1e-4a7d-4f5e-9a57-2f1c0e6b8d31';
const USER = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
const TS = 1732400000;

const history = [
  {
    role: 'user',
    content: 'You are an expert interviewer conducting a medium-level DSA interview. Ask only one question at a time, never give hints or answers.',
  },
  { role: 'assistant', content: 'Given an array of integers and a target, return the indices of the two numbers that add up to the target. How would you approach it?' },
  { role: 'user', content: 'I would use a hash map from value to index, one pass, O(n) time and O(n) space.' },
] as const;

export const interviewRequest = { sessionId: SESSION, ts: TS, userId: USER, category: 'DSA', difficulty: 'Medium', messages: history };
export const interviewResponse = { message: 'Good. What happens with duplicates, and what would you change if the array were sorted?' };

export const feedbackRequest = { sessionId: SESSION, ts: TS, messages: history.slice(1) };

const feedback = {
  summary: 'The candidate reached the optimal approach quickly and explained it clearly. Edge cases came only when prompted. Confidence was steady throughout.',
  ratings: { technical: 7, communication: 8, confidence: 6, overall: 7 },
  strengths: ['Clear structure', 'Knows hash-map trade-offs', 'States complexity unprompted'],
  weaknesses: ['Edge cases', 'No tests mentioned', 'Short answers'],
  suggestions: ['List edge cases before coding', 'Say how you would test the solution', 'Walk through one example aloud'],
  evidence: {
    strengths: [
      { point: 'Clear structure' },
      { point: 'Knows hash-map trade-offs', quote: 'a hash map from value to index' },
      { point: 'States complexity unprompted', quote: 'O(n) time and O(n) space' },
    ],
    weaknesses: [{ point: 'Edge cases' }, { point: 'No tests mentioned' }, { point: 'Short answers' }],
  },
  insufficientTranscript: false,
  questions: [
    {
      index: 0,
      question: history[1].content,
      answer: history[2].content,
      score: 7,
      verdict: 'adequate',
      rationale: 'The optimal one-pass hash map with correct complexity, but no word on duplicates or a missing pair.',
      modelAnswer:
        'A strong answer uses a hash map from value to index in one pass: for each x, check whether target - x was seen; O(n) time and O(n) space versus O(n^2) brute force; it handles duplicates and the no-solution case.',
      tip: 'Name the edge cases (duplicates, no pair, negative numbers) before you are asked.',
    },
    {
      index: 1,
      question: interviewResponse.message,
      answer: '',
      score: null,
      verdict: 'unanswered',
      rationale: 'No answer was given, so there is nothing to score.',
      modelAnswer: 'Not graded yet: answer this question with a retry to see what a strong answer covers.',
      tip: 'Answer every question, even partially: say what you know and how you would find the rest.',
    },
  ],
  modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  promptVersion: 'grader-v3',
};
export const feedbackResponse = { success: true, feedback };

export const retryRequest = {
  sessionId: SESSION,
  retry: {
    questionIndex: 0,
    answer: 'One pass with a hash map from value to index: for each x I check whether target - x is already in the map, in O(n) time and O(n) space. Duplicates work because I check before inserting; with no pair I return an empty result.',
  },
};

const attempt = {
  questionIndex: 0,
  attempt: 1,
  answer: retryRequest.retry.answer,
  score: 9,
  verdict: 'strong',
  rationale: 'Optimal approach with exact complexity, and now covers duplicates and the no-pair case.',
  modelAnswer: feedback.questions[0]!.modelAnswer,
  tip: 'Mention the sorted-array variant: two pointers in O(1) extra space.',
  previousScore: 7,
  delta: 2,
  gradedAt: new Date((TS + 1200) * 1000).toISOString(),
};
export const attemptResponse = { success: true, attempt };

export const reviewResponse = {
  messages: [
    {
      sessionId: SESSION,
      ts: TS,
      userId: USER,
      category: 'DSA',
      difficulty: 'Medium',
      messages: [...history, { role: 'assistant', content: interviewResponse.message }],
      feedback,
      feedbackTimestamp: TS + 900,
      gradeId: '1732400900000-3fa2c1',
    },
  ],
  attempts: [{ sessionId: SESSION, ...attempt, question: feedback.questions[0]!.question, gradeId: '1732400900000-3fa2c1' }],
};

/** The start of a GET /review?format=markdown report (sessions/report.ts). */
export const reviewMarkdown = [
  '# Interview report: DSA, Medium',
  '',
  '| Field | Value |',
  '| --- | --- |',
  '| Category | DSA |',
  '| Difficulty | Medium |',
  '| Language | en (English) |',
  '| Date | 2024-11-23 22:13 UTC |',
  `| Session | ${SESSION.replace(/-/g, '\\-')} |`,
  '',
  '## Transcript',
  '',
  '**Interviewer**',
  '',
  '> Given an array of integers and a target, return the indices of the two numbers that add up to the target\\. How would you approach it?',
  '',
].join('\n');

export const sessionsResponse = [
  { sessionId: SESSION, category: 'DSA', difficulty: 'Medium', ts: TS },
  { sessionId: 'c0ffee00-1234-4abc-8def-0123456789ab', category: 'Behavioral', difficulty: 'Easy', ts: TS - 86_400 },
];
export const nextCursorExample = 'AbC123-opaque_cursor';

export const skillsResponse = {
  sessionsAnalyzed: 3,
  avgRatings: { technical: 6.67, communication: 7.5, confidence: 6, overall: 7 },
  topStrengths: [['Clear structure', 2], ['Knows hash-map trade-offs', 1]],
  topWeaknesses: [['Edge cases', 3], ['No tests mentioned', 1]],
  byCategory: {
    Behavioral: { sessionsAnalyzed: 1, avgRatings: { technical: 6, communication: 8, confidence: 7, overall: 7 } },
    DSA: { sessionsAnalyzed: 2, avgRatings: { technical: 7, communication: 7.25, confidence: 5.5, overall: 7 } },
  },
  trend: [
    { sessionId: 'c0ffee00-1234-4abc-8def-0123456789ab', ts: TS - 86_400, category: 'Behavioral', difficulty: 'Easy', ratings: { technical: 6, communication: 8, confidence: 7, overall: 7 } },
    { sessionId: SESSION, ts: TS, category: 'DSA', difficulty: 'Medium', ratings: { technical: 7, communication: 8, confidence: 6, overall: 7 } },
  ],
  nextPractice: {
    category: 'Behavioral',
    difficulty: 'Easy',
    focus: ['Edge cases'],
    reason: 'Behavioral has your lowest recent overall rating (7 in its latest graded session); "Edge cases" recurred as a weakness in 3 sessions; the difficulty stays at Easy.',
  },
  practice: {
    attempts: 3,
    averageDelta: 1.67,
    belowFive: [{ sessionId: 'c0ffee00-1234-4abc-8def-0123456789ab', index: 1, category: 'Behavioral', score: 4 }],
  },
  budget: { turnsLeft: 188, gradesLeft: 27, resetsAt: new Date((Math.floor(TS / 86_400) + 1) * 86_400_000).toISOString() },
};

/** One real message per code, as the handlers word it. */
export const errorMessages: Record<ErrorCode, string> = {
  INVALID_JSON: 'Request body is not valid JSON',
  MISSING_BODY: 'Request body is required',
  INVALID_BODY: 'Request body must be a JSON object',
  MISSING_FIELD: 'sessionId is required',
  INVALID_FIELD: 'category must be one of Behavioral, DSA, System Design, HR, Product (category)',
  INVALID_CURSOR: 'cursor is invalid, expired or was issued for another user',
  BAD_REQUEST: 'Bad request',
  UNAUTHORIZED: 'An ID token is required',
  FORBIDDEN: 'userId does not match the authenticated user',
  NOT_FOUND: 'Session not found',
  HISTORY_MISMATCH:
    'The history does not match the stored interview: earlier turns were changed, dropped or reordered. Reload the session and try again.',
  SESSION_SETTINGS_MISMATCH: 'language differs from the value the session was started with; settings are chosen on the first turn only',
  NOT_GRADED: 'This session has no per-question grade yet: grade it with POST /feedback first.',
  ATTEMPT_LIMIT: 'This question already has 10 attempts, the most one question may have.',
  ANSWER_TOO_LONG: 'retry.answer has 4001 characters; at most 4000 are allowed',
  GRADE_CONFLICT: 'The session was being graded by another request at the same time; nothing was saved. Please try again.',
  BODY_TOO_LARGE: 'Request body exceeds 262144 bytes',
  TOO_MANY_MESSAGES: 'messages has 121 entries; at most 120 are allowed',
  MESSAGE_TOO_LONG: 'messages[3].content has 10001 characters; at most 10000 are allowed',
  TRANSCRIPT_TOO_LARGE: 'The transcript is 170000 bytes; at most 163840 are allowed',
  FOCUS_TOO_LONG: 'focus[0] has 81 characters; at most 80 are allowed',
  JOB_DESCRIPTION_TOO_LONG: 'jobDescription has 8001 characters; at most 8000 are allowed',
  ITEM_TOO_LARGE: 'The session is too large to store',
  SESSION_TOO_LARGE: 'The session has too many stored items to grade',
  QUOTA_EXCEEDED: 'You have used all 200 interviewer turns of today. The budget resets at midnight UTC.',
  SESSION_TURN_LIMIT: 'This interview has reached its limit of 40 interviewer turns. Finish it with a grade, or start a new interview.',
  INTERNAL: 'Internal server error',
  MODEL_BAD_OUTPUT: 'The AI model returned an unusable answer. Please try again.',
  MODEL_REJECTED: 'The AI model rejected the request. Please try again later.',
  MODEL_UNAVAILABLE: 'The AI interviewer is busy right now. Please try again shortly.',
  STORAGE_UNAVAILABLE: 'The database is busy or unavailable; nothing was saved. Please try again.',
  MODEL_TIMEOUT: 'The AI interviewer did not answer in time. Please try again.',
  TIMEOUT: 'The request did not finish in time. Please try again.',
};
