// The direction of dependencies (ARCHITECTURE.md): the pure core knows nothing of the
// world, the application layer knows the core and ports, the edge wires it all.
// `npm run check:deps` runs this; src/architecture.test.ts runs it in the suite.
const CORE = '^src/(common|engine|ledger|privacy|fairness|governance)/';
const APP = '^src/(cases|drafting|participation|assistant)/';
const EDGE = '^src/(store|server|jobs|model-client|cli|pack-files|seed|auth|pdf|content-files)/';
const IO_MODULES = '^(fs|node:fs|fs/promises|node:fs/promises|net|node:net|http|node:http|https|node:https|http2|node:http2|child_process|node:child_process|dgram|node:dgram|tls|node:tls|worker_threads|node:worker_threads|cluster|node:cluster|readline|node:readline)$';
const IO_PACKAGES = 'node_modules/(pg|pg-boss|@electric-sql/pglite|fastify|@fastify|openai|@myriaddreamin|pino|prom-client|openid-client)/';

module.exports = {
  forbidden: [
    {
      name: 'core-no-io',
      comment: 'The pure core (engine, ledger, privacy, fairness, governance) does no I/O.',
      severity: 'error',
      from: { path: CORE, pathNot: '\\.test\\.ts$' },
      to: { path: IO_MODULES },
    },
    {
      name: 'core-no-adapter-packages',
      comment: 'The pure core does not use database, HTTP, model or logging packages.',
      severity: 'error',
      from: { path: CORE, pathNot: '\\.test\\.ts$' },
      to: { path: IO_PACKAGES },
    },
    {
      name: 'core-not-outward',
      comment: 'The core imports no application-layer or edge module.',
      severity: 'error',
      from: { path: CORE },
      to: { path: `${APP}|${EDGE}` },
    },
    {
      name: 'core-capabilities-independent',
      comment: 'A core capability imports no other core capability except engine and common.',
      severity: 'error',
      from: { path: '^src/(ledger|privacy|fairness|governance)/' },
      to: { path: '^src/(ledger|privacy|fairness|governance)/', pathNot: '^src/$1/' },
    },
    {
      name: 'engine-alone',
      comment: 'The engine depends only on common.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/(ledger|privacy|fairness|governance)/' },
    },
    {
      name: 'app-not-edge',
      comment: 'Use cases depend on ports they declare, never on store, server, jobs, model client or CLI.',
      severity: 'error',
      from: { path: APP, pathNot: '\\.test\\.ts$' },
      to: { path: EDGE },
    },
    {
      name: 'public-api-only',
      comment: 'Another capability is used only through its index.ts.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/[^/]+/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'web-apart',
      comment: 'The web app talks only to the HTTP API.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    exclude: { path: '(^|/)(node_modules|dist|web/dist)/' },
  },
};
