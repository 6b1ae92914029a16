// The blast radius of a plan: for every resource it creates, updates, replaces or deletes, what depends on
// that resource (from the configuration's dependency graph, plus the prior state's recorded dependencies
// for what the configuration no longer declares), whether each dependent changes itself, and the findings
// that touch the changed resource or any of its dependents, or are about what the plan does to it.
import type { Finding } from '../finding';
import { blastRadius } from '../graph/blast-radius';
import { endOffset, startOffset } from '../hcl/line-map';
import { LinkedNode, type DependencyGraph, type GraphNode } from '../graph/dependency-graph';
import type { PlanAction, PlannedChange, TerraformPlan } from './read-plan';
import { splitAddress, withoutLastKey } from './read-plan';

export interface ReportedDependent {
  readonly address: string;
  /** The resource or data source type; `module` or `output` otherwise. */
  readonly type: string;
  /** Addresses from the changed resource to this dependent, both included. */
  readonly path: readonly string[];
  /** Whether the plan changes this dependent too. */
  readonly changes: boolean;
}

export interface ChangeReport {
  readonly address: string;
  readonly actions: readonly PlanAction[];
  readonly dependents: readonly ReportedDependent[];
  readonly findings: readonly Finding[];
}

export function isChange(change: PlannedChange): boolean {
  return !change.actions.every((action) => action === 'no-op' || action === 'read');
}

export function planBlastRadius(plan: TerraformPlan, graph: DependencyGraph, findings: readonly Finding[]): ChangeReport[] {
  graph.buildAll(); // a plan changes resources anywhere in the module tree
  addPriorStateDependencies(plan, graph);
  const changed = new Set(plan.changes.filter(isChange).map((c) => c.address));
  const touched = findingsByNode(graph, findings);
  const changes = (id: string, node: GraphNode): boolean => {
    if (changed.has(id) || plan.changedOutputs.has(id)) return true;
    // A module call changes when anything inside it does; a plan lists only the root module's outputs, so
    // a child module's output is taken to change with its module.
    const scope = node.kind === 'module' ? id : node.kind === 'output' && node.modulePath !== '' ? node.modulePath : undefined;
    return scope !== undefined && [...changed].some((address) => address.startsWith(`${scope}.`));
  };
  return plan.changes.filter(isChange).map((change) => {
    const origins = nodeIds(graph, change.address);
    const dependents = blastRadius(graph, origins);
    const related = new Set<Finding>();
    for (const id of [...origins, ...dependents.map((d) => d.node.id)]) for (const finding of touched.get(id) ?? []) related.add(finding);
    // A finding about what the plan does to the resource, wherever it is placed (a deleted resource has no
    // block), or about the resource as a whole (`aws_instance.worker`, for several of its instances).
    const resource = withoutKeys(change.address);
    for (const finding of findings) if (finding.resource === change.address || finding.resource === resource) related.add(finding);
    return {
      address: change.address,
      actions: change.actions,
      dependents: dependents.map(({ node, path }) => ({ address: node.id, type: node.type, path, changes: changes(node.id, node) })),
      findings: [...related],
    };
  });
}

/**
 * Whether the plan could have been made from this configuration: every resource a plan keeps (creates,
 * updates, replaces or leaves alone) has a block in the configuration it was made from, so when none of
 * them has one here, the plan belongs to another root and its blast radius here would look clean but mean
 * nothing. A plan that only deletes cannot tell, and passes.
 */
export function planFitsConfiguration(plan: TerraformPlan, graph: DependencyGraph): boolean {
  graph.buildAll();
  const kept = plan.changes.filter((change) => !change.actions.every((action) => action === 'delete' || action === 'forget'));
  return kept.length === 0 || kept.some((change) => nodeIds(graph, change.address).some((id) => graph.node(id)?.location !== undefined));
}

/** The graph's nodes for a plan address: the instance itself, or the block when its keys are unknown here. */
export function nodeIds(graph: DependencyGraph, address: string): string[] {
  if (graph.node(address)) return [address];
  const block = withoutLastKey(address);
  if (block !== address && graph.node(block)) return [block];
  const instances = [...graph.nodes.keys()].filter((id) => id.startsWith(`${address}[`));
  return instances;
}

/**
 * What the prior state recorded, for resources the configuration no longer declares: until this plan runs,
 * state still links them to what they fed. (Between declared resources the configuration's own references
 * are the better account: they show the path, through locals and module variables.)
 */
function addPriorStateDependencies(plan: TerraformPlan, graph: DependencyGraph): void {
  const changes = new Map(plan.changes.map((c) => [c.address, c]));
  for (const [address, dependencies] of plan.priorDependencies) {
    const declared = nodeIds(graph, address).length > 0;
    for (const dependency of dependencies) {
      if (declared && nodeIds(graph, dependency).length > 0) continue;
      const from = ensureNode(graph, address, changes.get(address));
      const targets = nodeIds(graph, dependency);
      for (const to of targets.length > 0 ? targets : [ensureNode(graph, dependency, changes.get(dependency))]) graph.addEdge(from, to);
    }
  }
}

/** A node for an address only the state knows (it has no location in the configuration). */
function ensureNode(graph: DependencyGraph, address: string, change: PlannedChange | undefined): string {
  const existing = nodeIds(graph, address);
  if (existing.length > 0) return existing[0]!;
  const local = address.replace(/^(module\.[^.[]+(\[[^\]]*\])?\.)+/, '');
  const data = local.startsWith('data.');
  const type = change?.type ?? local.split('.')[data ? 1 : 0]!;
  const modulePath = address.slice(0, address.length - local.length).replace(/\.$/, '');
  graph.addNode(new LinkedNode(address, data ? 'data' : 'resource', type, withoutLastKey(local), modulePath, undefined, undefined, undefined));
  return address;
}

/** Findings by the nodes whose declaring block holds them. */
function findingsByNode(graph: DependencyGraph, findings: readonly Finding[]): Map<string, Finding[]> {
  const byNode = new Map<string, Finding[]>();
  for (const node of graph.nodes.values()) {
    const block = node.block;
    if (!block || node.kind === 'variable') continue;
    for (const finding of findings) {
      const offset = startOffset(finding.range);
      if (finding.file !== block.file || offset < startOffset(block.range) || offset >= endOffset(block.range)) continue;
      const list = byNode.get(node.id);
      if (list) list.push(finding);
      else byNode.set(node.id, [finding]);
    }
  }
  return byNode;
}

/** `module.cell[1].aws_instance.node["a"]` → `module.cell.aws_instance.node`. */
function withoutKeys(address: string): string {
  return splitAddress(address)
    .filter((segment) => !segment.startsWith('['))
    .join('');
}
