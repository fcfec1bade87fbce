// Module boundaries of the product code (issue 11), checked in `npm test` by
// test/moduleGraph.test.ts and by hand with `npm run lint:deps`.
// Scope: what ships in a Lambda: the shared layer's sources and the five handlers. Test
// files (*.test.ts) are left out: they never reach a bundle, and they may use test/ and
// tools/ helpers. tools/ and test/ are not cruised, only detected as targets.

/** The five function folders; their src/ is bundled into a Lambda. */
const FUNCTIONS = '(generateInterviewQuestion|fetchSession|generateFeedbackFunction|listSessions|aggregateSkillsFunction)';
const LAYER = '^layers/shared/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'Dependencies point one way (domain <- adapters <- use cases <- http edge). A cycle makes ' +
        'load order matter and pulls a whole circle of modules into every bundle that needs one.',
      from: {},
      to: { circular: true },
    },
    {
      // sessions/service -> skills/record -> sessions/repository is no module cycle, but the
      // two folders then need each other: neither can be read, tested or split alone.
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'The layer\'s folders (sessions, skills, model, grading, budget, db, http) depend one way too: ' +
        'a module of one folder never imports a folder that imports it back.',
      scope: 'folder',
      from: { path: LAYER },
      to: { circular: true },
    },
    {
      name: 'use-cases-below-http',
      severity: 'error',
      comment:
        'Domain, adapters and use cases never know the HTTP edge (API Gateway events, Middy): ' +
        'not directly and not through another module. Caller and shared types live in domain.',
      from: {
        path: [
          `${LAYER}(sessions|skills|model|grading|budget|db)/`,
          `${LAYER}domain\\.ts$`,
        ],
      },
      to: { path: `${LAYER}http/`, reachable: true },
    },
    {
      name: 'product-not-on-dev-tools',
      severity: 'error',
      comment:
        'Local mode (tools/) and test helpers (test/) are dev tools: product code that imports ' +
        'them would drag emulators and test quirks into a Lambda bundle.',
      from: { path: [`^layers/`, `^${FUNCTIONS}/`] },
      to: { path: ['^tools/', '^test/'] },
    },
  ],
  options: {
    // Type-only imports count: a type cycle is still two modules (or folders) that know
    // each other, and an adapter importing a use case's type depends upward all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['\\.test\\.ts$', '/__fixtures__/', '/\\.aws-sam/', '/dist/'] },
    // Leaves, not cruised: third-party code, and the dev tools (detected, never walked).
    doNotFollow: { path: ['node_modules', '^tools/', '^test/'] },
    // The layer is imported as @intelliview/shared/<entry> (a workspace link): resolve it
    // to its real path, so a handler's import lands on layers/shared/src/...
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
