/**
 * npm run eval [-- --bedrock] [--runs N] [--only <id part>]
 *
 * Grades every labelled transcript of eval/transcripts twice (or N times) through the real
 * grading code (the model layer the POST /feedback handler calls: prompts, Converse through
 * the AWS SDK, output validation with its one retry, evidence check, per-question grades),
 * and prints: schema-valid rate, band agreement per field, mean absolute error against band
 * centres, stability (score difference between runs), evidence-quote validity (quotes the
 * model returned that are verbatim in the candidate's answers) and tokens and cost per grade.
 *
 * Default: the local stand-in model behind the Bedrock-compatible stub (no AWS account). It
 * exits 1 when the stand-in misses a label that needs no real judgement (empty, off-topic
 * and injected answers, insufficient transcripts): CI runs it so.
 * --bedrock: real Amazon Bedrock with the default credential chain, MODEL_ID (default Claude
 * Sonnet 4.5's US inference profile) and AWS_REGION; never in CI. Real-model figures need
 * Bedrock credentials.
 */
import './quiet';
import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { readModelConfig } from '../../layers/shared/src/config';
import type { Feedback } from '../../layers/shared/src/domain';
import { feedbackSchema } from '../../layers/shared/src/http/responses';
import { createBedrockClient, createModelCaller, type ModelCaller } from '../../layers/shared/src/model/client';
import { QuoteChecker } from '../../layers/shared/src/model/evidence';
import { GRADER_TOOL_NAME } from '../../layers/shared/src/model/feedbackSchema';
import { transcriptTurns } from '../../layers/shared/src/model/prompts/grader';
import { createModel } from '../../layers/shared/src/model/service';
import { UsageMeter, type UsageEntry } from '../../layers/shared/src/usage/usage';
import { LOCAL_MODEL_ID, localModelResponder } from '../../tools/local/bedrock/localModel';
import { startBedrockStub } from '../../tools/local/bedrock/server';
import { loadEvalSet, type EvalCase } from './evalSet';
import { checkGrade, type Check } from './scoring';

const DEFAULT_BEDROCK_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const bedrock = process.argv.includes('--bedrock');
const runs = Number(option('--runs') ?? 2);
const only = option('--only');

/** Quotes the model returned in session-level grades, and how many were verbatim in the answers. */
const quotes = { returned: 0, verbatim: 0 };
let currentAnswers: string[] = [];

function countQuotes(output: ConverseCommandOutput): void {
  const blocks = output.output?.message?.content ?? [];
  const tool = blocks.find((block) => block.toolUse?.name === GRADER_TOOL_NAME)?.toolUse?.input;
  let value: unknown = tool;
  if (!tool) {
    try {
      value = JSON.parse(blocks.map((block) => block.text ?? '').join(''));
    } catch {
      return;
    }
  }
  const grade = value as { strengths?: Array<{ quote?: unknown }>; weaknesses?: Array<{ quote?: unknown }> };
  if (!Array.isArray(grade?.strengths)) return; // a per-question grade has no quotes
  const checker = new QuoteChecker(currentAnswers);
  for (const point of [...(grade.strengths ?? []), ...(grade.weaknesses ?? [])]) {
    if (typeof point?.quote !== 'string' || !point.quote.trim()) continue;
    quotes.returned += 1;
    if (checker.verify(point.quote)) quotes.verbatim += 1;
  }
}

interface Graded {
  evalCase: EvalCase;
  feedback?: Feedback;
  error?: string;
  schemaValid: boolean;
  usage?: UsageEntry;
}

const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : 'n/a');
const mean = (values: number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : NaN);

function table(rows: Array<Array<string | number>>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows.map((row, index) => {
    const line = row.map((cell, column) => String(cell).padEnd(widths[column]!)).join(' | ');
    return index === 0 ? `${line}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}` : line;
  }).join('\n');
}

async function main(): Promise<void> {
  const set = loadEvalSet('eval/transcripts').filter((evalCase) => !only || evalCase.id.includes(only));
  const stub = bedrock ? undefined : await startBedrockStub({ responder: localModelResponder });
  if (stub) {
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = stub.url;
    process.env.AWS_REGION ??= 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  }
  const config = readModelConfig({ ...process.env, MODEL_ID: bedrock ? (process.env.MODEL_ID ?? DEFAULT_BEDROCK_MODEL) : LOCAL_MODEL_ID });
  let client: BedrockRuntimeClient | undefined;
  const real = createModelCaller(config, () => (client ??= createBedrockClient(config)));
  const inspecting: ModelCaller = {
    async converse(input, context) {
      const output = await real.converse(input, context);
      countQuotes(output);
      return output;
    },
  };
  const model = createModel(config, inspecting);

  const graded: Graded[][] = [];
  for (const evalCase of set) {
    currentAnswers = transcriptTurns(evalCase.messages).filter((turn) => turn.speaker === 'candidate').map((turn) => turn.text);
    const results: Graded[] = [];
    for (let run = 0; run < runs; run += 1) {
      const usage = new UsageMeter();
      try {
        const feedback = await model.gradeInterview({ category: evalCase.category, difficulty: evalCase.difficulty, messages: evalCase.messages }, { usage });
        results.push({ evalCase, feedback, schemaValid: feedbackSchema.safeParse(feedback).success, usage: usage.entry(0) });
      } catch (error) {
        results.push({ evalCase, error: (error as { code?: string }).code ?? (error as Error).message, schemaValid: false, usage: usage.entry(0) });
      }
    }
    graded.push(results);
  }
  client?.destroy();
  await stub?.close();

  const all = graded.flat();
  const checks: Check[] = all.flatMap((result) => (result.feedback ? checkGrade(result.evalCase, result.feedback) : []));
  const fields = [...new Set(checks.map((check) => check.field))];
  const stability = graded
    .filter((results) => results.every((result) => result.feedback))
    .map((results) => {
      const [first, ...others] = results.map((result) => result.feedback!);
      const overall = Math.max(...others.map((other) => Math.abs(other.ratings.overall - first!.ratings.overall)), 0);
      const questions = others.flatMap((other) =>
        (other.questions ?? []).map((question, index) => Math.abs((question.score ?? 0) - (first!.questions?.[index]?.score ?? 0))),
      );
      return { overall, questions: questions.length ? Math.max(...questions) : 0 };
    });
  const usages = all.map((result) => result.usage).filter((usage): usage is UsageEntry => usage !== undefined);
  const costs = usages.map((usage) => usage.costUsd).filter((cost): cost is number => cost !== undefined);

  console.log(`IntelliView grader evaluation — ${new Date().toISOString()}`);
  console.log(`model: ${config.modelId}${bedrock ? ' (Amazon Bedrock)' : ' (local stand-in, not Claude: figures describe the stand-in, not a real model)'}`);
  console.log(`transcripts: ${set.length}, runs each: ${runs}, grades: ${all.length}\n`);
  console.log(`schema-valid grades: ${all.filter((result) => result.schemaValid).length}/${all.length} (${pct(all.filter((result) => result.schemaValid).length, all.length)})`);
  const failed = all.filter((result) => result.error);
  if (failed.length) console.log(`failed grades: ${failed.map((result) => `${result.evalCase.id} (${result.error})`).join(', ')}`);
  console.log('');
  console.log(
    table([
      ['field', 'checks', 'in band', 'agreement', 'MAE vs band centre'],
      ...fields.map((field) => {
        const of = checks.filter((check) => check.field === field);
        const errors = of.flatMap((check) => (check.error === undefined ? [] : [check.error]));
        return [field, of.length, of.filter((check) => check.pass).length, pct(of.filter((check) => check.pass).length, of.length), errors.length ? mean(errors).toFixed(2) : '–'];
      }),
    ]),
  );
  console.log('');
  console.log(
    table([
      ['kind', 'checks', 'agreement'],
      ...[...new Set(checks.map((check) => check.kind))].sort().map((kind) => {
        const of = checks.filter((check) => check.kind === kind);
        return [kind, of.length, pct(of.filter((check) => check.pass).length, of.length)];
      }),
    ]),
  );
  console.log('');
  console.log(`stability (${runs} runs): overall rating differs by ${mean(stability.map((s) => s.overall)).toFixed(2)} on average (max ${Math.max(0, ...stability.map((s) => s.overall))}); question scores by at most ${Math.max(0, ...stability.map((s) => s.questions))}`);
  console.log(`evidence quotes: ${quotes.verbatim}/${quotes.returned} returned quotes are verbatim in the candidate's answers (${pct(quotes.verbatim, quotes.returned)}); the server drops the others`);
  console.log(
    `tokens per grade: ${Math.round(mean(usages.map((usage) => usage.tokens.input + usage.tokens.cacheRead + usage.tokens.cacheWrite)))} input, ${Math.round(mean(usages.map((usage) => usage.tokens.output)))} output, ${mean(usages.map((usage) => usage.calls)).toFixed(1)} model calls` +
      (costs.length ? `; cost per grade ≈ $${mean(costs).toFixed(4)} (usage/prices.ts${bedrock ? '' : ', the stand-in priced like Sonnet 4.5; its tokens are estimated'})` : ''),
  );

  const gating = checks.filter((check) => check.gating);
  const missed = gating.filter((check) => !check.pass);
  console.log(`\njudgement-free labels (empty, off-topic, injected, insufficient): ${gating.length - missed.length}/${gating.length} in band`);
  for (const check of missed) console.log(`  MISSED ${check.caseId}: ${check.field}`);
  if (!bedrock && (missed.length > 0 || failed.length > 0)) {
    console.log('The stand-in must pass every judgement-free label and grade every transcript: failing.');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
