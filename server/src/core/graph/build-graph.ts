// Builds the dependency graph of a root module from its references: across its files, into the child
// modules it calls (local sources, and downloaded ones listed in .terraform/modules/modules.json), each
// evaluated with the arguments of its call, and with count/for_each instances expanded where the keys are
// known. An index like `aws_x.y[each.key]` is evaluated per instance, so it links the matching instances only.
import { addressOf, asString, UNKNOWN, type Attribute, type Block, type Reference, type Value } from '../../../../rules/api';
import { Evaluator } from '../evaluate';
import type { ModuleIndex } from '../module';
import type { ModuleLoader } from './module-loader';
import { DependencyGraph, instanceKeySuffix, type GraphNode } from './dependency-graph';
import { readModulesManifest, resolveModuleSource } from './module-sources';

export interface GraphOptions {
  readonly loadModule: ModuleLoader;
  /** The root module's evaluator, when the caller has one (the lint's), so both see the same values. */
  readonly evaluator?: Evaluator;
  /**
   * Instance keys learnt elsewhere (from a plan) for blocks whose count/for_each is unknown here, by the
   * block's id without its own key: `aws_x.y`, `module.app["eu"].aws_x.y`.
   */
  readonly knownInstanceKeys?: ReadonlyMap<string, readonly (string | number)[]>;
}

/** How deep module calls may nest before the graph stops following them (a call cycle stops earlier). */
const MAX_MODULE_DEPTH = 16;
/** Module call arguments that are not input variables. */
const CALL_META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

interface InstanceNode {
  readonly node: GraphNode;
  /** The expanded block whose bindings (`each`, `count`) evaluate this instance's expressions. */
  readonly scope: Block;
}

interface ModuleScope {
  readonly module: ModuleIndex;
  readonly evaluator: Evaluator;
  /** Prepended to every address: `''` or `module.app["eu"].`. */
  readonly prefix: string;
  readonly nodesByBlock: Map<Block, InstanceNode[]>;
  /** The scope of each module call instance, by the call instance's node id. */
  readonly children: Map<string, ModuleScope>;
}

export function buildGraph(root: ModuleIndex, options: GraphOptions): DependencyGraph {
  const builder = new GraphBuilder(options, readModulesManifest(root.dir));
  builder.addModule(root, options.evaluator ?? new Evaluator(root), '', [], [root.dir]);
  return builder.graph;
}

class GraphBuilder {
  readonly graph = new DependencyGraph();

  constructor(
    private readonly options: GraphOptions,
    private readonly manifest: ReadonlyMap<string, string>,
  ) {}

  addModule(module: ModuleIndex, evaluator: Evaluator, prefix: string, callPath: readonly string[], ancestors: readonly string[]): ModuleScope {
    const scope: ModuleScope = { module, evaluator, prefix, nodesByBlock: new Map(), children: new Map() };
    for (const block of module.blocks) this.declare(scope, block);
    for (const call of module.moduleCalls.values()) this.addChildren(scope, call, callPath, ancestors);
    for (const reference of module.references) this.link(scope, reference);
    return scope;
  }

  private declare(scope: ModuleScope, block: Block): void {
    const node = (kind: GraphNode['kind'], type: string, address: string, key?: string | number): GraphNode => ({
      id: `${scope.prefix}${address}${instanceKeySuffix(key)}`,
      kind,
      type,
      address,
      modulePath: scope.prefix.slice(0, -1),
      ...(kind === 'local' ? {} : { block }),
      location: { file: block.file, range: block.headerRange },
    });
    const name = block.labels[0];
    switch (block.type) {
      case 'resource':
      case 'data':
      case 'module': {
        const address = addressOf(block);
        if (address === undefined) return;
        const kind = block.type === 'data' ? 'data' : block.type === 'module' ? 'module' : 'resource';
        const type = kind === 'module' ? 'module' : name!;
        const instances = this.instancesOf(scope, block, address).map((instance) => ({
          node: node(kind, type, address, instance.instance?.key),
          scope: instance,
        }));
        for (const instance of instances) this.graph.addNode(instance.node);
        scope.nodesByBlock.set(block, instances);
        return;
      }
      case 'output':
      case 'variable':
        if (name !== undefined) this.graph.addNode(node(block.type, block.type, `${block.type === 'variable' ? 'var' : 'output'}.${name}`));
        return;
      case 'locals':
        for (const attribute of block.body.attributes) {
          this.graph.addNode({ ...node('local', 'local', `local.${attribute.name}`), location: { file: attribute.file, range: attribute.nameRange } });
        }
        return;
      default:
        return;
    }
  }

  /** The block's instances: expanded where the keys are known here or from a plan, else the block itself. */
  private instancesOf(scope: ModuleScope, block: Block, address: string): readonly Block[] {
    const expanded = scope.evaluator.instances(block);
    if (expanded) return expanded;
    const keys = this.options.knownInstanceKeys?.get(`${scope.prefix}${address}`);
    if (!keys) return [block];
    return keys.map((key) => ({ ...block, instance: { key, parent: block.instance } }));
  }

  private addChildren(scope: ModuleScope, call: Block, callPath: readonly string[], ancestors: readonly string[]): void {
    const name = call.labels[0];
    const sourceAttribute = call.body.attributes.find((a) => a.name === 'source');
    const source = sourceAttribute && scope.evaluator.valueOf(sourceAttribute.expr);
    if (name === undefined || !source?.known || typeof source.value !== 'string') return;
    const path = [...callPath, name];
    const dir = resolveModuleSource(source.value, scope.module.dir, path, this.manifest);
    if (dir === undefined || ancestors.includes(dir) || ancestors.length > MAX_MODULE_DEPTH) return;
    const child = this.options.loadModule(dir);
    if (!child) return;
    for (const { node, scope: instance } of scope.nodesByBlock.get(call) ?? []) {
      const childScope = this.addModule(child, new Evaluator(child, this.callArguments(scope, call, instance)), `${node.id}.`, path, [...ancestors, dir]);
      scope.children.set(node.id, childScope);
    }
  }

  private callArguments(scope: ModuleScope, call: Block, instance: Block): Map<string, Value> {
    const values = new Map<string, Value>();
    for (const attribute of call.body.attributes) {
      if (CALL_META_ARGUMENTS.has(attribute.name)) continue;
      const value = scope.evaluator.valueOf(attribute.expr, instance);
      values.set(attribute.name, value.known ? value.value : UNKNOWN);
    }
    return values;
  }

  /** Adds the edges of one reference, from each instance that makes it to each instance it names. */
  private link(scope: ModuleScope, reference: Reference): void {
    for (const dependent of this.dependentsOf(scope, reference)) {
      const targets = this.targetsOf(scope, reference, dependent.scope);
      for (const target of targets) this.graph.addEdge(dependent.node.id, target);
      if (reference.from.type === 'module') this.linkIntoCall(scope, reference, dependent.node.id, targets);
    }
  }

  /** A call argument feeds the child's variable; `depends_on` on a call holds back everything inside it. */
  private linkIntoCall(scope: ModuleScope, reference: Reference, callId: string, targets: readonly string[]): void {
    const child = scope.children.get(callId);
    const argument = attributeHolding(reference.from, reference);
    if (!child || !argument) return;
    if (argument.name === 'depends_on') {
      for (const node of nodesWithin(this.graph, child.prefix)) {
        if (node.kind === 'resource' || node.kind === 'data') for (const target of targets) this.graph.addEdge(node.id, target);
      }
      return;
    }
    if (CALL_META_ARGUMENTS.has(argument.name)) return;
    const variable = `${child.prefix}var.${argument.name}`;
    if (this.graph.node(variable)) for (const target of targets) this.graph.addEdge(variable, target);
  }

  private dependentsOf(scope: ModuleScope, reference: Reference): readonly { node: GraphNode; scope: Block | undefined }[] {
    const from = reference.from;
    switch (from.type) {
      case 'resource':
      case 'data':
      case 'module':
        return scope.nodesByBlock.get(from) ?? [];
      case 'output': {
        const node = this.graph.node(`${scope.prefix}output.${from.labels[0]}`);
        return node ? [{ node, scope: undefined }] : [];
      }
      case 'locals': {
        const attribute = attributeHolding(from, reference);
        const node = attribute && this.graph.node(`${scope.prefix}local.${attribute.name}`);
        return node ? [{ node, scope: undefined }] : [];
      }
      default:
        return []; // providers, terraform, moved, import, check and variable validations feed nothing
    }
  }

  private targetsOf(scope: ModuleScope, reference: Reference, within: Block | undefined): string[] {
    switch (reference.kind) {
      case 'resource':
      case 'data': {
        const block = scope.module.block(reference.address);
        return block ? this.selectInstances(scope, block, reference, within).map((i) => i.node.id) : [];
      }
      case 'module': {
        const call = scope.module.block(reference.address);
        if (!call) return [];
        return this.selectInstances(scope, call, reference, within).flatMap((instance) => this.moduleOutputs(scope, instance.node.id, reference.path[0]));
      }
      case 'variable':
      case 'local': {
        const id = `${scope.prefix}${reference.address}`;
        return this.graph.node(id) ? [id] : [];
      }
      default:
        return [];
    }
  }

  /** `module.x.out` is the child's output `out`; `module.x` alone is everything in it. */
  private moduleOutputs(scope: ModuleScope, callId: string, output: string | number | undefined): string[] {
    const child = scope.children.get(callId);
    if (!child) return [callId];
    if (typeof output === 'string') {
      const id = `${child.prefix}output.${output}`;
      return this.graph.node(id) ? [id] : [callId];
    }
    return nodesWithin(this.graph, child.prefix)
      .filter((n) => n.kind === 'resource' || n.kind === 'data' || (n.kind === 'output' && n.modulePath === callId))
      .map((n) => n.id);
  }

  /** The instances a reference names: the one its index evaluates to, else all of them. */
  private selectInstances(scope: ModuleScope, block: Block, reference: Reference, within: Block | undefined): readonly InstanceNode[] {
    const all = scope.nodesByBlock.get(block) ?? [];
    if (!reference.instanceKey || all.length === 0) return all;
    const key = scope.evaluator.valueOf(reference.instanceKey, within);
    const wanted = key.known ? asString(key.value) : undefined;
    if (wanted === undefined) return all;
    const match = all.filter((i) => i.scope.instance !== undefined && String(i.scope.instance.key) === wanted);
    return match.length > 0 ? match : all;
  }
}

/** The attribute of a block whose expression holds the reference. */
function attributeHolding(block: Block, reference: Reference): Attribute | undefined {
  const offset = reference.range.start.offset;
  return block.body.attributes.find((a) => a.file === reference.file && a.expr.range.start.offset <= offset && offset < a.expr.range.end.offset);
}

function nodesWithin(graph: DependencyGraph, prefix: string): GraphNode[] {
  return [...graph.nodes.values()].filter((n) => n.id.startsWith(prefix));
}
