// Lays out a blast-radius picture with dagre (@dagrejs/dagre): ranks from left to right, the way the change
// spreads, and nodes grouped in clusters, one per module instance and, inside it, one per type that has
// several nodes. Sizes come from the text, measured for a monospace font (every glyph 0.6 em wide), which
// the renderer uses, so what is measured is what is drawn. No DOM: the CLI and the language server run it.
import type * as Dagre from '@dagrejs/dagre' with { 'resolution-mode': 'import' };
import type { BlastPicture, PictureEdge, PictureNode } from './blast-picture';
import { clustersOf, placeClusters, type Box, type Movable } from './clusters';

export type { Box } from './clusters';

// dagre is an ES module with a CommonJS build; this package compiles to CommonJS, so it takes that build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre = require('@dagrejs/dagre') as typeof Dagre;

export const FONT = { family: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace', advance: 0.6 } as const;

/** Font sizes and metrics of the parts of a node, in pixels. */
export const SIZES = { title: 13, detail: 11, edge: 11, cluster: 12, line: 1.35, padX: 12, padY: 8 } as const;

export interface PlacedNode extends Box {
  readonly node: PictureNode;
  /** The lines drawn in the box, top to bottom: the type, the name, where it is declared. */
  readonly lines: readonly { readonly text: string; readonly size: number; readonly part: 'type' | 'name' | 'where' }[];
}

export interface PlacedEdge {
  readonly edge: PictureEdge;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** The label's box, when the edge has a label. */
  readonly label?: Box;
}

export interface PlacedCluster extends Box {
  readonly id: string;
  readonly label: string;
  readonly kind: 'module' | 'type';
  /** How deep it is nested: a type cluster inside a module cluster is one deeper. */
  readonly depth: number;
}

export interface PictureLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  /** Outer clusters first, so that inner ones are drawn over them. */
  readonly clusters: readonly PlacedCluster[];
}

/** The width of a text in the monospace font, in pixels. */
export function textWidth(text: string, size: number): number {
  return [...text].length * size * FONT.advance;
}

/** A node's label never grows past this many characters; longer names are cut with an ellipsis (the tooltip has them whole). */
const MAX_CHARS = 48;

export function fitText(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_CHARS ? text : `${chars.slice(0, MAX_CHARS - 1).join('')}…`;
}

export function layoutPicture(picture: BlastPicture): PictureLayout {
  const graph = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 26, ranksep: 70, edgesep: 14, marginx: 16, marginy: 16 });
  const lines = new Map<string, PlacedNode['lines']>();
  for (const node of picture.nodes) {
    const text = nodeLines(node);
    lines.set(node.id, text);
    const width = Math.max(...text.map((line) => textWidth(line.text, line.size))) + 2 * SIZES.padX;
    const height = text.reduce((sum, line) => sum + line.size * SIZES.line, 0) + 2 * SIZES.padY;
    graph.setNode(nodeKey(node.id), { width: Math.ceil(width), height: Math.ceil(height) });
  }
  const clusters = clustersOf(picture.nodes);
  for (const cluster of clusters) {
    graph.setNode(cluster.key, {});
    if (cluster.parent !== undefined) graph.setParent(cluster.key, cluster.parent);
    for (const id of cluster.members) graph.setParent(nodeKey(id), cluster.key);
  }
  picture.edges.forEach((edge, i) => {
    const label = edge.label === '' ? undefined : fitText(edge.label);
    const size =
      label === undefined ? { width: 0, height: 0 } : { width: Math.ceil(textWidth(label, SIZES.edge)) + 8, height: Math.ceil(SIZES.edge * SIZES.line) + 4 };
    graph.setEdge(nodeKey(edge.from), nodeKey(edge.to), { ...size, labelpos: 'c', minlen: 1, weight: edge.ordering ? 1 : 2 }, `e${i}`);
  });
  dagre.layout(graph);

  const movable: Movable = { nodes: new Map(), points: [], labels: [] };
  for (const node of picture.nodes) {
    const placed = graph.node(nodeKey(node.id));
    movable.nodes.set(node.id, centred(placed.x!, placed.y!, placed.width, placed.height));
  }
  const edgePoints = picture.edges.map((edge, i) => {
    const placed = graph.edge({ v: nodeKey(edge.from), w: nodeKey(edge.to), name: `e${i}` });
    const points = (placed.points ?? []).map((p: Dagre.Point) => ({ x: p.x, y: p.y }));
    movable.points.push(...points);
    movable.labels.push(
      edge.label !== '' && placed.x !== undefined && placed.y !== undefined ? centred(placed.x, placed.y, placed.width ?? 0, placed.height ?? 0) : undefined,
    );
    return points;
  });
  const boxes = placeClusters(clusters, movable, (label) => textWidth(label, SIZES.cluster));

  const placedNodes: PlacedNode[] = picture.nodes.map((node) => ({ node, lines: lines.get(node.id)!, ...movable.nodes.get(node.id)! }));
  const placedEdges: PlacedEdge[] = picture.edges.map((edge, i) => {
    const label = movable.labels[i];
    return { edge, points: edgePoints[i]!, ...(label ? { label } : {}) };
  });
  const placedClusters: PlacedCluster[] = [...clusters]
    .filter((c) => boxes.has(c.key))
    .sort((a, b) => a.depth - b.depth)
    .map((c) => ({ id: c.key, label: c.label, kind: c.kind, depth: c.depth, ...boxes.get(c.key)! }));
  const all: Box[] = [
    ...placedNodes,
    ...placedClusters,
    ...placedEdges.flatMap((e) => (e.label ? [e.label] : [])),
    ...movable.points.map((p) => ({ ...p, width: 0, height: 0 })),
  ];
  const dx = Math.min(...all.map((b) => b.x)) - MARGIN;
  const dy = Math.min(...all.map((b) => b.y)) - MARGIN;
  const shift = <T extends Box>(box: T): T => ({ ...box, x: box.x - dx, y: box.y - dy });
  return {
    width: Math.ceil(Math.max(...all.map((b) => b.x + b.width)) - dx + MARGIN),
    height: Math.ceil(Math.max(...all.map((b) => b.y + b.height)) - dy + MARGIN),
    nodes: placedNodes.map(shift),
    edges: placedEdges.map((e) => ({
      edge: e.edge,
      points: e.points.map((p) => ({ x: p.x - dx, y: p.y - dy })),
      ...(e.label ? { label: shift(e.label) } : {}),
    })),
    clusters: placedClusters.map(shift),
  };
}

const MARGIN = 16;

function nodeLines(node: PictureNode): PlacedNode['lines'] {
  const type = node.kind === 'data' ? `data.${node.type}` : node.type;
  const typeLine = node.note !== undefined ? `${type} · ${node.note}` : type;
  const result: { text: string; size: number; part: 'type' | 'name' | 'where' }[] = [];
  if (node.kind === 'resource' || node.kind === 'data' || node.kind === 'module') result.push({ text: fitText(typeLine), size: SIZES.detail, part: 'type' });
  else if (node.note !== undefined) result.push({ text: fitText(node.note), size: SIZES.detail, part: 'type' });
  result.push({ text: fitText(node.name), size: SIZES.title, part: 'name' });
  if (node.where !== undefined) result.push({ text: fitText(node.where), size: SIZES.detail, part: 'where' });
  return result;
}

/** dagre keys: node ids and cluster ids must not collide (a module call is both a node and a cluster's name). */
function nodeKey(id: string): string {
  return `n:${id}`;
}

export function centred(x: number, y: number, width: number, height: number): Box {
  return { x: x - width / 2, y: y - height / 2, width, height };
}
