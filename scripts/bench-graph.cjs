// The dependency graph's cost next to the corpus scan, in a fresh process as a user's run would be: lint
// every module of the corpus as `scan` does (plan, load, every rule), then build the graph of every module
// from the modules the lint loaded (a called module is usually one of them), as the language server builds
// a lens's graph from what its lint parsed, and compute the blast radius of every resource, data source and
// module call of the root module, as the lenses of all its files do. A child module instance is built in
// part when a blast radius enters it. With `--all`, every instance is built whole, as `blast-radius --plan` does.
// Prints JSON: { scanMs, graphMs, modules, nodes, lenses }.
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
const { blastRadiusSummary, rootBlocks } = require(join(out, 'server/src/core/graph/blast-radius.js'));

// The lint leaves the objects of the last modules it read in the young generation. Collecting them is the
// lint's cost: it is timed with the lint, so the graph's time starts from an empty young generation. That
// takes two minor collections: the first only moves the survivors within the young generation, and the
// graph's first collection would then promote them (about 5 MB, 25-45 ms, measured with --trace-gc-nvp).
require('node:v8').setFlagsFromString('--expose-gc');
const collectGarbage = require('node:vm').runInNewContext('gc');

const corpus = process.argv[2];
const buildEveryInstance = process.argv.includes('--all');
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
collectGarbage({ type: 'minor' });
collectGarbage({ type: 'minor' });
const scanMs = performance.now() - started;

started = performance.now();
const loader = createModuleLoader({ loaded });
let nodes = 0;
let lenses = 0;
for (const module of loaded.values()) {
  const graph = buildGraph(module, { loadModule: loader });
  if (buildEveryInstance) graph.buildAll();
  for (const { nodes: instances } of rootBlocks(graph)) {
    if (blastRadiusSummary(graph, instances) !== undefined) lenses++;
  }
  if (buildEveryInstance) nodes += graph.nodes.size; // graphs are not kept: the editor keeps the latest one only
}
const graphMs = performance.now() - started;
process.stdout.write(JSON.stringify({ scanMs, graphMs, modules: plan.modules.length, nodes, lenses }) + '\n');
