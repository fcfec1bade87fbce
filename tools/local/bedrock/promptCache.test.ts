import { CACHE_TTL_MS, LOOKBACK_BLOCKS, PromptCacheSimulator, minCacheableTokens } from './promptCache';

const SONNET = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
/** A text block of exactly `tokens` simulated tokens (4 characters each). */
const text = (tokens: number, fill = 'a') => ({ text: fill.repeat(tokens * 4) });
const CACHE = { cachePoint: { type: 'default' } };

function conversation(turns: number, options: { systemTokens?: number; cacheLast?: boolean } = {}) {
  const messages = Array.from({ length: turns }, (_, index) => ({
    role: index % 2 === 0 ? 'user' : 'assistant',
    content: [text(300, String.fromCharCode(98 + (index % 20)))],
  }));
  if (options.cacheLast !== false) messages[messages.length - 1]?.content.push(CACHE as never);
  return { system: [text(options.systemTokens ?? 200), CACHE], messages };
}

describe('the prompt-cache simulation (Bedrock rules)', () => {
  it('caches nothing below the model\'s minimum: a short prompt is all input', () => {
    const cache = new PromptCacheSimulator(() => 0);
    expect(cache.account(SONNET, conversation(1))).toEqual({ inputTokens: 500, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
    expect(cache.account(SONNET, conversation(1))).toEqual({ inputTokens: 500, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
  });

  it('writes the prefix up to a checkpoint of >= 1,024 tokens, then the next turn reads it and writes only what is new', () => {
    const cache = new PromptCacheSimulator(() => 0);
    // 200 system + 3 × 300 = 1,100 tokens up to the last checkpoint.
    expect(cache.account(SONNET, conversation(3))).toEqual({ inputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 1100 });
    expect(cache.account(SONNET, conversation(5))).toEqual({ inputTokens: 0, cacheReadInputTokens: 1100, cacheWriteInputTokens: 600 });
  });

  it('reads only what the SAME model cached, within the 5-minute TTL', () => {
    let now = 0;
    const cache = new PromptCacheSimulator(() => now);
    cache.account(SONNET, conversation(3));
    expect(cache.account('us.anthropic.claude-opus-4-1-20250805-v1:0', conversation(5)).cacheReadInputTokens).toBe(0);
    now = CACHE_TTL_MS + 1;
    expect(cache.account(SONNET, conversation(5))).toEqual({ inputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 1700 });
  });

  it('a hit restarts the TTL', () => {
    let now = 0;
    const cache = new PromptCacheSimulator(() => now);
    cache.account(SONNET, conversation(3));
    now = CACHE_TTL_MS - 1;
    expect(cache.account(SONNET, conversation(3)).cacheReadInputTokens).toBe(1100);
    now = 2 * CACHE_TTL_MS - 2;
    expect(cache.account(SONNET, conversation(3)).cacheReadInputTokens).toBe(1100);
  });

  it(`looks back at most ${LOOKBACK_BLOCKS} blocks from a checkpoint for an earlier cached prefix`, () => {
    const cache = new PromptCacheSimulator(() => 0);
    cache.account(SONNET, conversation(3));
    expect(cache.account(SONNET, conversation(3 + LOOKBACK_BLOCKS - 1)).cacheReadInputTokens).toBe(1100);
    const far = new PromptCacheSimulator(() => 0);
    far.account(SONNET, conversation(3));
    expect(far.account(SONNET, conversation(3 + LOOKBACK_BLOCKS)).cacheReadInputTokens).toBe(0);
  });

  it('knows the minimum cacheable tokens per model', () => {
    expect([SONNET, 'anthropic.claude-3-5-haiku-20241022-v1:0', 'global.anthropic.claude-haiku-4-5-20251001-v1:0', 'local.intelliview-stand-in'].map(minCacheableTokens)).toEqual([1024, 2048, 4096, 1024]);
  });
});
