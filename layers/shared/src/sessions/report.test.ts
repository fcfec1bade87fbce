import { marked } from 'marked';
import type { Feedback, SessionItem } from '../domain';
import { escapeMarkdown, quoteBlock, roleOf, sessionReport } from './report';

// The report is checked as a CommonMark + GFM renderer sees it (marked): its headings, tables
// and lists are the server's, whatever the candidate or the model wrote.

const HOSTILE = '# Heading\n| a | b |\n---\n[click](javascript:alert(1)) <script>alert(1)</script> <img src=x onerror=alert(1)> https://evil.example **bold**\n===';

const feedback: Feedback & { questions: unknown[] } = {
  summary: 'Solid start. Edge cases came late.',
  ratings: { technical: 6, communication: 7, confidence: 5, overall: 6 },
  strengths: ['Clear structure'],
  weaknesses: [HOSTILE],
  suggestions: ['List edge cases first', HOSTILE],
  evidence: { strengths: [{ point: 'Clear structure', quote: 'First, I would' }], weaknesses: [{ point: HOSTILE, quote: HOSTILE }] },
  roleFit: { score: 7, rationale: 'Shows API design; misses on-call experience.' },
  questions: [{ index: 0, question: 'How would you merge intervals?', answer: HOSTILE, score: 4, verdict: 'weak', rationale: 'No complexity.', modelAnswer: 'Sort by start, then sweep: O(n log n).', tip: 'State complexity.' }],
};

const item = (overrides: Partial<SessionItem> = {}): SessionItem => ({
  sessionId: 's-1',
  ts: 1_732_400_000,
  userId: 'u',
  category: 'DSA',
  difficulty: 'Medium',
  messages: [
    { role: 'user', content: 'instruction' },
    { role: 'assistant', content: 'How would you merge intervals?' },
    { role: 'user', content: HOSTILE },
  ],
  ...overrides,
});

const headings = (html: string) => [...html.matchAll(/<h(\d)>(.*?)<\/h\1>/g)].map(([, level, text]) => `h${level} ${text}`);

describe('the Markdown report', () => {
  it('renders every section, in order, with only its own headings, tables and lists', () => {
    // Arrange
    const items = [item({ focus: ['Edge cases'], jobDescription: 'Backend Engineer\nBuild APIs', language: 'es', feedback, feedbackTimestamp: 1_732_400_900 })];
    const attempts = [{ questionIndex: 0, attempt: 1, score: 7, previousScore: 4, delta: 3 }];
    // Act
    const markdown = sessionReport(items, attempts);
    const html = marked.parse(markdown, { async: false });
    // Assert
    expect(headings(html)).toEqual([
      'h1 Interview report: DSA, Medium',
      'h2 Transcript',
      'h2 Ratings',
      'h2 Questions',
      'h3 Question 1: 4/10 (weak)',
      'h2 Strengths',
      'h2 Weaknesses',
      'h2 Retry attempts',
      'h2 Suggestions',
    ]);
    expect(html.match(/<table>/g)).toHaveLength(3);
    expect(html.match(/<tr>/g)).toHaveLength(1 + 7 + 1 + 5 + 1 + 1);
    expect(html).not.toMatch(/<a |<script|<img|<strong>bold|<hr/);
    expect(markdown).toContain('| Language | es (Spanish \\(español\\)) |');
    expect(markdown).toContain('| Role | Backend Engineer |');
    expect(markdown).toContain('| Role fit | 7 |');
    expect(markdown).toContain('| 1 | 1 | 7 | 4 | +3 |');
    expect(markdown).toContain('  - Evidence: “First, I would”');
  });

  it('says when the session is not graded yet', () => {
    const html = marked.parse(sessionReport([item()]), { async: false });
    expect(headings(html)).toEqual(['h1 Interview report: DSA, Medium', 'h2 Transcript', 'h2 Grade']);
    expect(html).toContain('This session has not been graded yet.');
  });

  it('escapes text so that it renders as the same text', () => {
    // Act
    const html = marked.parse(escapeMarkdown(HOSTILE), { async: false });
    // Assert: one paragraph whose text is the input (newlines as spaces), HTML-escaped
    const text = HOSTILE.replace(/\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(html.trim()).toBe(`<p>${text}</p>`);
  });

  it('keeps every line of a multi-line text inside its blockquote', () => {
    expect(quoteBlock('line one\n\n# not a heading')).toBe('> line one\n>\n> \\# not a heading');
  });

  it('names the role by the first non-empty line of the job description, shortened to 80 characters', () => {
    expect(roleOf('\n  Staff Engineer  \nmore')).toBe('Staff Engineer');
    expect(roleOf('x'.repeat(100))).toBe(`${'x'.repeat(79)}…`);
  });
});
