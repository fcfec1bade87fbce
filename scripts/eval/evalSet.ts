/**
 * The labelled evaluation set (eval/transcripts/*.json, described in eval/README.md): loaded
 * and checked against its format, so a typo in a label fails loudly instead of scoring.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATEGORIES, DIFFICULTIES, RATING_KEYS, VERDICTS } from '../../layers/shared/src/domain';

const band = z.tuple([z.int().min(0).max(10), z.int().min(0).max(10)]).refine(([low, high]) => low <= high, { error: 'low must be <= high' });

export const KINDS = ['strong', 'adequate', 'weak', 'off-topic', 'empty', 'injection', 'long', 'insufficient'] as const;

const evalCaseSchema = z.object({
  id: z.string().min(1),
  category: z.enum(CATEGORIES),
  difficulty: z.enum(DIFFICULTIES),
  kind: z.enum(KINDS),
  notes: z.string(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })).min(1),
  expected: z.object({
    ratings: z.partialRecord(z.enum(RATING_KEYS), band).optional(),
    insufficientTranscript: z.boolean().optional(),
    questions: z
      .array(z.object({ index: z.int().min(0), score: band.nullable().optional(), verdict: z.array(z.enum(VERDICTS)).min(1).optional() }))
      .optional(),
  }),
});

export type EvalCase = z.infer<typeof evalCaseSchema>;
export type Band = readonly [number, number];

export function loadEvalSet(directory: string): EvalCase[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const parsed = evalCaseSchema.safeParse(JSON.parse(readFileSync(join(directory, name), 'utf8')));
      if (!parsed.success) throw new Error(`${name}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
      if (`${parsed.data.id}.json` !== name) throw new Error(`${name}: id ${parsed.data.id} does not match the file name`);
      return parsed.data;
    });
}
