/**
 * THE price table of model tokens: the one place a price lives (docs/operations.md#cost).
 * US dollars per million tokens, Amazon Bedrock on-demand list prices, checked 2025-10
 * (https://aws.amazon.com/bedrock/pricing/). Update a row when AWS changes a price or when
 * MODEL_ID points at a model not listed here; a model without a row gets no cost estimate
 * (the tokens are still recorded), never a guessed one.
 *
 * Keys are model ids without the cross-Region inference profile's geography prefix
 * (`us.`, `eu.`, `apac.`, `global.`): the profile `us.anthropic.claude-sonnet-4-5-…` is
 * priced by its model's row. Some geographic profiles carry a surcharge over these prices:
 * the estimate is a lower bound there (docs/operations.md).
 */
export interface TokenPrices {
  /** Input tokens neither read from nor written to the prompt cache. */
  input: number;
  output: number;
  /** Input tokens read from the prompt cache. */
  cacheRead: number;
  /** Input tokens written to the prompt cache (5-minute TTL). */
  cacheWrite: number;
}

export const MODEL_PRICES: Readonly<Record<string, TokenPrices>> = {
  'anthropic.claude-sonnet-4-5-20250929-v1:0': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'anthropic.claude-sonnet-4-20250514-v1:0': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'anthropic.claude-3-7-sonnet-20250219-v1:0': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'anthropic.claude-haiku-4-5-20251001-v1:0': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  'anthropic.claude-opus-4-1-20250805-v1:0': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  // Local mode's stand-in (tools/local): priced like the default model (Sonnet 4.5), so a
  // local run shows what the same tokens would cost on Bedrock. Its tokens are simulated.
  'local.intelliview-stand-in': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
};

const GEOGRAPHY_PREFIX = /^(us|eu|apac|jp|au|ca|us-gov|global)\./;

/** The prices of a model id or inference profile id; undefined when the table has no row. */
export function pricesFor(modelId: string): TokenPrices | undefined {
  return MODEL_PRICES[modelId] ?? MODEL_PRICES[modelId.replace(GEOGRAPHY_PREFIX, '')];
}
