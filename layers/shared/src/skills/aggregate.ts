/** Small helpers shared by the skills aggregate and its report. */

/** At most this many [text, count] pairs in topStrengths / topWeaknesses (the contract). */
export const TOP_N = 5;

/** Group spelling variants of one point ("Clear structure" / "clear  structure ") together. */
export function pointKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The contract rounds averages to 2 decimals. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
