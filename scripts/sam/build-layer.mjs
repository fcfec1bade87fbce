// Builds the shared Lambda layer for `sam build` (called by layers/shared/Makefile):
// @intelliview/shared → <ARTIFACTS_DIR>/nodejs/node_modules/@intelliview/shared/, so that
// `import '@intelliview/shared/http'` resolves on Lambda from /opt/nodejs/node_modules.
//
// One esbuild run over ALL entry points with code splitting: every module exists once,
// in a shared chunk, whichever entry loads it. Separate bundles per entry would give each
// entry its own copy of errors.ts, and `instanceof AppError` would fail across entries.
// The AWS SDK, Middy and zod are bundled into those chunks (pinned versions, faster cold
// start than loose node_modules); the reader functions load only the chunks of the entries
// they import, so they never evaluate the Bedrock client.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const artifactsDir = process.argv[2];
if (!artifactsDir) {
  console.error('usage: node scripts/sam/build-layer.mjs <ARTIFACTS_DIR>');
  process.exit(2);
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packageDir = path.join(repoRoot, 'layers/shared');
const source = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
const outDir = path.join(path.resolve(artifactsDir), 'nodejs/node_modules', source.name);

// The workspace package.json maps "./http" → "./src/http/index.ts"; the layer's maps
// "./http" → "./http.mjs". Its exports are the single list of entry points.
const entryPoints = {};
const exportsMap = {};
for (const [subpath, file] of Object.entries(source.exports)) {
  const name = subpath.replace(/^\.\//, '');
  const entryFile = path.join(packageDir, file);
  if (!existsSync(entryFile)) {
    console.error(`build-layer: export "${subpath}" points at missing ${file}`);
    process.exit(1);
  }
  entryPoints[name] = entryFile;
  exportsMap[subpath] = `./${name}.mjs`;
}

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

// node:http, node:https and node:http2 are required (CommonJS), never imported as ESM: the
// ESM facade of node:http reads every export when it is evaluated, and node:http's
// exports include lazy getters (WebSocket, CloseEvent, MessageEvent) that load Node's
// bundled undici (~40 ms of compile per cold start, seen in --cpu-prof as lazyUndici ←
// node:http get ← evaluate). The ESM builds of the SDK's HTTP handlers (mainFields
// 'module') import them as ESM; require() through the banner's createRequire reads only
// what the handler uses. Measured with scripts/bench (see docs/benchmarks.md).
const cjsBuiltins = {
  name: 'cjs-builtins',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(node:)?(http|https|http2)$/ }, (args) =>
      args.namespace === 'cjs-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'cjs-builtin' },
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'cjs-builtin' }, (args) => ({ contents: `module.exports = require('node:${args.path}');`, loader: 'js' }));
  },
};

const result = await build({
  plugins: [cjsBuiltins],
  entryPoints,
  outdir: outDir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'es2023',
  // Prefer the ESM builds of dependencies (smaller, tree-shakeable).
  mainFields: ['module', 'main'],
  minify: true,
  // Maps as files beside the chunks, WITHOUT the //# sourceMappingURL comment: with
  // NODE_OPTIONS=--enable-source-maps (the templates' Globals) Node reads and parses the
  // map of every module it loads that names one — ~1 MB of JSON for the layer's chunks,
  // about a fifth of a reader's init in the bench. The maps stay in the layer to decode a
  // layer frame of a stack trace offline; the functions' own bundles keep linked maps.
  // Without the sources' text, which would triple the layer for no gain in a trace.
  sourcemap: 'external',
  sourcesContent: false,
  legalComments: 'none',
  // Bundled CommonJS code calls require(); give every ESM file one (aliased import, so it
  // cannot clash with a bundled identifier).
  banner: {
    js: "import { createRequire as __ivCreateRequire } from 'node:module'; const require = __ivCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});

await writeFile(
  path.join(outDir, 'package.json'),
  `${JSON.stringify(
    { name: source.name, version: source.version, private: true, type: 'module', description: source.description, exports: exportsMap },
    null,
    2,
  )}\n`,
);

// The readers (fetchSession, listSessions, aggregateSkills) import only http, sessions and
// skills: prove from the metafile that those entries never load the Bedrock client, not
// even through a shared chunk (static imports only; a dynamic import() would load lazily).
const outputs = result.metafile.outputs;
const outputOf = (name) => Object.keys(outputs).find((file) => outputs[file].entryPoint && file.endsWith(`/${name}.mjs`));
function staticInputs(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of outputs[file].imports) {
    if (imported.kind === 'import-statement' && !imported.external) staticInputs(imported.path, seen);
  }
  return seen;
}
for (const name of ['config', 'errors', 'domain', 'http', 'sessions', 'skills'].filter((n) => entryPoints[n])) {
  const files = [...staticInputs(outputOf(name))];
  const bedrock = files.some((file) => Object.keys(outputs[file].inputs).some((input) => input.includes('client-bedrock-runtime')));
  if (bedrock) {
    console.error(`build-layer: entry "${name}" statically loads @aws-sdk/client-bedrock-runtime; readers must not`);
    process.exit(1);
  }
}

// For the bench's profiler (scripts/bench/profile.ts): what each output file holds.
if (process.env.BUILD_LAYER_METAFILE) await writeFile(process.env.BUILD_LAYER_METAFILE, JSON.stringify(result.metafile));

let total = 0;
for (const [file, info] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith('.map')) total += info.bytes;
}
console.log(
  `build-layer: ${Object.keys(entryPoints).length} entry points, ${Object.keys(result.metafile.outputs).filter((f) => !f.endsWith('.map')).length} files, ${(total / 1024).toFixed(0)} KiB → ${outDir}`,
);
