// The dependency graph's cost next to the corpus scan, in a fresh process as a user's run would be: lint
// the corpus as `scan` does (plan, a tree of module instances from each root, then what no tree reached,
// every rule), then build the graph of every module from the modules the lint loaded (a called module is usually one of them), as the language server builds
// a lens's graph from what its lint parsed, and compute the blast radius of every resource, data source and
// module call of the root module, as the lenses of all its files do. A child module instance is built in
// part when a blast radius enters it. With `--all`, every instance is built whole, as `blast-radius --plan` does.
// Prints JSON: { scanMs, graphMs, modules, nodes, lenses }.
// Run by scripts/bench.mjs after `npm run build && tsc --outDir out`.
const { join } = require('node:path');
const out = join(__dirname, '..', 'out');
const { RULES } = require(join(out, 'rules/index.js'));
const { planScan, lintPlannedModule, scanIo, unreachedModules } = require(join(out, 'server/src/core/scan.js'));
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

let started = performance.now();
const plan = planScan({ paths: [corpus], cwd: corpus }, RULES);
const io = scanIo(undefined, plan);
// Every scanned module the lint loads is kept for the graphs (the scan itself lets go of them).
const loaded = new Map();
const scanned = new Set(plan.modules.filter((p) => p.module.files.length > 0).map((p) => p.module.dir)); // a Terragrunt-only directory has no graph
const cache = io.modules;
const modules = {
  get: (dir, load) => {
    const module = cache.get(dir, load);
    if (module && scanned.has(dir)) loaded.set(dir, module);
    return module;
  },
  release: (dirs) => cache.release(dirs),
};
const outcomes = [];
for (const index of plan.roots) outcomes.push(lintPlannedModule(plan, plan.modules[index], RULES, { ...io, modules }));
for (const index of unreachedModules(plan, outcomes)) outcomes.push(lintPlannedModule(plan, plan.modules[index], RULES, { ...io, modules }));
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
