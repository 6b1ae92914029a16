// The dependency graph a plan's changes are placed in: the root module it was made from, with the instance
// keys the plan knows where the configuration cannot say them.
import { buildGraph } from '../graph/build-graph';
import type { DependencyGraph } from '../graph/dependency-graph';
import { createModuleLoader, loadRootModule } from '../graph/module-loader';
import type { TerraformPlan } from './read-plan';

/** Undefined when the directory holds no .tf files. */
export function planGraph(plan: TerraformPlan, dir: string, varFiles: readonly string[]): DependencyGraph | undefined {
  const root = loadRootModule(dir, varFiles);
  return root && buildGraph(root, { loadModule: createModuleLoader(), knownInstanceKeys: plan.instanceKeys });
}
