// Builds the dependency graph of a root module from its references: across its files, into the child
// modules it calls (local sources, and downloaded ones listed in .terraform/modules/modules.json), each
// evaluated with the arguments of its call, and with count/for_each instances expanded where the keys are
// known. An index like `aws_x.y[each.key]` is evaluated per instance, so it links the matching instances only.
import { addressOf, asString, UNKNOWN, type Attribute, type Block, type Reference, type Value } from '../../../../rules/api';
import { Evaluator, type CallArguments } from '../evaluate';
import { endOffset, startOffset } from '../hcl/line-map';
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
  /** The prefix without its final dot: the nodes' `modulePath`. */
  readonly modulePath: string;
  readonly nodesByBlock: Map<Block, InstanceNode[]>;
  /** Variables, locals and outputs by their address in the module (`var.x`): the node ids. */
  readonly named: Map<string, string>;
  /** Every node declared in this module instance (not in its children). */
  readonly own: GraphNode[];
  /** Each module call instance, by the call instance's node id. */
  readonly children: Map<string, ChildInstance>;
}

/** A module call instance: its addresses are known from the called module; its nodes are built on demand. */
interface ChildInstance {
  readonly module: ModuleIndex;
  /** `module.app["eu"].` */
  readonly prefix: string;
  /** Builds the instance (once) and returns its scope. */
  readonly scope: () => ModuleScope;
}

export function buildGraph(root: ModuleIndex, options: GraphOptions): DependencyGraph {
  let manifest: ReadonlyMap<string, string> | undefined;
  const builder = new GraphBuilder(options, () => (manifest ??= readModulesManifest(root.dir)));
  builder.addModule(root, options.evaluator ?? new Evaluator(root), '', [], [root.dir]);
  return builder.graph;
}

class GraphBuilder {
  readonly graph = new DependencyGraph();

  constructor(
    private readonly options: GraphOptions,
    private readonly manifest: () => ReadonlyMap<string, string>,
  ) {}

  addModule(module: ModuleIndex, evaluator: Evaluator, prefix: string, callPath: readonly string[], ancestors: readonly string[]): ModuleScope {
    const scope: ModuleScope = { module, evaluator, prefix, modulePath: prefix.slice(0, -1), nodesByBlock: new Map(), named: new Map(), own: [], children: new Map() };
    for (const block of module.blocks) this.declare(scope, block);
    for (const call of module.moduleCalls.values()) this.addChildren(scope, call, callPath, ancestors);
    for (const reference of module.references) this.link(scope, reference);
    return scope;
  }

  private declare(scope: ModuleScope, block: Block): void {
    let blockLocation: GraphNode['location'];
    const add = (kind: GraphNode['kind'], type: string, address: string, key?: string | number, location = (blockLocation ??= { file: block.file, range: block.headerRange })): GraphNode => {
      const node = new Node(scope.prefix + address + instanceKeySuffix(key), kind, type, address, scope.modulePath, kind === 'local' ? undefined : block, location);
      this.graph.addNode(node);
      scope.own.push(node);
      return node;
    };
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
          node: add(kind, type, address, instance.instance?.key),
          scope: instance,
        }));
        scope.nodesByBlock.set(block, instances);
        return;
      }
      case 'output':
      case 'variable': {
        if (name === undefined) return;
        const address = `${block.type === 'variable' ? 'var' : 'output'}.${name}`;
        if (!scope.named.has(address)) scope.named.set(address, add(block.type, block.type, address).id);
        return;
      }
      case 'locals':
        for (const attribute of block.body.attributes) {
          const address = `local.${attribute.name}`;
          if (!scope.named.has(address)) scope.named.set(address, add('local', 'local', address, undefined, { file: block.file, range: attribute.nameRange }).id);
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
      const prefix = `${node.id}.`;
      let built: ModuleScope | undefined;
      this.graph.defer(prefix, () => {
        built = this.addModule(child, new Evaluator(child, this.callArguments(scope, call, instance)), prefix, path, [...ancestors, dir]);
      });
      scope.children.set(node.id, {
        module: child,
        prefix,
        scope: () => {
          this.graph.buildDeferred(prefix);
          return built!;
        },
      });
    }
  }

  /** A call's arguments, evaluated in the caller's scope only when the child module asks for one. */
  private callArguments(scope: ModuleScope, call: Block, instance: Block): CallArguments {
    const values = new Map<string, Value>();
    const argument = (name: string): Attribute | undefined => (CALL_META_ARGUMENTS.has(name) ? undefined : call.body.attributes.find((a) => a.name === name));
    return {
      has: (name) => argument(name) !== undefined,
      get: (name) => {
        if (!values.has(name)) {
          const attribute = argument(name);
          if (!attribute) return undefined;
          const value = scope.evaluator.valueOf(attribute.expr, instance);
          values.set(name, value.known ? value.value : UNKNOWN);
        }
        return values.get(name);
      },
    };
  }

  /** Adds the edges of one reference, from each instance that makes it to each instance it names. */
  private link(scope: ModuleScope, reference: Reference): void {
    // The argument (or local value) the reference stands in, found once for every use below.
    const holder = attributeHolding(reference.from, reference);
    const ordering = holder?.name === 'depends_on';
    for (const dependent of this.dependentsOf(scope, reference, holder)) {
      const targets = this.targetsOf(scope, reference, dependent.scope);
      for (const target of targets) this.graph.addEdge(dependent.node.id, target, ordering ? 'ordering' : 'reference');
      if (reference.from.type === 'module' && holder) this.linkIntoCall(scope, holder, dependent.node.id, targets);
    }
  }

  /** A call argument feeds the child's variable; `depends_on` on a call holds back everything inside it. */
  private linkIntoCall(scope: ModuleScope, argument: Attribute, callId: string, targets: readonly string[]): void {
    const child = scope.children.get(callId);
    if (!child) return;
    if (argument.name === 'depends_on') {
      for (const node of nodesWithin(child.scope())) {
        if (node.kind === 'resource' || node.kind === 'data') for (const target of targets) this.graph.addEdge(node.id, target, 'ordering');
      }
      return;
    }
    if (CALL_META_ARGUMENTS.has(argument.name) || !child.module.variables.has(argument.name)) return;
    const variable = `${child.prefix}var.${argument.name}`;
    for (const target of targets) this.graph.addEdge(variable, target);
  }

  private dependentsOf(scope: ModuleScope, reference: Reference, holder: Attribute | undefined): readonly { node: GraphNode; scope: Block | undefined }[] {
    const from = reference.from;
    switch (from.type) {
      case 'resource':
      case 'data':
      case 'module':
        return scope.nodesByBlock.get(from) ?? [];
      case 'output': {
        const id = scope.named.get(`output.${from.labels[0]}`);
        const node = id === undefined ? undefined : this.graph.node(id);
        return node ? [{ node, scope: undefined }] : [];
      }
      case 'locals': {
        const id = holder && scope.named.get(`local.${holder.name}`);
        const node = id === undefined ? undefined : this.graph.node(id);
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
        const id = scope.named.get(reference.address);
        return id === undefined ? [] : [id];
      }
      default:
        return [];
    }
  }

  /** `module.x.out` is the child's output `out`; `module.x` alone is everything in it. */
  private moduleOutputs(scope: ModuleScope, callId: string, output: string | number | undefined): string[] {
    const child = scope.children.get(callId);
    if (!child) return [callId];
    if (typeof output === 'string') return [child.module.outputs.has(output) ? `${child.prefix}output.${output}` : callId];
    return nodesWithin(child.scope())
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

/** The attribute of a block whose expression holds the reference (offsets only: lines are computed lazily). */
function attributeHolding(block: Block, reference: Reference): Attribute | undefined {
  // Every instance of a module links the same references: find each holder once.
  let holder = HOLDERS.get(reference);
  if (holder === undefined) {
    const offset = startOffset(reference.range);
    holder = block.body.attributes.find((a) => a.file === reference.file && startOffset(a.expr.range) <= offset && offset < endOffset(a.expr.range)) ?? null;
    HOLDERS.set(reference, holder);
  }
  return holder ?? undefined;
}

const HOLDERS = new WeakMap<Reference, Attribute | null>();

/** One shape for every node (a class, not literals with optional keys), since a corpus graph has tens of thousands. */
class Node implements GraphNode {
  constructor(
    readonly id: string,
    readonly kind: GraphNode['kind'],
    readonly type: string,
    readonly address: string,
    readonly modulePath: string,
    readonly block: Block | undefined,
    readonly location: GraphNode['location'],
  ) {}
}

/** The nodes of a module instance and of every module it calls (building them). */
function nodesWithin(scope: ModuleScope): GraphNode[] {
  return [...scope.own, ...[...scope.children.values()].flatMap((child) => nodesWithin(child.scope()))];
}
