// Builds the dependency graph of a root module from its references: across its files, into the child
// modules it calls (local sources, and downloaded ones listed in .terraform/modules/modules.json), each
// evaluated with the arguments of its call, and with count/for_each instances expanded where the keys are
// known. An index like `aws_x.y[each.key]` is evaluated per instance, so it links the matching instances only.
import { addressOf, asString, UNKNOWN, type Attribute, type Block, type Expression, type Value } from '../../../../rules/api';
import { Evaluator, type CallArguments } from '../evaluate';
import type { ModuleIndex } from '../module';
import type { ModuleLoader } from './module-loader';
import { DependencyGraph, LinkedNode, instanceKeySuffix } from './dependency-graph';
import { moduleLinks, type ModuleLink, type NamedValue } from './module-links';
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

/** A module instance's variables, local values and outputs by name, in the form links read them. */
type NamedNodes = Record<NamedValue['kind'], Map<string, readonly [LinkedNode]>>;

interface ModuleScope {
  readonly module: ModuleIndex;
  readonly evaluator: Evaluator;
  /** Prepended to every address: `''` or `module.app["eu"].`. */
  readonly prefix: string;
  /** The prefix without its final dot: the nodes' `modulePath`. */
  readonly modulePath: string;
  /** The instance nodes of each resource, data and module block (one list per block, read by every link). */
  readonly nodesByBlock: Map<Block, readonly LinkedNode[]>;
  /** Variables, locals and outputs by name. */
  readonly named: NamedNodes;
  /** Every node declared in this module instance (not in its children). */
  readonly own: LinkedNode[];
  /** Each module call instance, by the call instance's node. */
  readonly children: Map<LinkedNode, ChildInstance>;
  /** Of a child instance: its variables and outputs the caller's edges named before it was built, by name. */
  readonly placeholders: Placeholders | undefined;
}

type Placeholders = Record<'variable' | 'output', Map<string, LinkedNode>>;

/** A module call instance: its addresses are known from the called module; its nodes are built on demand. */
interface ChildInstance {
  readonly module: ModuleIndex;
  /** `module.app["eu"].` */
  readonly prefix: string;
  /** Builds the instance (once) and returns its scope. */
  readonly scope: () => ModuleScope;
  /** The scope if the instance is built, without building it. */
  readonly built: () => ModuleScope | undefined;
  readonly placeholders: Placeholders;
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

  addModule(module: ModuleIndex, evaluator: Evaluator, prefix: string, callPath: readonly string[], ancestors: readonly string[], placeholders?: Placeholders): ModuleScope {
    const scope: ModuleScope = { module, evaluator, prefix, modulePath: prefix.slice(0, -1), nodesByBlock: new Map(), named: { variable: new Map(), local: new Map(), output: new Map() }, own: [], children: new Map(), placeholders };
    for (const block of module.blocks) this.declare(scope, block);
    for (const call of module.moduleCalls.values()) this.addChildren(scope, call, callPath, ancestors);
    for (const link of moduleLinks(module)) this.link(scope, link);
    return scope;
  }

  private declare(scope: ModuleScope, block: Block): void {
    const name = block.labels[0];
    switch (block.type) {
      case 'resource':
      case 'data':
      case 'module': {
        const address = addressOf(block);
        if (address === undefined) return;
        const kind = block.type === 'data' ? 'data' : block.type === 'module' ? 'module' : 'resource';
        const type = kind === 'module' ? 'module' : name!;
        const location = { file: block.file, range: block.headerRange };
        const nodes: LinkedNode[] = [];
        for (const instance of this.instancesOf(scope, block, address)) {
          nodes.push(this.add(scope, new LinkedNode(scope.prefix + address + instanceKeySuffix(instance.instance?.key), kind, type, address, scope.modulePath, block, location, instance)));
        }
        scope.nodesByBlock.set(block, nodes);
        return;
      }
      case 'output':
      case 'variable': {
        const named = scope.named[block.type];
        if (name === undefined || named.has(name)) return;
        const address = `${block.type === 'variable' ? 'var' : 'output'}.${name}`;
        const location = { file: block.file, range: block.headerRange };
        const node = new LinkedNode(scope.prefix + address, block.type, block.type, address, scope.modulePath, block, location, block);
        named.set(name, [this.add(scope, node, scope.placeholders?.[block.type].get(name))]);
        return;
      }
      case 'locals':
        for (const attribute of block.body.attributes) {
          if (scope.named.local.has(attribute.name)) continue;
          const address = `local.${attribute.name}`;
          const location = { file: block.file, range: attribute.nameRange };
          scope.named.local.set(attribute.name, [this.add(scope, new LinkedNode(scope.prefix + address, 'local', 'local', address, scope.modulePath, undefined, location, block))]);
        }
        return;
      default:
        return;
    }
  }

  /** `placeholder`: what the caller's edges named before this instance was built (an input variable or output). */
  private add(scope: ModuleScope, declared: LinkedNode, placeholder?: LinkedNode): LinkedNode {
    const node = this.graph.addNode(declared, placeholder);
    scope.own.push(node);
    return node;
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
    for (const node of scope.nodesByBlock.get(call) ?? NO_NODES) {
      const instance = node.instance!;
      const prefix = `${node.id}.`;
      let built: ModuleScope | undefined;
      const placeholders: Placeholders = { variable: new Map(), output: new Map() };
      this.graph.defer(prefix, () => {
        built = this.addModule(child, new Evaluator(child, this.callArguments(scope, call, instance)), prefix, path, [...ancestors, dir], placeholders);
      });
      scope.children.set(node, {
        module: child,
        prefix,
        scope: () => {
          this.graph.buildDeferred(prefix);
          return built!;
        },
        built: () => built,
        placeholders,
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

  /** Adds the edges of one link, from each instance that makes it to each instance it names. */
  private link(scope: ModuleScope, link: ModuleLink): void {
    const kind = link.ordering ? 'ordering' : 'reference';
    if (link.from === undefined) {
      const node = scope.named[link.named!.kind].get(link.named!.name)?.[0];
      if (node) for (const target of this.targetsOf(scope, link, undefined)) this.graph.link(node, target, kind);
      return;
    }
    for (const dependent of scope.nodesByBlock.get(link.from) ?? NO_NODES) {
      const targets = this.targetsOf(scope, link, dependent.instance);
      for (const target of targets) this.graph.link(dependent, target, kind);
      if (link.argument) this.linkIntoCall(scope, link.argument, dependent, targets);
    }
  }

  /** A call argument feeds the child's variable; `depends_on` on a call holds back everything inside it. */
  private linkIntoCall(scope: ModuleScope, argument: Attribute, call: LinkedNode, targets: readonly LinkedNode[]): void {
    const child = scope.children.get(call);
    if (!child) return;
    if (argument.name === 'depends_on') {
      for (const node of nodesWithin(child.scope())) {
        if (node.kind === 'resource' || node.kind === 'data') for (const target of targets) this.graph.link(node, target, 'ordering');
      }
      return;
    }
    if (CALL_META_ARGUMENTS.has(argument.name) || !child.module.variables.has(argument.name)) return;
    const variable = this.childValue(child, 'variable', argument.name);
    for (const target of targets) this.graph.link(variable, target);
  }

  /** A child instance's variable or output: its node once the instance is built, a placeholder before. */
  private childValue(child: ChildInstance, kind: 'variable' | 'output', name: string): LinkedNode {
    const declared = child.built()?.named[kind].get(name)?.[0];
    if (declared) return declared;
    let placeholder = child.placeholders[kind].get(name);
    if (!placeholder) {
      const id = `${child.prefix}${kind === 'variable' ? 'var' : 'output'}.${name}`;
      child.placeholders[kind].set(name, (placeholder = this.graph.placeholder(id, child.prefix.slice(0, -1))));
    }
    return placeholder;
  }

  private targetsOf(scope: ModuleScope, link: ModuleLink, within: Block | undefined): readonly LinkedNode[] {
    const target = link.target;
    switch (target.kind) {
      case 'instances':
        return this.selectInstances(scope, target.block, link.instanceKey, within);
      case 'module':
        return this.selectInstances(scope, target.call, link.instanceKey, within).flatMap((call) => this.moduleOutputs(scope, call, target.output));
      case 'named':
        return scope.named[target.value.kind].get(target.value.name) ?? NO_NODES;
    }
  }

  /** `module.x.out` is the child's output `out`; `module.x` alone is everything in it. */
  private moduleOutputs(scope: ModuleScope, call: LinkedNode, output: string | undefined): LinkedNode[] {
    const child = scope.children.get(call);
    if (!child) return [call];
    if (output !== undefined) return [child.module.outputs.has(output) ? this.childValue(child, 'output', output) : call];
    return nodesWithin(child.scope()).filter((n) => n.kind === 'resource' || n.kind === 'data' || (n.kind === 'output' && n.modulePath === call.id));
  }

  /** The instances a link names: the one its index evaluates to, else all of them. */
  private selectInstances(scope: ModuleScope, block: Block, instanceKey: Expression | undefined, within: Block | undefined): readonly LinkedNode[] {
    const all = scope.nodesByBlock.get(block) ?? NO_NODES;
    if (!instanceKey || all.length === 0) return all;
    const key = scope.evaluator.valueOf(instanceKey, within);
    const wanted = key.known ? asString(key.value) : undefined;
    if (wanted === undefined) return all;
    const match = all.filter((node) => node.instance?.instance !== undefined && String(node.instance.instance.key) === wanted);
    return match.length > 0 ? match : all;
  }
}

const NO_NODES: readonly LinkedNode[] = [];

/** The nodes of a module instance and of every module it calls (building them). */
function nodesWithin(scope: ModuleScope): LinkedNode[] {
  return [...scope.own, ...[...scope.children.values()].flatMap((child) => nodesWithin(child.scope()))];
}
