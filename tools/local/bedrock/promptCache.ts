/**
 * A SIMULATION of Amazon Bedrock's prompt cache, for the local stand-in model: it reports
 * cacheReadInputTokens / cacheWriteInputTokens the way Bedrock documents them, so local mode
 * and `scripts/usage-simulation.ts` show whether our cachePoints would hit. Token counts are
 * estimates (≈4 characters per token), not a tokenizer's; the figures are a simulation,
 * never a measurement (docs/operations.md#cost says how to measure on Bedrock).
 *
 * The rules simulated (Bedrock user guide, "Prompt caching"):
 *  - The prompt is read in order tools → system → messages; a `cachePoint` block marks a
 *    checkpoint: the prefix up to it may be cached.
 *  - A checkpoint is cached only if its prefix has at least the model's minimum number of
 *    tokens (1,024 for Claude Sonnet and Opus; 2,048 for Claude 3.5 Haiku, 4,096 for
 *    Claude Haiku 4.5); a shorter prefix is neither written nor read.
 *  - A request reads the longest prefix an EARLIER request of the SAME model cached at one
 *    of its checkpoints, if that prefix ends at or up to 20 blocks before one of this
 *    request's checkpoints, and within the 5-minute TTL (each hit restarts the TTL).
 *  - Tokens: cacheRead = the prefix read; cacheWrite = from there to this request's last
 *    cacheable checkpoint; input = the rest of the prompt (Bedrock's inputTokens excludes both).
 */
import { createHash } from 'node:crypto';

export const CACHE_TTL_MS = 5 * 60_000;
/** How many blocks before a checkpoint Bedrock looks for an earlier cached prefix. */
export const LOOKBACK_BLOCKS = 20;

/** The model's minimum cacheable prefix, in tokens. The stand-in counts as Sonnet. */
export function minCacheableTokens(modelId: string): number {
  if (/haiku-4-5/.test(modelId)) return 4096;
  if (/3-5-haiku|claude-3-haiku/.test(modelId)) return 2048;
  return 1024;
}

export interface SimulatedUsage {
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

interface Block {
  /** Canonical text of the block (what its hash and tokens come from). */
  key: string;
  tokens: number;
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** The prompt as blocks in Bedrock's order, and after which blocks a cachePoint stands. */
export function promptBlocks(body: any): { blocks: Block[]; checkpoints: number[] } {
  const blocks: Block[] = [];
  const checkpoints: number[] = [];
  const add = (key: string, text: string) => blocks.push({ key, tokens: estimateTokens(text) });
  const addContent = (prefix: string, content: unknown[]) => {
    for (const block of content) {
      if (block && typeof block === 'object' && 'cachePoint' in block) {
        if (blocks.length > 0) checkpoints.push(blocks.length - 1);
        continue;
      }
      const text = typeof (block as { text?: unknown }).text === 'string' ? (block as { text: string }).text : JSON.stringify(block);
      add(`${prefix}:${text}`, text);
    }
  };
  addContent('tool', body?.toolConfig?.tools ?? []);
  if (body?.outputConfig) add(`output:${JSON.stringify(body.outputConfig)}`, JSON.stringify(body.outputConfig));
  addContent('system', body?.system ?? []);
  for (const message of body?.messages ?? []) addContent(String(message?.role), Array.isArray(message?.content) ? message.content : []);
  return { blocks, checkpoints };
}

export class PromptCacheSimulator {
  /** modelId + prefix hash → when the entry expires and how many tokens the prefix holds. */
  private readonly entries = new Map<string, { expiresAt: number; tokens: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The usage of one request, and the cache as that request leaves it. */
  account(modelId: string, body: any): SimulatedUsage {
    const { blocks, checkpoints } = promptBlocks(body);
    const now = this.now();
    const hashes: string[] = [];
    const cumulative: number[] = [];
    let hash = createHash('sha256').update(modelId).digest('hex');
    let tokens = 0;
    for (const block of blocks) {
      hash = createHash('sha256').update(hash).update(block.key).digest('hex');
      tokens += block.tokens;
      hashes.push(hash);
      cumulative.push(tokens);
    }
    const total = tokens;
    const live = (index: number) => {
      const entry = this.entries.get(`${modelId}|${hashes[index]}`);
      return entry !== undefined && entry.expiresAt > now;
    };

    // The longest earlier-cached prefix within the lookback of one of this request's checkpoints.
    let readIndex = -1;
    for (const checkpoint of checkpoints) {
      for (let index = checkpoint; index > checkpoint - LOOKBACK_BLOCKS && index >= 0; index -= 1) {
        if (index > readIndex && live(index)) {
          readIndex = index;
          break;
        }
      }
    }
    const read = readIndex >= 0 ? (cumulative[readIndex] ?? 0) : 0;
    if (readIndex >= 0) this.entries.set(`${modelId}|${hashes[readIndex]}`, { expiresAt: now + CACHE_TTL_MS, tokens: read });

    // Every cacheable checkpoint past the prefix read is written (or refreshed).
    const minimum = minCacheableTokens(modelId);
    let writtenUpTo = read;
    for (const checkpoint of checkpoints) {
      const prefixTokens = cumulative[checkpoint] ?? 0;
      if (prefixTokens < minimum || checkpoint <= readIndex) continue;
      this.entries.set(`${modelId}|${hashes[checkpoint]}`, { expiresAt: now + CACHE_TTL_MS, tokens: prefixTokens });
      writtenUpTo = Math.max(writtenUpTo, prefixTokens);
    }
    const written = writtenUpTo - read;
    return { inputTokens: total - read - written, cacheReadInputTokens: read, cacheWriteInputTokens: written };
  }
}
