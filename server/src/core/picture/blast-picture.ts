// What the blast-radius picture draws, before any layout: the changed resources, what depends on them, and
// the local values, variables and outputs that carry the references between them; the edges of the
// dependency graph along which the change spreads, labelled with the arguments that make them. The editor's webview and
// `premortem blast-radius --format svg|html` draw the same picture from this.
import type { DependencyGraph, GraphNode } from '../graph/dependency-graph';
import { referringAttributes } from '../graph/referring-attributes';

export type PictureRole = 'origin' | 'dependent' | 'via';

export interface PictureNode {
  readonly id: string;
  readonly kind: GraphNode['kind'];
  /** The resource or data source type; `module`, `output`, `local` or `variable` otherwise. */
  readonly type: string;
  /** The name within its type: `site["eu"]`, `assets`, `local.tags`, `output.dns_name`. */
  readonly name: string;
  /** `''` for the root module, else the calling instances: `module.edge["eu"]`. */
  readonly modulePath: string;
  /** `origin`: what changes; `dependent`: what the change reaches; `via`: what only carries a reference on. */
  readonly role: PictureRole;
  /** Where it is declared, as a reader finds it (`edge/main.tf:12`); absent for what only a plan's state knows. */
  readonly where?: string;
  /** A short remark the host adds: what a plan does to it (`replace`, `changes too`). */
  readonly note?: string;
}

export interface PictureEdge {
  /** The node depended on: arrows point the way a change spreads. */
  readonly from: string;
  readonly to: string;
  /** The dependent's arguments that refer to `from` (`default_cache_behavior.cache_policy_id`), or `''`. */
  readonly label: string;
  /** `depends_on`: the dependent only waits; no value flows. */
  readonly ordering: boolean;
}

export interface BlastPicture {
  readonly nodes: readonly PictureNode[];
  readonly edges: readonly PictureEdge[];
  /** Origins and dependents not drawn: past the limit, the farthest dependents are left out. */
  readonly omitted: number;
}

export interface PictureOptions {
  /** How many origins and dependents to draw at most (the nearest first); hundreds of boxes are unreadable. */
  readonly limit?: number;
  /** A reader's path for a declaring file (relative to the workspace or the working directory). */
  readonly displayPath: (file: string) => string;
  /** Remarks by node id. */
  readonly notes?: ReadonlyMap<string, string>;
}

export const DEFAULT_PICTURE_LIMIT = 60;

/** The kinds a blast radius lists; local values and variables only carry references on. */
const LISTED: ReadonlySet<GraphNode['kind']> = new Set(['resource', 'data', 'module', 'output']);

export function blastPicture(graph: DependencyGraph, origins: readonly GraphNode[], options: PictureOptions): BlastPicture {
  const cameFrom = new Map<string, string>();
  const reached = graph.walkDependents(origins, (id, from) => cameFrom.set(id, from));
  const listed = reached.filter((node) => LISTED.has(node.kind)); // breadth-first: the nearest first
  const limit = options.limit ?? DEFAULT_PICTURE_LIMIT;
  const drawn = new Map<string, { node: GraphNode; role: PictureRole }>();
  for (const node of origins.slice(0, limit)) drawn.set(node.id, { node, role: 'origin' });
  const room = Math.max(0, limit - drawn.size);
  for (const node of listed.slice(0, room)) {
    drawn.set(node.id, { node, role: 'dependent' });
    // The local values and variables on its way from an origin, so that its edges have something to start from.
    for (let at = cameFrom.get(node.id); at !== undefined && !drawn.has(at); at = cameFrom.get(at)) {
      const via = graph.node(at);
      if (via) drawn.set(at, { node: via, role: LISTED.has(via.kind) ? 'dependent' : 'via' });
    }
  }
  const nodes = [...drawn.values()].map(({ node, role }) => pictureNode(node, role, options));
  const omitted = Math.max(0, origins.length - limit) + listed.filter((node) => !drawn.has(node.id)).length;
  return { nodes, edges: edgesBetween(graph, drawn, distances(drawn, cameFrom)), omitted };
}

function pictureNode(node: GraphNode, role: PictureRole, options: PictureOptions): PictureNode {
  const note = options.notes?.get(node.id);
  return {
    id: node.id,
    kind: node.kind,
    type: node.type,
    name: nameOf(node),
    modulePath: node.modulePath,
    role,
    ...(node.location ? { where: `${options.displayPath(node.location.file)}:${node.location.range.start.line}` } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

/** The id without its module path and type: `site["eu"]` for `module.edge.aws_cloudfront_distribution.site["eu"]`. */
function nameOf(node: GraphNode): string {
  const local = node.modulePath === '' ? node.id : node.id.slice(node.modulePath.length + 1);
  if (node.kind === 'resource') return local.slice(node.type.length + 1);
  if (node.kind === 'data') return local.slice(`data.${node.type}.`.length);
  if (node.kind === 'module') return local.slice('module.'.length);
  return local; // `local.tags`, `var.queue_arn`, `output.dns_name`: the prefix says what it is
}

/** How many references away from an origin each drawn node is (0 for the origins), along the walk's shortest paths. */
function distances(drawn: ReadonlyMap<string, unknown>, cameFrom: ReadonlyMap<string, string>): Map<string, number> {
  const distance = new Map<string, number>();
  const measure = (id: string): number => {
    let d = distance.get(id);
    if (d === undefined) {
      const from = cameFrom.get(id);
      d = from === undefined ? 0 : measure(from) + 1;
      distance.set(id, d);
    }
    return d;
  };
  for (const id of drawn.keys()) measure(id);
  return distance;
}

/**
 * The edges along which the change spreads first: from each drawn node to what depends on it one step
 * further from the origins, and between origins (one change reaching another). An edge between two nodes equally far (two resources that both use the
 * origin, one also naming the other) or back towards the origins adds no way the change travels, only
 * lines across the picture, and makes a large picture unreadable (and slow to lay out).
 */
function edgesBetween(graph: DependencyGraph, drawn: ReadonlyMap<string, { node: GraphNode }>, distance: ReadonlyMap<string, number>): PictureEdge[] {
  const edges: PictureEdge[] = [];
  for (const { node } of drawn.values()) {
    const next = distance.get(node.id)! + 1;
    for (const [ids, ordering] of [
      [graph.dependentsOf(node.id), false],
      [graph.waitingFor(node.id), true],
    ] as const) {
      for (const id of ids) {
        const dependent = drawn.get(id)?.node;
        if (dependent && (distance.get(id) === next || (next === 1 && distance.get(id) === 0)))
          edges.push({ from: node.id, to: id, label: ordering ? 'depends_on' : edgeLabel(node, dependent), ordering });
      }
    }
  }
  return edges;
}

/**
 * The arguments of the dependent's block that refer to the dependency. A variable, local value or output
 * has one value, so its name says enough; a module's variable is fed by its caller's argument of that name.
 */
function edgeLabel(dependency: GraphNode, dependent: GraphNode): string {
  if (!dependent.block || (dependent.kind !== 'resource' && dependent.kind !== 'data' && dependent.kind !== 'module')) return '';
  const paths = referringAttributes(dependent.block, referenceAddress(dependency, dependent));
  return paths.length > 2 ? `${paths.slice(0, 2).join(', ')} +${paths.length - 2}` : paths.join(', ');
}

/**
 * How the dependent's module writes a reference to the dependency: its address when both are in one module
 * instance, else the call into the module that holds it (`module.app` for `module.app.output.url`).
 */
function referenceAddress(dependency: GraphNode, dependent: GraphNode): string {
  if (dependency.modulePath === dependent.modulePath) return dependency.address;
  const inner = dependency.id.slice(dependent.modulePath === '' ? 0 : dependent.modulePath.length + 1);
  const call = /^module\.([^.[]+)/.exec(inner);
  return call ? `module.${call[1]}` : dependency.address;
}
