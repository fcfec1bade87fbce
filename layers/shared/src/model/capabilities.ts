/**
 * What a model id can be sent. Converse is model-agnostic, but the optional features are not:
 * sending `outputConfig`, a `cachePoint` or `temperature` to a model that does not accept it is
 * a ValidationException, i.e. a broken call. So the request builder asks this table first.
 *
 * Sources (2025–2026 Bedrock docs): structured output (`outputConfig.textFormat`) is available
 * for Claude Sonnet 4.5, Haiku 4.5, Opus 4.5 and later; prompt caching for Claude 3.7 Sonnet,
 * 3.5 Haiku and the Claude 4 family, and for Amazon Nova. Unknown models get the safe subset;
 * STRUCTURED_OUTPUT chooses the form for a model this table cannot know (local mode sets it for
 * its stand-in).
 */
import type { ModelConfig } from '../config';

export type StructuredMode = 'json_schema' | 'tool';

export interface ModelCapabilities {
  /** How the grader asks for JSON when STRUCTURED_OUTPUT=auto. */
  structuredOutput: StructuredMode;
  /** Whether `cachePoint` blocks are accepted. */
  promptCaching: boolean;
  /**
   * Whether to send `temperature` on a structured (schema or forced-tool) call. Current Claude
   * models reject sampling parameters in some of these combinations, and the grade must be
   * deterministic enough without it, so Claude calls leave it out.
   */
  temperatureWithStructuredOutput: boolean;
}

/** Strip the cross-region prefix (us., eu., apac., global., …) and any ARN around the id. */
export function baseModelId(modelId: string): string {
  const id = modelId.includes('/') ? modelId.slice(modelId.lastIndexOf('/') + 1) : modelId;
  return id.replace(/^(?:us|eu|apac|jp|au|ca|us-gov|global)\./, '');
}

/** Claude generation as [major, minor], e.g. claude-sonnet-4-5 → [4, 5], claude-3-7-sonnet → [3, 7]. */
function claudeVersion(id: string): [number, number] | undefined {
  // New naming: anthropic.claude-<family>-<major>[-<minor>]-<date>… ; the minor is a 1–2 digit part.
  const modern = /claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?:-|$|:)/.exec(id);
  if (modern) return [Number(modern[1]), Number(modern[2] ?? 0)];
  // Old naming: anthropic.claude-3-7-sonnet-…, anthropic.claude-3-haiku-…
  const legacy = /claude-(\d+)(?:-(\d{1,2}))?-(?:opus|sonnet|haiku)/.exec(id);
  if (legacy) return [Number(legacy[1]), Number(legacy[2] ?? 0)];
  return undefined;
}

const atLeast = (version: [number, number], major: number, minor: number) =>
  version[0] > major || (version[0] === major && version[1] >= minor);

export function capabilitiesFor(modelId: string): ModelCapabilities {
  const id = baseModelId(modelId).toLowerCase();
  const claude = id.startsWith('anthropic.claude') ? claudeVersion(id) : undefined;
  if (claude) {
    return {
      structuredOutput: atLeast(claude, 4, 5) ? 'json_schema' : 'tool',
      promptCaching: atLeast(claude, 3, 7) || (claude[0] === 3 && claude[1] === 5 && id.includes('haiku')),
      temperatureWithStructuredOutput: false,
    };
  }
  if (id.startsWith('amazon.nova')) {
    return { structuredOutput: 'tool', promptCaching: true, temperatureWithStructuredOutput: true };
  }
  return { structuredOutput: 'tool', promptCaching: false, temperatureWithStructuredOutput: true };
}

/** The structured-output mode actually used: the configured one, or the model's when auto. */
export function structuredModeFor(config: Pick<ModelConfig, 'modelId' | 'structuredOutput'>): StructuredMode {
  return config.structuredOutput === 'auto' ? capabilitiesFor(config.modelId).structuredOutput : config.structuredOutput;
}

/** Whether requests carry cachePoints: PROMPT_CACHING (config.ts) and, on 'auto', the table above. */
export function promptCachingFor(config: Pick<ModelConfig, 'modelId' | 'promptCaching'>): boolean {
  return config.promptCaching === 'always' || (config.promptCaching === 'auto' && capabilitiesFor(config.modelId).promptCaching);
}
