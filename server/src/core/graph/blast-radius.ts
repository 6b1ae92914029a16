// The blast radius of a change: everything that depends on the changed nodes, directly or transitively,
// each with the shortest chain of references that connects it. A `depends_on` only orders: what waits for
// a node is in its blast radius, but what refers to the waiting resource is not (no value flows on). Local
// values and input variables carry the chain but are not listed: what a reviewer weighs are resources, data
// sources, module calls and outputs.
import type { Block } from '../../../../rules/api';
import type { DependencyGraph, GraphNode } from './dependency-graph';

export interface Dependent {
  readonly node: GraphNode;
  /** Node ids from the changed node to this one, both included. */
  readonly path: readonly string[];
}

const LISTED: ReadonlySet<GraphNode['kind']> = new Set(['resource', 'data', 'module', 'output']);

export interface RootBlock {
  readonly block: Block;
  /** Its instance nodes (one when it has no count or for_each, or its keys are unknown). */
  readonly nodes: readonly GraphNode[];
}

/**
 * The root module's resource, data and module blocks, each with its instance nodes: what a blast radius
 * is asked for (a lens, the hover, the tree). Child module instances are not built for this.
 */
export function rootBlocks(graph: DependencyGraph): RootBlock[] {
  const blocks = new Map<Block, GraphNode[]>();
  for (const node of graph.rootNodes()) {
    if (!node.block || (node.kind !== 'resource' && node.kind !== 'data' && node.kind !== 'module')) continue;
    const nodes = blocks.get(node.block); // every instance node holds the block it was declared by
    if (nodes) nodes.push(node);
    else blocks.set(node.block, [node]);
  }
  return [...blocks].map(([block, nodes]) => ({ block, nodes }));
}

/** What depends on the origins (ids, or the graph's own nodes), breadth-first so each path is a shortest one; sorted by type, then address. */
export function blastRadius(graph: DependencyGraph, origins: readonly (string | GraphNode)[]): Dependent[] {
  const cameFrom = new Map<string, string>();
  const reached = graph.walkDependents(origins, (id, from) => cameFrom.set(id, from));
  return listed(reached)
    .sort((a, b) => compareText(a.type, b.type) || compareText(a.id, b.id))
    .map((node) => new FoundDependent(node, cameFrom));
}

/**
 * What a code lens says: the dependents counted by type ("3 cloudfront distributions"), or undefined when
 * nothing depends on the origins. A lens stands above every resource, so it neither sorts nor traces paths.
 */
export function blastRadiusSummary(graph: DependencyGraph, origins: readonly (string | GraphNode)[]): string | undefined {
  const byType = new Map<string, number>();
  for (const node of graph.walkDependents(origins)) if (LISTED.has(node.kind)) count(byType, typeOf(node));
  return byType.size > 0 ? countLabels(byType) : undefined;
}

/** The resources, data sources, module calls and outputs among the nodes a walk reached. */
function listed(reached: readonly GraphNode[]): GraphNode[] {
  return reached.filter((node) => LISTED.has(node.kind));
}

/** A dependent whose path is traced back when read: a code lens only counts dependents. */
class FoundDependent implements Dependent {
  private traced?: readonly string[];

  constructor(
    readonly node: GraphNode,
    private readonly cameFrom: ReadonlyMap<string, string | undefined>,
  ) {}

  get path(): readonly string[] {
    if (!this.traced) {
      const path: string[] = [];
      for (let at: string | undefined = this.node.id; at !== undefined; at = this.cameFrom.get(at)) path.push(at);
      this.traced = path.reverse();
    }
    return this.traced;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "3 cloudfront distributions, 1 load balancer": dependents counted by type, most first. */
export function summarizeDependents(dependents: readonly Dependent[]): string {
  return summarizeNodes(dependents.map(({ node }) => node));
}

function summarizeNodes(nodes: readonly GraphNode[]): string {
  const byType = new Map<string, number>();
  for (const node of nodes) count(byType, typeOf(node));
  return countLabels(byType);
}

/** What a summary counts a node as: its resource type, `data source`, or its kind. */
function typeOf(node: GraphNode): string {
  return node.kind === 'resource' ? node.type : node.kind === 'data' ? 'data source' : node.kind;
}

function count(byType: Map<string, number>, type: string): void {
  byType.set(type, (byType.get(type) ?? 0) + 1);
}

/** How many kinds a summary names before it counts the rest: a code lens is one short line. */
const SUMMARY_KINDS = 3;

/**
 * Types counted and put in words, most frequent first: "3 cloudfront distributions, 1 module". Types that
 * read the same (`aws_lb_listener`, `aws_alb_listener`) count together; past three kinds, the rest is
 * counted: "47 iam role policy attachments, 31 cloudwatch metric alarms, 16 data sources and 93 more".
 */
export function countTypes(types: readonly string[]): string {
  const byType = new Map<string, number>();
  for (const type of types) count(byType, type);
  return countLabels(byType);
}

/** `countTypes` from counts by type (in the order types were first met): each type is put in words once. */
function countLabels(byType: ReadonlyMap<string, number>): string {
  const counts = new Map<string, { type: string; count: number }>();
  for (const [type, n] of byType) {
    const label = describeType(type, 1);
    const entry = counts.get(label);
    if (entry) entry.count += n;
    else counts.set(label, { type, count: n });
  }
  const sorted = [...counts].sort((a, b) => b[1].count - a[1].count || compareText(a[0], b[0]));
  const named = sorted
    .slice(0, sorted.length > SUMMARY_KINDS + 1 ? SUMMARY_KINDS : sorted.length)
    .map(([, { type, count }]) => `${count} ${describeType(type, count)}`);
  const rest = sorted.slice(named.length).reduce((n, [, { count }]) => n + count, 0);
  return rest > 0 ? `${named.join(', ')} and ${rest} more` : named.join(', ');
}

/** Words a person reads for a resource type: `aws_cloudfront_distribution` → "cloudfront distribution(s)". */
export function describeType(type: string, count: number): string {
  const known = count === 1 ? SINGULAR : PLURAL;
  let words = known.get(type);
  if (words === undefined) known.set(type, (words = count === 1 ? inWords(type) : pluralWords(type)));
  return words;
}

/** Descriptions by type: every lens describes the types it counts, and types repeat. */
const SINGULAR = new Map<string, string>();
const PLURAL = new Map<string, string>();

function pluralWords(type: string): string {
  const words = inWords(type).split(' ');
  words[words.length - 1] = plural(words[words.length - 1]!);
  return words.join(' ');
}

function inWords(type: string): string {
  return FRIENDLY[type] ?? type.replace(/^[a-z0-9]+_/, '').replace(/_/g, ' ');
}

const FRIENDLY: Readonly<Record<string, string>> = {
  aws_lb: 'load balancer',
  aws_alb: 'load balancer',
  aws_elb: 'classic load balancer',
  aws_lb_listener: 'load balancer listener',
  aws_alb_listener: 'load balancer listener',
  aws_lb_target_group: 'target group',
  aws_alb_target_group: 'target group',
  aws_db_instance: 'database instance',
  aws_rds_cluster: 'database cluster',
  aws_rds_cluster_instance: 'database cluster instance',
  'data source': 'data source',
};

function plural(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}
