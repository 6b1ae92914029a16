// The graph builds child module instances only when a query reaches into them, and a walk builds only the
// part it can reach. Over every module of the real-world corpus, that must not change an answer: each root
// block's blast radius (what the lens, hover and tree show) is the same as on a graph built whole first,
// paths included, and finishing the lazy graph gives the same nodes and edges. The lens's summary counts
// exactly what the blast radius lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RULES } from '../../rules/index';
import { listFromDisk, memoizeLister } from '../../server/src/core/environments/environment-files';
import { blastRadius, blastRadiusSummary, rootBlocks, summarizeDependents } from '../../server/src/core/graph/blast-radius';
import { buildGraph } from '../../server/src/core/graph/build-graph';
import type { DependencyGraph } from '../../server/src/core/graph/dependency-graph';
import { createModuleLoader } from '../../server/src/core/graph/module-loader';
import { readFromDisk, readSourceFile } from '../../server/src/core/load-module';
import type { ModuleIndex } from '../../server/src/core/module';
import { loadPlannedModule, planScan } from '../../server/src/core/scan';
import { corpusDir, corpusFiles, corpusSkipMessage } from '../support/corpus';

const answer = (graph: DependencyGraph, origins: readonly string[]): string[] =>
  blastRadius(graph, origins).map((d) => `${d.node.id} <- ${d.path.join(' > ')}`);

test('on every corpus module, a graph built on demand answers as one built whole', (t) => {
  if (!corpusFiles()) return t.skip(corpusSkipMessage());
  const root = corpusDir();
  const plan = planScan({ paths: [root], cwd: root }, RULES);
  const list = memoizeLister(listFromDisk);
  const loaded = new Map<string, ModuleIndex>();
  for (const planned of plan.modules) {
    if (planned.module.files.length > 0)
      loaded.set(
        planned.module.dir,
        loadPlannedModule(plan, planned, (file) => readSourceFile(file, readFromDisk), list),
      );
  }
  const loadModule = createModuleLoader({ loaded });
  let blocks = 0;
  let withDependents = 0;
  for (const module of loaded.values()) {
    const lazy = buildGraph(module, { loadModule });
    const whole = buildGraph(module, { loadModule });
    whole.buildAll();
    for (const { nodes } of rootBlocks(lazy)) {
      const origins = nodes.map((node) => node.id);
      const expected = answer(whole, origins);
      assert.deepEqual(answer(lazy, origins), expected, `${module.dir}: the blast radius of ${origins[0]}`);
      const dependents = blastRadius(whole, origins);
      const summary = dependents.length > 0 ? summarizeDependents(dependents) : undefined;
      assert.equal(blastRadiusSummary(whole, origins), summary, `${module.dir}: the lens of ${origins[0]} counts what the tree lists`);
      blocks++;
      if (expected.length > 0) withDependents++;
    }
    assert.deepEqual([...lazy.nodes.keys()].sort(), [...whole.nodes.keys()].sort(), `${module.dir}: the nodes once built`);
    assert.equal(lazy.edgeCount, whole.edgeCount, `${module.dir}: the edges once built`);
  }
  assert.ok(withDependents > 1000, `the corpus exercises the lenses (${withDependents} of ${blocks} root blocks have dependents)`);
});
