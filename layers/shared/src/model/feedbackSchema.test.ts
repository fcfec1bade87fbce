import { graderOutputJsonSchema, LIMITS, parseGraderText, validateGraderOutput, type GraderOutput } from './feedbackSchema';

function valid(): GraderOutput {
  return {
    summary: 'Solid approach. Missed edge cases. Communicated clearly.',
    ratings: { technical: 6, communication: 8, confidence: 7, overall: 7 },
    strengths: [{ point: 'Chose two pointers', quote: 'I would use two pointers' }],
    weaknesses: [{ point: 'No complexity analysis', quote: '' }],
    suggestions: ['State time and space complexity.'],
    insufficientTranscript: false,
  };
}

describe('grader output schema', () => {
  it('accepts a valid grade', () => {
    expect(validateGraderOutput(valid())).toEqual({ ok: true, value: valid() });
  });

  it.each([11, -1, 7.5, '7'])('rejects (does not clamp) the rating %p', (rating) => {
    // Arrange
    const output = { ...valid(), ratings: { ...valid().ratings, overall: rating } };
    // Act
    const result = validateGraderOutput(output);
    // Assert
    expect(result.ok).toBe(false);
  });

  it('rejects empty and over-long lists', () => {
    const point = { point: 'p', quote: '' };
    expect(validateGraderOutput({ ...valid(), strengths: [] }).ok).toBe(false);
    expect(validateGraderOutput({ ...valid(), weaknesses: Array(LIMITS.maxItems + 1).fill(point) }).ok).toBe(false);
    expect(validateGraderOutput({ ...valid(), suggestions: Array(LIMITS.maxItems).fill('s') }).ok).toBe(true);
  });

  it('enforces text caps', () => {
    expect(validateGraderOutput({ ...valid(), summary: 'x'.repeat(LIMITS.summary + 1) }).ok).toBe(false);
    expect(validateGraderOutput({ ...valid(), strengths: [{ point: 'x'.repeat(LIMITS.point + 1), quote: '' }] }).ok).toBe(false);
    expect(validateGraderOutput({ ...valid(), suggestions: ['x'.repeat(LIMITS.suggestion + 1)] }).ok).toBe(false);
  });

  it('parses JSON text, tolerating a code fence but not prose', () => {
    const json = JSON.stringify(valid());
    expect(parseGraderText(json).ok).toBe(true);
    expect(parseGraderText('```json\n' + json + '\n```').ok).toBe(true);
    expect(parseGraderText(`Here is the grade: ${json}`)).toEqual({ ok: false, reason: 'not JSON' });
  });

  it('sends the model a schema that matches the validator and only uses accepted keywords', () => {
    // Assert: same required fields on both sides
    expect([...graderOutputJsonSchema.required].sort()).toEqual(Object.keys(valid()).sort());
    // Bedrock structured output rejects numeric/length bounds; they live in zod instead.
    const text = JSON.stringify(graderOutputJsonSchema);
    for (const keyword of ['"minimum"', '"maximum"', '"minLength"', '"maxLength"', '"maxItems"', '"pattern"']) {
      expect(text).not.toContain(keyword);
    }
  });
});
