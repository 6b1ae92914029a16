// The dependency graph's cost next to the corpus scan, in a fresh process as a user's run would be: lint
// every module of the corpus as `scan` does (plan, load, every rule), then build the graph of every module
// from the modules the lint loaded (a called module is usually one of them), as the language server builds
// a lens's graph from what its lint parsed. Prints JSON: { scanMs, graphMs, modules, nodes }.
// Run by scripts/bench.mjs after `npm run build && tsc --outDir out`.
const { join } = require('node:path');
const out = join(__dirname, '..', 'out');
const { RULES } = require(join(out, 'rules/index.js'));
const { planScan, loadPlannedModule } = require(join(out, 'server/src/core/scan.js'));
const { lintModule } = require(join(out, 'server/src/core/lint.js'));
const { readFromDisk, readSourceFile } = require(join(out, 'server/src/core/load-module.js'));
const { listFromDisk, memoizeLister } = require(join(out, 'server/src/core/environments/environment-files.js'));
const { buildGraph } = require(join(out, 'server/src/core/graph/build-graph.js'));
const { createModuleLoader } = require(join(out, 'server/src/core/graph/module-loader.js'));

const corpus = process.argv[2];
const load = (file) => readSourceFile(file, readFromDisk);
const list = memoizeLister(listFromDisk);

let started = performance.now();
const plan = planScan({ paths: [corpus], cwd: corpus }, RULES);
const loaded = new Map();
for (const planned of plan.modules) {
  const module = loadPlannedModule(plan, planned, load, list);
  lintModule(module, { rules: RULES, config: planned.config, inlineIgnores: true });
  if (planned.module.files.length > 0) loaded.set(planned.module.dir, module); // a Terragrunt-only directory has no graph
}
const scanMs = performance.now() - started;

started = performance.now();
const loader = createModuleLoader({ loaded });
let nodes = 0;
for (const module of loaded.values()) nodes += buildGraph(module, { loadModule: loader }).nodes.size;
const graphMs = performance.now() - started;
process.stdout.write(JSON.stringify({ scanMs, graphMs, modules: plan.modules.length, nodes }) + '\n');
