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

export class DependencyGraph {
  private readonly nodeMap = new Map<string, GraphNode>();
  // Edges are kept one way, from what is depended on to its dependents: a blast radius walks them that way.
  // What a node depends on is found from them when asked (tests and tools ask; lenses do not).
  private readonly dependents = new Map<string, Set<string>>();
  private readonly waiting = new Map<string, Set<string>>();
  /**
   * Child module instances not built yet, by their address prefix (`module.app["eu"].`). A lens only
   * enters the few instances its resource feeds, while examples that call a large module many times
   * would otherwise cost most of the graph's time.
   */
  private readonly deferred = new Map<string, () => void>();

  /** Every node, after building every deferred module instance. */
  get nodes(): ReadonlyMap<string, GraphNode> {
    this.buildAll();
    return this.nodeMap;
  }

  /** The root module's nodes, without building any child module instance. */
  rootNodes(): GraphNode[] {
    return [...this.nodeMap.values()].filter((node) => node.modulePath === '');
  }

  node(id: string): GraphNode | undefined {
    this.reach(id);
    return this.nodeMap.get(id);
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
    while (this.deferred.size > 0 && !this.nodeMap.has(id)) {
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

  addNode(node: GraphNode): void {
    if (!this.nodeMap.has(node.id)) this.nodeMap.set(node.id, node);
  }

  /** Records that `dependent` refers to (or waits for) `dependency`. Self-references are dropped. */
  addEdge(dependent: string, dependency: string, kind: EdgeKind = 'reference'): void {
    if (dependent === dependency) return;
    if (kind === 'ordering') {
      link(this.waiting, dependency, dependent);
      return;
    }
    link(this.dependents, dependency, dependent);
  }

  /** What refers to a node directly. */
  dependentsOf(id: string): ReadonlySet<string> {
    this.reach(id);
    return this.dependents.get(id) ?? NONE;
  }

  /** What waits for a node through `depends_on`, without reading it. */
  waitingFor(id: string): ReadonlySet<string> {
    this.reach(id);
    return this.waiting.get(id) ?? NONE;
  }

  /** What a node refers to directly (every instance is built to answer). */
  dependenciesOf(id: string): ReadonlySet<string> {
    this.buildAll();
    const found = new Set<string>();
    for (const [dependency, dependents] of this.dependents) if (dependents.has(id)) found.add(dependency);
    return found;
  }

  get edgeCount(): number {
    this.buildAll();
    let n = 0;
    for (const set of this.dependents.values()) n += set.size;
    return n;
  }
}

const NONE: ReadonlySet<string> = new Set();

function link(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set<string>().add(value));
}

/** `["eu"]` or `[0]`: the instance key as Terraform writes it in an address. */
export function instanceKeySuffix(key: string | number | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}
