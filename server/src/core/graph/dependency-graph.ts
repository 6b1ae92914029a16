// The dependency graph of a root module and the child modules it calls: one node per resource, data
// source and module call instance, output, local value and input variable; an edge from each dependent to
// what it refers to. Node ids are Terraform addresses in instance form, with the module path in front:
// `module.app["eu"].aws_lb.main`, `aws_cloudfront_distribution.site["eu"]`, `module.app.output.dns_name`.
import type { Block, Range } from '../../../../rules/api';
import { quoteLiteral } from '../hcl/string-literal';

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
  readonly block?: Block | undefined;
  /** Where it is declared: the block header, or a local value's name. Absent for what only a state holds. */
  readonly location?: { readonly file: string; readonly range: Range } | undefined;
}

/**
 * `reference`: the dependent reads something of the dependency, so a change can flow through it.
 * `ordering`: `depends_on`: the dependent only waits for the dependency; no value flows on from it.
 */
export type EdgeKind = 'reference' | 'ordering';

/**
 * Completes what depends on a node of a module instance that is built in part: a walk that reaches the node
 * asks first. Undefined on a node whose dependents are all known.
 */
export interface Settler {
  settle(node: LinkedNode): void;
}

/**
 * A node with its edges: what depends on it, and what waits for it. The builder joins nodes directly, and
 * finds them by id only where an edge names a node of a child module instance not built yet (its input
 * variables, its outputs): such a node stands as a placeholder, not declared, until the instance is built.
 */
export class LinkedNode implements GraphNode {
  /** False for a placeholder until its instance is built and declares it. */
  declared = true;
  /** Set while what depends on this node may be incomplete (a placeholder, a node of a part-built instance). */
  settler: Settler | undefined = undefined;
  /** May repeat a node (readers skip repeats): most repeats are skipped as they come, the rest cost less than a set per node. */
  dependents: LinkedNode[] | undefined = undefined;
  waiting: LinkedNode[] | undefined = undefined;
  /** The walk that last reached this node: a walk marks nodes instead of keeping a set. */
  mark = 0;

  constructor(
    readonly id: string,
    public kind: GraphNodeKind,
    public type: string,
    public address: string,
    public modulePath: string,
    public block: Block | undefined,
    public location: GraphNode['location'],
    /** The expanded block (or the block itself) whose `each`/`count` evaluate this instance's expressions. */
    public instance: Block | undefined,
  ) {}

  /** A node an edge names before its module instance (at `modulePath`) declares it: `var.x` or `output.y`. */
  static placeholder(id: string, kind: 'variable' | 'output', address: string, modulePath: string, settler: Settler | undefined): LinkedNode {
    const node = new LinkedNode(id, kind, kind, address, modulePath, undefined, undefined, undefined);
    node.declared = false;
    node.settler = settler;
    return node;
  }

  /** Makes a placeholder the node it stood for. */
  adopt(node: LinkedNode): void {
    this.kind = node.kind;
    this.type = node.type;
    this.address = node.address;
    this.modulePath = node.modulePath;
    this.block = node.block;
    this.location = node.location;
    this.instance = node.instance;
    this.declared = true;
    this.settler = node.settler;
  }
}

export class DependencyGraph {
  /** Nodes in the order declared. */
  private readonly declared: LinkedNode[] = [];
  /** Placeholders: nodes of child module instances not built yet that edges already name, by id. */
  private readonly pending = new Map<string, LinkedNode>();
  /** Every node and placeholder by id, made on the first query by id (building a graph needs none). */
  private byId: Map<string, LinkedNode> | undefined;
  private nodeIndex: Map<string, GraphNode> | undefined;
  private walks = 0;
  /**
   * Child module instances not built whole yet, by their address prefix (`module.app["eu"].`). A lens only
   * enters the few instances its resource feeds, and builds only the part of each that it reaches, while
   * examples that call a large module many times would otherwise cost most of the graph's time.
   */
  private readonly deferred = new Map<string, () => void>();

  /** Every node, after building every deferred module instance. */
  get nodes(): ReadonlyMap<string, GraphNode> {
    this.buildAll();
    if (!this.nodeIndex) {
      this.nodeIndex = new Map();
      for (const node of this.declared) if (!this.nodeIndex.has(node.id)) this.nodeIndex.set(node.id, node);
    }
    return this.nodeIndex;
  }

  /** How many nodes are declared so far, building nothing: how much of the child instances a query built. */
  get declaredCount(): number {
    return this.declared.length;
  }

  /** The root module's nodes, without building any child module instance. */
  rootNodes(): GraphNode[] {
    return this.declared.filter((node) => node.modulePath === '');
  }

  node(id: string): GraphNode | undefined {
    const node = this.reach(id);
    return node?.declared ? node : undefined;
  }

  /**
   * Registers a module instance whose nodes and edges `build` adds once a query reaches an address under
   * `prefix`. Edges into it from its caller use placeholders, so they can be added before it is built: what
   * a node inside depends on or what depends on it is complete once the instance is built.
   */
  defer(prefix: string, build: () => void): void {
    this.deferred.set(prefix, build);
  }

  /** Builds every deferred module instance, and those they call. */
  buildAll(): void {
    for (let next = this.deferred.keys().next(); !next.done; next = this.deferred.keys().next()) this.buildDeferred(next.value);
  }

  /** Builds the deferred instance at `prefix`, if it is not built yet. */
  buildDeferred(prefix: string): void {
    const build = this.deferred.get(prefix);
    this.deferred.delete(prefix);
    build?.();
  }

  /**
   * The node (or placeholder) of an id, after building whole the deferred instances that hold it: one built
   * in part may know the node but not yet all that depends on it.
   */
  private reach(id: string): LinkedNode | undefined {
    while (this.buildHolder(id));
    return this.nodeById(id);
  }

  /** Builds the outermost deferred instance whose prefix `id` starts with; false when there is none. */
  private buildHolder(id: string): boolean {
    for (const prefix of this.deferred.keys()) {
      if (id.startsWith(prefix)) {
        this.buildDeferred(prefix);
        return true;
      }
    }
    return false;
  }

  private nodeById(id: string): LinkedNode | undefined {
    if (!this.byId) {
      this.byId = new Map(this.pending);
      for (const node of this.declared) index(this.byId, node);
    }
    return this.byId.get(id);
  }

  /**
   * Adds a node. When an edge named it before its module instance was built, `placeholder` is the node that
   * stood for it: the placeholder becomes the node, and is returned instead.
   */
  addNode(node: LinkedNode, placeholder?: LinkedNode): LinkedNode {
    if (placeholder) {
      this.pending.delete(placeholder.id);
      placeholder.adopt(node);
      node = placeholder;
    }
    this.declared.push(node);
    this.nodeIndex = undefined;
    if (this.byId) index(this.byId, node);
    return node;
  }

  /**
   * A node an edge names in a child module instance (at `modulePath`) not built yet. The caller keeps it
   * and hands it to `addNode` when the instance declares the node.
   */
  placeholder(id: string, kind: 'variable' | 'output', address: string, modulePath: string, settler?: Settler): LinkedNode {
    const node = LinkedNode.placeholder(id, kind, address, modulePath, settler);
    this.pending.set(id, node);
    if (this.byId && !this.byId.has(id)) this.byId.set(id, node);
    return node;
  }

  /** Records that `dependent` refers to (or waits for) `dependency`. Self-references are dropped. */
  link(dependent: LinkedNode, dependency: LinkedNode, kind: EdgeKind = 'reference'): void {
    if (dependent === dependency) return;
    if (kind === 'ordering') dependency.waiting = append(dependency.waiting, dependent);
    else dependency.dependents = append(dependency.dependents, dependent);
  }

  /** `link` by ids, between nodes already declared (what a plan's prior state alone knows). */
  addEdge(dependent: string, dependency: string, kind: EdgeKind = 'reference'): void {
    const from = this.reach(dependent);
    const to = this.reach(dependency);
    if (from?.declared && to?.declared) this.link(from, to, kind);
  }

  /** What refers to a node directly. */
  dependentsOf(id: string): ReadonlySet<string> {
    return idsOf(this.reach(id)?.dependents);
  }

  /** What waits for a node through `depends_on`, without reading it. */
  waitingFor(id: string): ReadonlySet<string> {
    return idsOf(this.reach(id)?.waiting);
  }

  /** What a node refers to directly (every instance is built to answer). */
  dependenciesOf(id: string): ReadonlySet<string> {
    this.buildAll();
    const found = new Set<string>();
    for (const node of this.declared) if (node.dependents?.some((d) => d.id === id)) found.add(node.id);
    return found;
  }

  get edgeCount(): number {
    this.buildAll();
    let n = 0;
    for (const node of this.declared) n += idsOf(node.dependents).size;
    return n;
  }

  /**
   * Breadth-first from the origins (ids, or nodes of this graph) over what depends on them, so the first
   * way found to each node is a shortest one; then what only waits for any node reached: nothing flows on
   * from a `depends_on`. `reached` hears each node reached and the node it was reached from. Returns the
   * nodes reached, in that order, without the origins.
   */
  walkDependents(origins: readonly (string | GraphNode)[], reached?: (id: string, from: string) => void): GraphNode[] {
    const mark = ++this.walks;
    const queue: LinkedNode[] = [];
    for (const origin of origins) {
      const node = typeof origin === 'string' ? this.reach(origin) : (origin as LinkedNode);
      node?.settler?.settle(node);
      if (node?.declared && node.mark !== mark) {
        node.mark = mark;
        queue.push(node);
      }
    }
    const starts = queue.length;
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      for (const dependent of node.dependents ?? NO_NODES) this.visit(dependent, node, mark, queue, reached);
    }
    const flowing = queue.length;
    for (let i = 0; i < flowing; i++) {
      const node = queue[i]!;
      for (const dependent of node.waiting ?? NO_NODES) this.visit(dependent, node, mark, queue, reached);
    }
    const nodes: GraphNode[] = [];
    for (let i = starts; i < queue.length; i++) if (queue[i]!.declared) nodes.push(queue[i]!);
    return nodes;
  }

  /** Reaches a node (completing what depends on it first, if need be) unless this walk has been there. */
  private visit(node: LinkedNode, from: LinkedNode, mark: number, queue: LinkedNode[], reached: ((id: string, from: string) => void) | undefined): void {
    if (node.mark === mark) return;
    node.mark = mark;
    node.settler?.settle(node);
    if (!node.declared) {
      this.buildDeferred(`${node.modulePath}.`); // the instance a placeholder stands in, without searching for it
      while (!node.declared && this.buildHolder(node.id));
    }
    queue.push(node);
    reached?.(node.id, from.id);
  }
}

const NO_NODES: readonly LinkedNode[] = [];

/** Indexes a declared node by id. The first declared under an id keeps it (an address declared twice is an error Terraform reports). */
function index(byId: Map<string, LinkedNode>, node: LinkedNode): void {
  if (!byId.get(node.id)?.declared) byId.set(node.id, node);
}

const NONE: ReadonlySet<string> = new Set();

/** Adds a node to a list, skipping the repeat of the last one (a block naming the same thing twice). */
function append(list: LinkedNode[] | undefined, node: LinkedNode): LinkedNode[] {
  if (!list) return [node];
  if (list[list.length - 1] !== node) list.push(node);
  return list;
}

function idsOf(nodes: readonly LinkedNode[] | undefined): ReadonlySet<string> {
  if (!nodes) return NONE;
  const ids = new Set<string>();
  for (const node of nodes) ids.add(node.id);
  return ids;
}

/** `["eu"]` or `[0]`: the instance key as Terraform writes it in an address (quoted as HCL quotes strings). */
export function instanceKeySuffix(key: string | number | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${quoteLiteral(key)}]`;
}
