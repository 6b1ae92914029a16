// The clusters of a blast-radius picture and their boxes. dagre keeps a cluster's members together but
// leaves no room for its label, so each box is grown to hold the label above what it encloses, and where
// a box then reaches into something outside it, everything below is moved down to make room.
import { describeType } from '../graph/blast-radius';
import type { PictureNode } from './blast-picture';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ClusterSpec {
  /** The dagre key: `m:<module path>` or `t:<module path>\0<kind>\0<type>`. */
  readonly key: string;
  readonly label: string;
  readonly kind: 'module' | 'type';
  /** The key of the cluster it sits in. */
  readonly parent: string | undefined;
  /** 0 for an outermost cluster. */
  readonly depth: number;
  /** Node ids directly inside it (not inside a cluster within it). */
  readonly members: string[];
}

/** Room around a cluster's contents, and for its label above them, in pixels. */
export const CLUSTER_ROOM = { pad: 12, label: 22, gap: 10 } as const;

/**
 * One cluster per module instance other than the root (nested as the instances are: a module's cluster sits
 * in its caller's), and inside each module (the root too) one per resource or data source type of two nodes
 * or more. Local values, variables, outputs and module calls sit in their module's cluster.
 */
export function clustersOf(nodes: readonly PictureNode[]): ClusterSpec[] {
  const modules = new Map<string, ClusterSpec>();
  const moduleCluster = (modulePath: string): ClusterSpec | undefined => {
    if (modulePath === '') return undefined;
    let cluster = modules.get(modulePath);
    if (!cluster) {
      const parent = moduleCluster(callerOf(modulePath));
      cluster = { key: `m:${modulePath}`, label: modulePath, kind: 'module', parent: parent?.key, depth: parent ? parent.depth + 1 : 0, members: [] };
      modules.set(modulePath, cluster);
    }
    return cluster;
  };
  const byType = new Map<string, PictureNode[]>();
  for (const node of nodes) {
    moduleCluster(node.modulePath);
    if (node.kind !== 'resource' && node.kind !== 'data') continue;
    const key = `${node.modulePath}\u0000${node.kind}\u0000${node.type}`;
    const list = byType.get(key);
    if (list) list.push(node);
    else byType.set(key, [node]);
  }
  const types: ClusterSpec[] = [];
  const grouped = new Set<string>();
  for (const [key, members] of byType) {
    if (members.length < 2) continue;
    const first = members[0]!;
    const parent = modules.get(first.modulePath);
    const label =
      first.kind === 'data'
        ? `${members.length} ${describeType('data source', members.length)}: ${first.type}`
        : `${members.length} ${describeType(first.type, members.length)}`;
    types.push({ key: `t:${key}`, label, kind: 'type', parent: parent?.key, depth: parent ? parent.depth + 1 : 0, members: members.map((m) => m.id) });
    for (const m of members) grouped.add(m.id);
  }
  for (const node of nodes) if (!grouped.has(node.id)) modules.get(node.modulePath)?.members.push(node.id);
  return [...modules.values(), ...types];
}

/** `module.a["x"].module.b` → `module.a["x"]`; `module.a` → `''`. */
export function callerOf(modulePath: string): string {
  const at = modulePath.lastIndexOf('.module.');
  return at < 0 ? '' : modulePath.slice(0, at);
}

/** What the room-making pass moves: node boxes by id, edge points and edge label boxes. */
export interface Movable {
  readonly nodes: Map<string, Box>;
  readonly points: { x: number; y: number }[];
  /** By edge: its label's box, if it has a label. */
  readonly labels: (Box | undefined)[];
}

/**
 * The clusters' boxes, each holding its label above its contents. Where a box overlaps a node or a cluster
 * it does not hold (nor sits in), the lower of the two and everything below it moves down (edges included);
 * that widens gaps only, so each step ends one overlap and starts none.
 */
export function placeClusters(clusters: readonly ClusterSpec[], movable: Movable, labelWidth: (label: string) => number): Map<string, Box> {
  const inside = membership(clusters);
  let boxes = clusterBoxes(clusters, movable.nodes, labelWidth);
  for (let round = 0; round < 4 * (clusters.length + 1); round++) {
    const move = firstOverlap(clusters, boxes, movable.nodes, inside);
    if (!move) break;
    shiftBelow(movable, move.line, move.by);
    boxes = clusterBoxes(clusters, movable.nodes, labelWidth);
  }
  return boxes;
}

/** The node ids each cluster holds, at any depth. */
function membership(clusters: readonly ClusterSpec[]): Map<string, Set<string>> {
  const held = new Map<string, Set<string>>(clusters.map((c) => [c.key, new Set(c.members)]));
  const deepestFirst = [...clusters].sort((a, b) => b.depth - a.depth);
  for (const cluster of deepestFirst) {
    if (cluster.parent === undefined) continue;
    const parent = held.get(cluster.parent)!;
    for (const id of held.get(cluster.key)!) parent.add(id);
  }
  return held;
}

function clusterBoxes(clusters: readonly ClusterSpec[], nodes: ReadonlyMap<string, Box>, labelWidth: (label: string) => number): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const cluster of [...clusters].sort((a, b) => b.depth - a.depth)) {
    const held: Box[] = cluster.members.map((id) => nodes.get(id)!);
    for (const inner of clusters) if (inner.parent === cluster.key && boxes.has(inner.key)) held.push(boxes.get(inner.key)!);
    if (held.length === 0) continue;
    const left = Math.min(...held.map((b) => b.x)) - CLUSTER_ROOM.pad;
    const top = Math.min(...held.map((b) => b.y)) - CLUSTER_ROOM.pad - CLUSTER_ROOM.label;
    const right = Math.max(...held.map((b) => b.x + b.width)) + CLUSTER_ROOM.pad;
    const bottom = Math.max(...held.map((b) => b.y + b.height)) + CLUSTER_ROOM.pad;
    boxes.set(cluster.key, { x: left, y: top, width: Math.max(right - left, labelWidth(cluster.label) + 2 * CLUSTER_ROOM.pad), height: bottom - top });
  }
  return boxes;
}

/** The first overlap of a cluster's box with something it neither holds nor sits in, as the move that ends it. */
function firstOverlap(
  clusters: readonly ClusterSpec[],
  boxes: ReadonlyMap<string, Box>,
  nodes: ReadonlyMap<string, Box>,
  inside: ReadonlyMap<string, Set<string>>,
): { line: number; by: number } | undefined {
  for (const cluster of clusters) {
    const box = boxes.get(cluster.key);
    if (!box) continue;
    const held = inside.get(cluster.key)!;
    for (const [id, node] of nodes) {
      if (!held.has(id) && overlaps(box, node)) return separate(box, contentTop(held, nodes), node, node.y);
    }
    for (const other of clusters) {
      const otherBox = boxes.get(other.key);
      if (other === cluster || !otherBox) continue;
      const otherHeld = inside.get(other.key)!;
      if (shares(held, otherHeld) || !overlaps(box, otherBox)) continue; // nested clusters share nodes
      return separate(box, contentTop(held, nodes), otherBox, contentTop(otherHeld, nodes));
    }
  }
  return undefined;
}

/** Moves the lower of two boxes (from where its contents start) below the upper one. */
function separate(a: Box, aContent: number, b: Box, bContent: number): { line: number; by: number } {
  const [upper, lower, line] = a.y <= b.y ? [a, b, bContent] : [b, a, aContent];
  return { line, by: Math.max(1, upper.y + upper.height + CLUSTER_ROOM.gap - lower.y) };
}

function contentTop(held: ReadonlySet<string>, nodes: ReadonlyMap<string, Box>): number {
  let top = Infinity;
  for (const id of held) top = Math.min(top, nodes.get(id)!.y);
  return top;
}

function shares(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const id of a) if (b.has(id)) return true;
  return false;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function shiftBelow(movable: Movable, line: number, by: number): void {
  for (const [id, box] of movable.nodes) if (box.y >= line) movable.nodes.set(id, { ...box, y: box.y + by });
  for (const point of movable.points) if (point.y >= line) point.y += by;
  movable.labels.forEach((label, i) => {
    if (label && label.y >= line) movable.labels[i] = { ...label, y: label.y + by };
  });
}
