import { readModelConfig } from '../config';
import { baseModelId, capabilitiesFor, promptCachingFor, structuredModeFor } from './capabilities';

describe('model capabilities', () => {
  it.each([
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'json_schema', true],
    ['global.anthropic.claude-haiku-4-5-20251001-v1:0', 'json_schema', true],
    ['us.anthropic.claude-opus-4-6-v1', 'json_schema', true],
    ['anthropic.claude-sonnet-4-6', 'json_schema', true],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'tool', true],
    ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'tool', true],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'tool', true],
    ['anthropic.claude-3-sonnet-20240229-v1:0', 'tool', false],
    ['us.amazon.nova-pro-v1:0', 'tool', true],
    ['meta.llama3-70b-instruct-v1:0', 'tool', false],
  ])('%s → structured output %s, caching %s', (modelId, structured, caching) => {
    const capabilities = capabilitiesFor(modelId);
    expect(capabilities.structuredOutput).toBe(structured);
    expect(capabilities.promptCaching).toBe(caching);
  });

  it('never sends temperature with structured output to Claude', () => {
    expect(capabilitiesFor('us.anthropic.claude-sonnet-4-5-20250929-v1:0').temperatureWithStructuredOutput).toBe(false);
    expect(capabilitiesFor('anthropic.claude-3-7-sonnet-20250219-v1:0').temperatureWithStructuredOutput).toBe(false);
  });

  it('strips inference-profile prefixes and ARNs', () => {
    expect(baseModelId('eu.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(baseModelId('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6')).toBe('anthropic.claude-sonnet-4-6');
  });

  it('lets STRUCTURED_OUTPUT override the automatic choice', () => {
    const modelId = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    expect(structuredModeFor({ modelId, structuredOutput: 'auto' })).toBe('json_schema');
    expect(structuredModeFor({ modelId, structuredOutput: 'tool' })).toBe('tool');
    expect(structuredModeFor({ modelId: 'some.unknown-model', structuredOutput: 'json_schema' })).toBe('json_schema');
  });
});

describe('promptCachingFor (PROMPT_CACHING)', () => {
  const caching = (modelId: string, value?: string) => promptCachingFor(readModelConfig({ MODEL_ID: modelId, ...(value === undefined ? {} : { PROMPT_CACHING: value }) }));

  it('true (the default) follows the table; false never; always even for an id the table cannot know', () => {
    expect([caching('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), caching('local.intelliview-stand-in'), caching('meta.llama3-70b-instruct-v1:0', 'true')]).toEqual([true, false, false]);
    expect(caching('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'false')).toBe(false);
    expect(caching('local.intelliview-stand-in', 'always')).toBe(true);
  });

  it('refuses any other value', () => {
    expect(() => caching('local.intelliview-stand-in', 'yes')).toThrow('PROMPT_CACHING must be true, false or always, got "yes"');
  });
});
