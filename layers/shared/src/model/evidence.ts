/**
 * Evidence checking: a grade may only cite the candidate's own words. A quote survives if,
 * after normalising case, whitespace and typographic punctuation, it occurs inside one of
 * the candidate's answers; anything else (an invented quote, the interviewer's words) is dropped.
 */
import type { EvidencedPoint } from '../domain';

/** Case, whitespace and the punctuation models like to "prettify" (curly quotes, dashes). */
export function normaliseForQuote(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/\u2026/g, '...')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Models often wrap quotes in quotation marks or ellipses; those are not the candidate's words. */
function stripQuoteDecoration(normalised: string): string {
  return normalised.replace(/^(?:\.\.\.|["'\s])+/, '').replace(/(?:\.\.\.|["'\s])+$/, '');
}

export class QuoteChecker {
  private readonly answers: string[];

  constructor(candidateAnswers: string[]) {
    this.answers = candidateAnswers.map(normaliseForQuote).filter(Boolean);
  }

  /** The quote as given if it is verbatim (after normalisation) in one answer; otherwise undefined. */
  verify(quote: string | undefined): string | undefined {
    if (!quote) return undefined;
    const needle = stripQuoteDecoration(normaliseForQuote(quote));
    if (!needle) return undefined;
    return this.answers.some((answer) => answer.includes(needle)) ? quote.trim() : undefined;
  }

  /** Keep each point; keep its quote only when verified. */
  check(points: Array<{ point: string; quote: string }>): { points: EvidencedPoint[]; dropped: number } {
    let dropped = 0;
    const checked = points.map(({ point, quote }) => {
      const verified = this.verify(quote);
      if (quote.trim() && !verified) dropped += 1;
      return verified ? { point, quote: verified } : { point };
    });
    return { points: checked, dropped };
  }
}
