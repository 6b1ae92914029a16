// Builds the dependency graph of a root module from its references: across its files, into the child
// modules it calls (local sources, and downloaded ones listed in .terraform/modules/modules.json), each
// evaluated with the arguments of its call, and with count/for_each instances expanded where the keys are
// known. An index like `aws_x.y[each.key]` is evaluated per instance, so it links the matching instances only.
//
// The root module is built whole. A child module instance is built when something asks: whole for a query
// by id, `nodes`, a `depends_on` on its call or a reference to the whole call; in part when a walk reaches
// one of its nodes: then only the part that can depend on that node (a lens reaches a sixth of the nodes of
// the instances it enters).
import { addressOf, asString, type Attribute, type Block, type Expression } from '../../../../rules/api';
import type { Evaluator } from '../evaluate';
import { CALL_META_ARGUMENTS, diskHost, ModuleInstance } from '../instances/module-instance';
import type { ModuleIndex } from '../module';
import type { ModuleLoader } from './module-loader';
import { DependencyGraph, LinkedNode, instanceKeySuffix, type Settler } from './dependency-graph';
import { declarationOf, dependentUnits, moduleLinks, moduleUnits, type ModuleLink, type ModuleUnit, type NamedValue } from './module-links';

export interface GraphOptions {
  readonly loadModule: ModuleLoader;
  /** The root module's instance, when the caller has one (the lint's), so both see the same values and children. */
  readonly instance?: ModuleInstance;
  /**
   * Instance keys learnt elsewhere (from a plan) for blocks whose count/for_each is unknown here, by the
   * block's id without its own key: `aws_x.y`, `module.app["eu"].aws_x.y`.
   */
  readonly knownInstanceKeys?: ReadonlyMap<string, readonly (string | number)[]>;
}

/** A module instance's variables, local values and outputs by name, in the form links read them. */
type NamedNodes = Record<NamedValue['kind'], Map<string, readonly [LinkedNode]>>;

interface ModuleScope {
  /** The module instance the nodes are of: its module, its evaluator and its children. */
  readonly instance: ModuleInstance;
  readonly module: ModuleIndex;
  readonly evaluator: Evaluator;
  /** Prepended to every address: `''` or `module.app["eu"].`. */
  readonly prefix: string;
  /** The prefix without its final dot: the nodes' `modulePath`. */
  readonly modulePath: string;
  /** The instance nodes of each resource, data and module block declared so far (one list per block, read by every link). */
  readonly nodesByBlock: Map<Block, readonly LinkedNode[]>;
  /** Variables, locals and outputs declared so far, by name. */
  readonly named: NamedNodes;
  /** Every node declared in this module instance (not in its children). */
  readonly own: LinkedNode[];
  /** Each module call instance, by the call instance's node. */
  readonly children: Map<LinkedNode, ChildInstance>;
  /** Of a child instance: its variables and outputs the caller's edges named before it was built, by name. */
  readonly placeholders: Placeholders | undefined;
  /** While the instance is built in part: what completes its nodes, which it gives each node it declares. */
  settler: Settler | undefined;
  /** While the instance is built in part: the units whose dependents are all linked. */
  readonly linked: Set<ModuleUnit>;
}

type Placeholders = Record<'variable' | 'output', Map<string, LinkedNode>>;

/** A module call instance: its addresses are known from the called module; its nodes are built on demand. */
interface ChildInstance {
  readonly module: ModuleIndex;
  /** `module.app["eu"].` */
  readonly prefix: string;
  /** Builds the instance whole (once) and returns its scope. */
  readonly scope: () => ModuleScope;
  /** The scope once the instance is started (built in part or whole), without starting it. */
  readonly started: () => ModuleScope | undefined;
  readonly placeholders: Placeholders;
  /** Builds the part of the instance that depends on a node a walk reaches. */
  readonly settler: Settler;
}

export function buildGraph(root: ModuleIndex, options: GraphOptions): DependencyGraph {
  const instance = options.instance ?? ModuleInstance.root(root, diskHost(root.dir, options.loadModule));
  const builder = new GraphBuilder(options);
  builder.buildWhole(builder.startScope(instance, '', undefined, undefined));
  return builder.graph;
}

class GraphBuilder {
  readonly graph = new DependencyGraph();

  constructor(private readonly options: GraphOptions) {}

  /** A module instance with nothing declared yet; `settler` is undefined for one built whole at once. */
  startScope(instance: ModuleInstance, prefix: string, placeholders: Placeholders | undefined, settler: Settler | undefined): ModuleScope {
    return {
      instance,
      module: instance.module,
      evaluator: instance.evaluator,
      prefix,
      modulePath: prefix.slice(0, -1),
      nodesByBlock: new Map(),
      named: { variable: new Map(), local: new Map(), output: new Map() },
      own: [],
      children: new Map(),
      placeholders,
      settler,
      linked: new Set(),
    };
  }

  /** Declares every node of the instance in source order and adds every link not added yet. */
  buildWhole(scope: ModuleScope): void {
    const started = scope.settler !== undefined;
    const partial = scope.linked.size > 0;
    scope.settler = undefined;
    for (const block of scope.module.blocks) this.declare(scope, block);
    const links = moduleLinks(scope.module);
    const targets = partial ? moduleUnits(scope.module).targets : undefined;
    for (let i = 0; i < links.length; i++) {
      const target = targets?.[i];
      if (!target || !scope.linked.has(target)) this.link(scope, links[i]!);
    }
    if (started) for (const node of scope.own) node.settler = undefined;
  }

  /**
   * Builds the part of an instance that can depend on `node`: the units that depend on its unit, directly or
   * through others, with every link that names one of them. What depends on their nodes is then complete; a
   * link to a unit outside the part waits until that unit is in a part (its edge is what depends on it).
   */
  private buildPart(scope: ModuleScope, node: LinkedNode): void {
    if (!scope.settler) return; // built whole meanwhile
    const entry = unitOf(scope.module, node);
    if (!entry || scope.linked.has(entry)) return;
    const part = dependentUnits(scope.module, entry);
    const links = moduleLinks(scope.module);
    const { targets } = moduleUnits(scope.module);
    for (let i = 0; i < links.length; i++) {
      const target = targets[i];
      if (target && part.has(target) && !scope.linked.has(target)) this.link(scope, links[i]!);
    }
    for (const unit of part) {
      scope.linked.add(unit);
      for (const settled of this.unitNodes(scope, unit)) settled.settler = undefined;
    }
  }

  private declare(scope: ModuleScope, block: Block): void {
    switch (block.type) {
      case 'resource':
      case 'data':
      case 'module':
        this.blockNodes(scope, block);
        return;
      case 'output':
      case 'variable':
        if (block.labels[0] !== undefined) this.namedNode(scope, block.type, block.labels[0]);
        return;
      case 'locals':
        for (const attribute of block.body.attributes) this.namedNode(scope, 'local', attribute.name);
        return;
      default:
        return;
    }
  }

  private unitNodes(scope: ModuleScope, unit: ModuleUnit): readonly LinkedNode[] {
    if (unit.node === 'attribute') return this.namedNode(scope, 'local', unit.name) ?? NO_NODES;
    if (unit.type === 'variable' || unit.type === 'output')
      return (unit.labels[0] !== undefined && this.namedNode(scope, unit.type, unit.labels[0])) || NO_NODES;
    return this.blockNodes(scope, unit);
  }

  /** The instance nodes of a resource, data or module block, declared on first use (a call's instances then get their children). */
  private blockNodes(scope: ModuleScope, block: Block): readonly LinkedNode[] {
    const known = scope.nodesByBlock.get(block);
    if (known) return known;
    const address = addressOf(block);
    if (address === undefined) {
      scope.nodesByBlock.set(block, NO_NODES);
      return NO_NODES;
    }
    const kind = block.type === 'data' ? 'data' : block.type === 'module' ? 'module' : 'resource';
    const type = kind === 'module' ? 'module' : block.labels[0]!;
    const location = { file: block.file, range: block.headerRange };
    const nodes: LinkedNode[] = [];
    for (const instance of this.instancesOf(scope, block, address)) {
      nodes.push(
        this.add(
          scope,
          new LinkedNode(scope.prefix + address + instanceKeySuffix(instance.instance?.key), kind, type, address, scope.modulePath, block, location, instance),
        ),
      );
    }
    scope.nodesByBlock.set(block, nodes);
    if (kind === 'module' && scope.module.moduleCalls.get(block.labels[0]!) === block) this.addChildren(scope, block);
    return nodes;
  }

  /** A variable, local value or output, declared on first use from the module's first declaration of the name. */
  private namedNode(scope: ModuleScope, kind: NamedValue['kind'], name: string): readonly [LinkedNode] | undefined {
    const named = scope.named[kind];
    const known = named.get(name);
    if (known) return known;
    const declaration = declarationOf(scope.module, kind, name);
    if (!declaration) return undefined;
    let node: LinkedNode;
    if (declaration.node === 'attribute') {
      const address = `local.${name}`;
      node = this.add(
        scope,
        new LinkedNode(
          scope.prefix + address,
          'local',
          'local',
          address,
          scope.modulePath,
          undefined,
          { file: declaration.file, range: declaration.nameRange },
          undefined,
        ),
      );
    } else {
      const address = addressOf(declaration)!;
      const declared = new LinkedNode(
        scope.prefix + address,
        kind,
        kind,
        address,
        scope.modulePath,
        declaration,
        { file: declaration.file, range: declaration.headerRange },
        declaration,
      );
      node = this.add(scope, declared, kind === 'local' ? undefined : scope.placeholders?.[kind].get(name));
    }
    const entry: readonly [LinkedNode] = [node];
    named.set(name, entry);
    return entry;
  }

  /** `placeholder`: what the caller's edges named before this instance was built (an input variable or output). */
  private add(scope: ModuleScope, declared: LinkedNode, placeholder?: LinkedNode): LinkedNode {
    const node = this.graph.addNode(declared, placeholder);
    node.settler = scope.settler;
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

  private addChildren(scope: ModuleScope, call: Block): void {
    for (const node of scope.nodesByBlock.get(call) ?? NO_NODES) {
      const instance = scope.instance.child(node.instance!);
      if (!instance) continue;
      const prefix = `${node.id}.`;
      let started: ModuleScope | undefined;
      const placeholders: Placeholders = { variable: new Map(), output: new Map() };
      const settler: Settler = { settle: (reached) => this.buildPart(start(), reached) };
      const start = (): ModuleScope => (started ??= this.startScope(instance, prefix, placeholders, settler));
      this.graph.defer(prefix, () => this.buildWhole(start()));
      scope.children.set(node, {
        module: instance.module,
        prefix,
        scope: () => {
          this.graph.buildDeferred(prefix);
          return start();
        },
        started: () => started,
        placeholders,
        settler,
      });
    }
  }

  /** Adds the edges of one link, from each instance that makes it to each instance it names. */
  private link(scope: ModuleScope, link: ModuleLink): void {
    const kind = link.ordering ? 'ordering' : 'reference';
    if (link.from === undefined) {
      const node = this.namedNode(scope, link.named!.kind, link.named!.name)?.[0];
      if (node) for (const target of this.targetsOf(scope, link, undefined)) this.graph.link(node, target, kind);
      return;
    }
    for (const dependent of this.blockNodes(scope, link.from)) {
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

  /** A child instance's variable or output: its node once the instance is started, a placeholder before. */
  private childValue(child: ChildInstance, kind: 'variable' | 'output', name: string): LinkedNode {
    const started = child.started();
    const declared = started && this.namedNode(started, kind, name)?.[0];
    if (declared) return declared;
    let placeholder = child.placeholders[kind].get(name);
    if (!placeholder) {
      const address = `${kind === 'variable' ? 'var' : 'output'}.${name}`;
      placeholder = this.graph.placeholder(child.prefix + address, kind, address, child.prefix.slice(0, -1), child.settler);
      child.placeholders[kind].set(name, placeholder);
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
        return this.namedNode(scope, target.value.kind, target.value.name) ?? NO_NODES;
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
    const all = this.blockNodes(scope, block);
    if (!instanceKey || all.length === 0) return all;
    const key = scope.evaluator.valueOf(instanceKey, within);
    const wanted = key.known ? asString(key.value) : undefined;
    if (wanted === undefined) return all;
    const match = all.filter((node) => node.instance?.instance !== undefined && String(node.instance.instance.key) === wanted);
    return match.length > 0 ? match : all;
  }
}

const NO_NODES: readonly LinkedNode[] = [];

/** The unit of a module that declares a node (a named value's from its address: a placeholder has no block). */
function unitOf(module: ModuleIndex, node: LinkedNode): ModuleUnit | undefined {
  if (node.kind !== 'variable' && node.kind !== 'output' && node.kind !== 'local') return node.block;
  return declarationOf(module, node.kind, node.address.slice(node.address.indexOf('.') + 1));
}

/** The nodes of a module instance and of every module it calls (building them). */
function nodesWithin(scope: ModuleScope): LinkedNode[] {
  return [...scope.own, ...[...scope.children.values()].flatMap((child) => nodesWithin(child.scope()))];
}
