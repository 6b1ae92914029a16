// The dependency graph of a root module and the child modules it calls: one node per resource, data
// source and module call instance, output, local value and input variable; an edge from each dependent to
// what it refers to. Node ids are Terraform addresses in instance form, with the module path in front:
// `module.app["eu"].aws_lb.main`, `aws_cloudfront_distribution.site["eu"]`, `module.app.output.dns_name`.
import type { Block, Range } from '../../../../rules/api';

export type GraphNodeKind = 'resource' | 'data' | 'module' | 'output' | 'local' | 'variable';

export interface GraphNode {
  readonly id: string;
  readonly kind: GraphNodeKind;
  /** The resource or data source type; otherwise the kind (`module`, `output`, `local`, `variable`). */
  readonly type: string;
  /** The address within its module, without instance key: `aws_lb.main`, `data.aws_ami.x`, `local.name`. */
  readonly address: string;
  /** `''` for the root module, else the calling instances: `module.app["eu"]`, `module.app.module.db`. */
  readonly modulePath: string;
  /** The declaring block: resource, data, module call, output or variable (absent for a local value). */
  readonly block?: Block;
  /** Where it is declared: the block header, or a local value's name. Absent for what only a state holds. */
  readonly location?: { readonly file: string; readonly range: Range };
}

/**
 * `reference`: the dependent reads something of the dependency, so a change can flow through it.
 * `ordering`: `depends_on`: the dependent only waits for the dependency; no value flows on from it.
 */
export type EdgeKind = 'reference' | 'ordering';

/**
 * A node id's place in the graph: the node once declared, and what depends on it or waits for it. Edges
 * into a child module instance (its variables, its outputs) come before the instance is built, so a slot
 * may wait for its node. The builder links slots directly, without looking ids up for every edge.
 */
export class Slot {
  node: GraphNode | undefined = undefined;
  /** May repeat a slot (readers skip repeats): most repeats are skipped as they come, the rest cost less than a set per node. */
  dependents: Slot[] | undefined = undefined;
  waiting: Slot[] | undefined = undefined;
  /** The walk that last reached this slot: a walk marks slots instead of keeping a set. */
  mark = 0;

  constructor(readonly id: string) {}
}

export class DependencyGraph {
  private readonly slots = new Map<string, Slot>();
  /** Nodes in the order declared (slots are made in the order first named, edges included). */
  private readonly declared: GraphNode[] = [];
  private nodeIndex: Map<string, GraphNode> | undefined;
  private walks = 0;
  /**
   * Child module instances not built yet, by their address prefix (`module.app["eu"].`). A lens only
   * enters the few instances its resource feeds, while examples that call a large module many times
   * would otherwise cost most of the graph's time.
   */
  private readonly deferred = new Map<string, () => void>();

  /** Every node, after building every deferred module instance. */
  get nodes(): ReadonlyMap<string, GraphNode> {
    this.buildAll();
    if (!this.nodeIndex) {
      this.nodeIndex = new Map();
      for (const node of this.declared) this.nodeIndex.set(node.id, node);
    }
    return this.nodeIndex;
  }

  /** The root module's nodes, without building any child module instance. */
  rootNodes(): GraphNode[] {
    const nodes: GraphNode[] = [];
    for (const node of this.declared) if (node.modulePath === '') nodes.push(node);
    return nodes;
  }

  node(id: string): GraphNode | undefined {
    this.reach(id);
    return this.slots.get(id)?.node;
  }

  /**
   * Registers a module instance whose nodes and edges `build` adds once a query reaches an address under
   * `prefix`. Edges into it from its caller use addresses, so they can be added before it is built: what
   * a node inside depends on or what depends on it is complete once the instance is built.
   */
  defer(prefix: string, build: () => void): void {
    this.deferred.set(prefix, build);
  }

  /** Builds every deferred module instance, and those they call. */
  buildAll(): void {
    for (let next = this.deferred.keys().next(); !next.done; next = this.deferred.keys().next()) this.buildDeferred(next.value);
  }

  /** Builds the deferred instances that hold `id`, outermost first. */
  private reach(id: string): void {
    while (this.deferred.size > 0 && this.slots.get(id)?.node === undefined) {
      let holder: string | undefined;
      for (const prefix of this.deferred.keys()) {
        if (id.startsWith(prefix)) {
          holder = prefix;
          break;
        }
      }
      if (holder === undefined) return;
      this.buildDeferred(holder);
    }
  }

  /** Builds the deferred instance at `prefix`, if it is not built yet. */
  buildDeferred(prefix: string): void {
    const build = this.deferred.get(prefix);
    this.deferred.delete(prefix);
    build?.();
  }

  /** The slot of an id, made when first named (by the node or by an edge into it). */
  slot(id: string): Slot {
    let slot = this.slots.get(id);
    if (!slot) this.slots.set(id, (slot = new Slot(id)));
    return slot;
  }

  /** Declares a node; the first node declared under an id keeps it. Returns the node's slot. */
  addNode(node: GraphNode): Slot {
    const slot = this.slot(node.id);
    if (!slot.node) {
      slot.node = node;
      this.declared.push(node);
      this.nodeIndex = undefined;
    }
    return slot;
  }

  /** Records that `dependent` refers to (or waits for) `dependency`. Self-references are dropped. */
  link(dependent: Slot, dependency: Slot, kind: EdgeKind = 'reference'): void {
    if (dependent === dependency) return;
    if (kind === 'ordering') dependency.waiting = append(dependency.waiting, dependent);
    else dependency.dependents = append(dependency.dependents, dependent);
  }

  /** `link` by ids. */
  addEdge(dependent: string, dependency: string, kind: EdgeKind = 'reference'): void {
    this.link(this.slot(dependent), this.slot(dependency), kind);
  }

  /** What refers to a node directly. */
  dependentsOf(id: string): ReadonlySet<string> {
    this.reach(id);
    return idsOf(this.slots.get(id)?.dependents);
  }

  /** What waits for a node through `depends_on`, without reading it. */
  waitingFor(id: string): ReadonlySet<string> {
    this.reach(id);
    return idsOf(this.slots.get(id)?.waiting);
  }

  /** What a node refers to directly (every instance is built to answer). */
  dependenciesOf(id: string): ReadonlySet<string> {
    this.buildAll();
    const found = new Set<string>();
    for (const slot of this.slots.values()) if (slot.dependents?.some((d) => d.id === id)) found.add(slot.id);
    return found;
  }

  get edgeCount(): number {
    this.buildAll();
    let n = 0;
    for (const slot of this.slots.values()) n += idsOf(slot.dependents).size;
    return n;
  }

  /**
   * Breadth-first from the origins over what depends on them (so the first way found to each node is a
   * shortest one), then what only waits for any node reached: nothing flows on from a `depends_on`.
   * `reached` hears each node reached and the node it was reached from. Returns the nodes reached, in
   * that order, without the origins.
   */
  walkDependents(origins: readonly string[], reached?: (id: string, from: string) => void): GraphNode[] {
    const mark = ++this.walks;
    const queue: Slot[] = [];
    for (const origin of origins) {
      this.reach(origin);
      const slot = this.slots.get(origin);
      if (slot?.node && slot.mark !== mark) {
        slot.mark = mark;
        queue.push(slot);
      }
    }
    const starts = queue.length;
    for (let i = 0; i < queue.length; i++) {
      const slot = queue[i]!;
      for (const dependent of slot.dependents ?? NO_SLOTS) this.visit(dependent, slot, mark, queue, reached);
    }
    const flowing = queue.length;
    for (let i = 0; i < flowing; i++) {
      const slot = queue[i]!;
      for (const dependent of slot.waiting ?? NO_SLOTS) this.visit(dependent, slot, mark, queue, reached);
    }
    const nodes: GraphNode[] = [];
    for (let i = starts; i < queue.length; i++) if (queue[i]!.node) nodes.push(queue[i]!.node!);
    return nodes;
  }

  /** Reaches a slot (building the instance that holds it) unless this walk has been there. */
  private visit(slot: Slot, from: Slot, mark: number, queue: Slot[], reached: ((id: string, from: string) => void) | undefined): void {
    if (slot.mark === mark) return;
    slot.mark = mark;
    if (!slot.node) this.reach(slot.id);
    queue.push(slot);
    reached?.(slot.id, from.id);
  }
}

const NO_SLOTS: readonly Slot[] = [];
const NONE: ReadonlySet<string> = new Set();

/** Adds a slot to a list, skipping the repeat of the last one (a block naming the same thing twice). */
function append(list: Slot[] | undefined, slot: Slot): Slot[] {
  if (!list) return [slot];
  if (list[list.length - 1] !== slot) list.push(slot);
  return list;
}

function idsOf(slots: readonly Slot[] | undefined): ReadonlySet<string> {
  if (!slots) return NONE;
  const ids = new Set<string>();
  for (const slot of slots) ids.add(slot.id);
  return ids;
}

/** `["eu"]` or `[0]`: the instance key as Terraform writes it in an address. */
export function instanceKeySuffix(key: string | number | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}
