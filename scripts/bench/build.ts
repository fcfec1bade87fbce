/**
 * The bundles under test, built the way `sam build` builds them:
 *   - the layer by scripts/sam/build-layer.mjs (what layers/shared/Makefile runs) into
 *     <tmp>/layer/nodejs/node_modules;
 *   - each function with esbuild and the BuildProperties of ITS template.yml
 *     (Metadata.BuildProperties is the one source of truth), into <tmp>/fn/<name>/, with
 *     the layer's node_modules placed beside the bundle (as /opt/nodejs/node_modules);
 *   - each floor (scripts/bench/floors/<name>.ts) with the same BuildProperties, into
 *     <tmp>/floor/<name>/ (no layer: it bundles the SDK clients it creates).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { parseTemplate } from '../../tools/local/cloudformation';
import { loadApp } from '../../tools/local/templates';
import { BENCH_DIR, FUNCTIONS, NODE22, REPO_ROOT, type FunctionName } from './common';

export interface BuiltFunction {
  name: FunctionName;
  /** The function's bundle (handler.mjs) with node_modules → the layer beside it. */
  handler: string;
  floor: string;
  /** Environment.Variables of the template (Globals merged), intrinsics resolved. */
  environment: Record<string, string>;
  memoryMb: number;
  bytes: number;
  floorBytes: number;
  metafile: Metafile;
}

export interface Built {
  root: string;
  layerModules: string;
  layerMetafile?: Metafile;
  functions: Map<FunctionName, BuiltFunction>;
}

type BuildProperties = {
  EntryPoints?: string[];
  Format?: 'esm' | 'cjs' | 'iife';
  OutExtension?: string[];
  Target?: string;
  Minify?: boolean;
  Sourcemap?: boolean;
  External?: string[];
  Banner?: string[];
  Footer?: string[];
  MainFields?: string;
  Loader?: string[];
};

function pairs(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of list ?? []) {
    const at = entry.indexOf('=');
    out[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return out;
}

/** esbuild options equivalent to what SAM's esbuild builder passes for these BuildProperties. */
export function esbuildOptionsFor(props: BuildProperties): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: props.Format ?? 'cjs',
    target: props.Target ?? 'es2020',
    minify: Boolean(props.Minify),
    sourcemap: Boolean(props.Sourcemap),
    external: props.External ?? [],
    outExtension: pairs(props.OutExtension),
    banner: pairs(props.Banner),
    footer: pairs(props.Footer),
    ...(props.MainFields ? { mainFields: props.MainFields.split(',') } : {}),
    ...(props.Loader ? { loader: pairs(props.Loader) as BuildOptions['loader'] } : {}),
    metafile: true,
    logLevel: 'warning',
  };
}

function functionResource(templateFile: string): { props: BuildProperties; codeUri: string } {
  const template = parseTemplate(readFileSync(templateFile, 'utf8'));
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Serverless::Function') continue;
    const metadata = resource.Metadata as { BuildMethod?: string; BuildProperties?: BuildProperties } | undefined;
    if (metadata?.BuildMethod !== 'esbuild') throw new Error(`${templateFile}: the function is not built with esbuild`);
    return { props: metadata.BuildProperties ?? {}, codeUri: String(resource.Properties?.CodeUri ?? '.') };
  }
  throw new Error(`${templateFile}: no AWS::Serverless::Function`);
}

export async function buildLayer(outDir: string, layerScript = path.join(REPO_ROOT, 'scripts/sam/build-layer.mjs')): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  const { stdout } = await promisify(execFile)(NODE22, [layerScript, outDir], { cwd: REPO_ROOT });
  return stdout.trim();
}

/** Units per user and day in the bench: the most config.ts allows, far above any run's calls. */
const BENCH_BUDGET = 1_000_000;

export async function buildAll(root: string): Promise<Built> {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const layerOut = path.join(root, 'layer');
  await buildLayer(layerOut);
  const layerModules = path.join(layerOut, 'nodejs/node_modules');
  if (!existsSync(path.join(layerModules, '@intelliview/shared/package.json'))) throw new Error('the layer build produced no @intelliview/shared');

  // The daily budgets ON (each model call pays its one UpdateItem, as deployed) but out of
  // reach: the bench calls one user's routes hundreds of times and measures the check, not refusals.
  const app = loadApp({ parameterOverrides: { DailyTurnsPerUser: String(BENCH_BUDGET), DailyGradesPerUser: String(BENCH_BUDGET) } });
  const functions = new Map<FunctionName, BuiltFunction>();
  for (const { name } of FUNCTIONS) {
    const fn = app.functions.find((candidate) => candidate.name === name);
    if (!fn) throw new Error(`no function ${name} in the SAM templates`);
    const { props, codeUri } = functionResource(fn.templateFile);
    const options = esbuildOptionsFor(props);
    const codeDir = path.resolve(path.dirname(fn.templateFile), codeUri);
    const outdir = path.join(root, 'fn', name);
    const built = await build({ ...options, absWorkingDir: codeDir, entryPoints: (props.EntryPoints ?? ['app.ts']).map((entry) => path.join(codeDir, entry)), outdir });
    // The layer, where Lambda puts it relative to the code: a node_modules the resolver finds.
    cpSync(layerModules, path.join(outdir, 'node_modules'), { recursive: true });
    const floorOut = path.join(root, 'floor', name);
    // The floor's SDK gets what the layer's SDK gets: maps written but not linked (build-layer.mjs),
    // so under --enable-source-maps neither parses the SDK's ~600 KB map at start-up.
    const floorOptions = { ...options, sourcemap: options.sourcemap ? ('external' as const) : false };
    const floor = await build({ ...floorOptions, absWorkingDir: BENCH_DIR, entryPoints: { handler: path.join(BENCH_DIR, 'floors', `${name}.ts`) }, outdir: floorOut });
    const ext = Object.values(options.outExtension ?? {})[0] ?? '.js';
    const bytesOf = (meta: Metafile) => Object.entries(meta.outputs).filter(([file]) => !file.endsWith('.map')).reduce((sum, [, out]) => sum + out.bytes, 0);
    functions.set(name, {
      name,
      handler: path.join(outdir, `handler${ext}`),
      floor: path.join(floorOut, `handler${ext}`),
      environment: fn.environment,
      memoryMb: fn.memoryMb,
      bytes: bytesOf(built.metafile!),
      floorBytes: bytesOf(floor.metafile!),
      metafile: built.metafile!,
    });
  }
  return { root, layerModules, functions };
}
