// Draws a laid-out blast-radius picture as SVG text: clusters, then edges with their labels, then nodes.
// Colours come from classes and CSS variables (PICTURE_CSS), so a host restyles them: the editor's webview
// maps them to the theme, while a standalone file carries the stylesheet inside. Sizes and fonts are
// attributes, as the layout measured them. Every node is a group with `data-id`, which the webview's click
// handler reads, and a <title>, which is its tooltip.
import { FONT, SIZES, type PictureLayout, type PlacedCluster, type PlacedEdge, type PlacedNode } from './layout';

/** Colours for light and dark backgrounds, as CSS variables a host may override on `.pm-graph`. */
export const PICTURE_CSS = `.pm-graph {
  --pm-bg: #ffffff; --pm-fg: #1f2328; --pm-muted: #59636e; --pm-node: #f6f8fa; --pm-border: #8c959f;
  --pm-origin: #cf222e; --pm-origin-bg: #ffebe9; --pm-via: #afb8c1; --pm-edge: #6e7781;
  --pm-module: #0969da; --pm-module-bg: rgba(9, 105, 218, 0.05); --pm-type: #8250df; --pm-type-bg: rgba(130, 80, 223, 0.06);
  --pm-label-bg: #ffffff; --pm-focus: #0969da;
}
@media (prefers-color-scheme: dark) {
  .pm-graph {
    --pm-bg: #0d1117; --pm-fg: #e6edf3; --pm-muted: #9198a1; --pm-node: #161b22; --pm-border: #6e7681;
    --pm-origin: #ff7b72; --pm-origin-bg: #3d1519; --pm-via: #484f58; --pm-edge: #8b949e;
    --pm-module: #4493f8; --pm-module-bg: rgba(68, 147, 248, 0.07); --pm-type: #ab7df8; --pm-type-bg: rgba(171, 125, 248, 0.08);
    --pm-label-bg: #0d1117; --pm-focus: #4493f8;
  }
}
.pm-graph .pm-bg { fill: var(--pm-bg); }
.pm-graph text { fill: var(--pm-fg); }
.pm-graph .pm-cluster rect { stroke-width: 1; }
.pm-graph .pm-cluster.pm-module rect { fill: var(--pm-module-bg); stroke: var(--pm-module); stroke-dasharray: 6 3; }
.pm-graph .pm-cluster.pm-module text { fill: var(--pm-module); font-weight: 600; }
.pm-graph .pm-cluster.pm-type rect { fill: var(--pm-type-bg); stroke: var(--pm-type); stroke-opacity: 0.5; }
.pm-graph .pm-cluster.pm-type text { fill: var(--pm-type); }
.pm-graph .pm-edge path { fill: none; stroke: var(--pm-edge); stroke-width: 1.4; }
.pm-graph .pm-edge.pm-ordering path { stroke-dasharray: 4 3; }
.pm-graph .pm-arrow { fill: var(--pm-edge); }
.pm-graph .pm-edge rect { fill: var(--pm-label-bg); opacity: 0.9; }
.pm-graph .pm-edge text { fill: var(--pm-muted); }
.pm-graph .pm-node rect { fill: var(--pm-node); stroke: var(--pm-border); stroke-width: 1.2; }
.pm-graph .pm-node.pm-origin rect { fill: var(--pm-origin-bg); stroke: var(--pm-origin); stroke-width: 2.4; }
.pm-graph .pm-node.pm-via rect { stroke: var(--pm-via); stroke-dasharray: 4 3; }
.pm-graph .pm-node .pm-type, .pm-graph .pm-node .pm-where { fill: var(--pm-muted); }
.pm-graph .pm-node.pm-origin .pm-type { fill: var(--pm-origin); }
.pm-graph .pm-node .pm-name { font-weight: 600; }
.pm-graph .pm-node[data-href] { cursor: pointer; }
.pm-graph .pm-node[data-href]:hover rect, .pm-graph .pm-node:focus rect { stroke: var(--pm-focus); stroke-width: 2.4; }
.pm-graph .pm-node:focus { outline: none; }
`;

export interface SvgOptions {
  /** What the picture shows, for assistive technology and the file's title. */
  readonly title: string;
  /** Carry the stylesheet and a background, for a file opened on its own. */
  readonly standalone: boolean;
}

export function renderSvg(layout: PictureLayout, options: SvgOptions): string {
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="pm-graph" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${escapeXml(FONT.family)}" role="img" aria-labelledby="pm-title">`,
    `<title id="pm-title">${escapeXml(options.title)}</title>`,
  );
  if (options.standalone) out.push(`<style>\n${PICTURE_CSS}</style>`, `<rect class="pm-bg" width="${layout.width}" height="${layout.height}"/>`);
  out.push(
    '<defs><marker id="pm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="pm-arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>',
  );
  out.push('<g class="pm-clusters">', ...layout.clusters.map(cluster), '</g>');
  out.push('<g class="pm-edges">', ...layout.edges.map(edge), '</g>');
  out.push('<g class="pm-nodes">', ...layout.nodes.map(node), '</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function cluster(c: PlacedCluster): string {
  const kind = c.kind === 'module' ? 'pm-module' : 'pm-type';
  return `<g class="pm-cluster ${kind}"><rect x="${n(c.x)}" y="${n(c.y)}" width="${n(c.width)}" height="${n(c.height)}" rx="8"/><text x="${n(c.x + 10)}" y="${n(c.y + 16)}" font-size="${SIZES.cluster}">${escapeXml(c.label)}</text></g>`;
}

function edge(e: PlacedEdge): string {
  const classes = e.edge.ordering ? 'pm-edge pm-ordering' : 'pm-edge';
  const parts = [
    `<g class="${classes}" data-from="${escapeXml(e.edge.from)}" data-to="${escapeXml(e.edge.to)}">`,
    `<path d="${curve(e.points)}" marker-end="url(#pm-arrow)"/>`,
  ];
  if (e.label) {
    const l = e.label;
    parts.push(`<rect x="${n(l.x)}" y="${n(l.y)}" width="${n(l.width)}" height="${n(l.height)}" rx="3"/>`);
    parts.push(
      `<text x="${n(l.x + l.width / 2)}" y="${n(l.y + l.height / 2)}" font-size="${SIZES.edge}" text-anchor="middle" dominant-baseline="central">${escapeXml(shownLabel(e))}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** The label as the layout measured it (cut to length there). */
function shownLabel(e: PlacedEdge): string {
  const chars = [...e.edge.label];
  const room = Math.floor((e.label!.width - 8) / (SIZES.edge * FONT.advance));
  return chars.length <= room ? e.edge.label : `${chars.slice(0, Math.max(1, room - 1)).join('')}…`;
}

function node(p: PlacedNode): string {
  const { node: pictureNode } = p;
  const classes = `pm-node pm-${pictureNode.role} pm-kind-${pictureNode.kind}`;
  const href = pictureNode.where !== undefined ? ` data-href="${escapeXml(pictureNode.where)}" tabindex="0" role="link"` : '';
  const tooltip = [pictureNode.id, pictureNode.where, pictureNode.note].filter((t) => t !== undefined).join('\n');
  const parts = [`<g class="${classes}" data-id="${escapeXml(pictureNode.id)}"${href}>`, `<title>${escapeXml(tooltip)}</title>`];
  parts.push(
    `<rect x="${n(p.x)}" y="${n(p.y)}" width="${n(p.width)}" height="${n(p.height)}" rx="${pictureNode.kind === 'resource' || pictureNode.kind === 'data' ? 6 : 14}"/>`,
  );
  let y = p.y + SIZES.padY;
  for (const line of p.lines) {
    const height = line.size * SIZES.line;
    parts.push(
      `<text class="pm-${line.part}" x="${n(p.x + SIZES.padX)}" y="${n(y + height / 2)}" font-size="${line.size}" dominant-baseline="central">${escapeXml(line.text)}</text>`,
    );
    y += height;
  }
  parts.push('</g>');
  return parts.join('');
}

/** A smooth path through dagre's points (a uniform cubic B-spline, as d3's curveBasis draws it). */
function curve(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  if (points.length < 3) return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)},${n(p.y)}`).join(' ');
  const d = [`M${n(points[0]!.x)},${n(points[0]!.y)}`];
  const [p0, p1] = points as [{ x: number; y: number }, { x: number; y: number }];
  d.push(`L${n((5 * p0.x + p1.x) / 6)},${n((5 * p0.y + p1.y) / 6)}`);
  for (let i = 2; i <= points.length; i++) {
    const a = points[i - 2]!;
    const b = points[i - 1]!;
    const c = points[Math.min(i, points.length - 1)]!;
    d.push(
      `C${n((2 * a.x + b.x) / 3)},${n((2 * a.y + b.y) / 3)} ${n((a.x + 2 * b.x) / 3)},${n((a.y + 2 * b.y) / 3)} ${n((a.x + 4 * b.x + c.x) / 6)},${n((a.y + 4 * b.y + c.y) / 6)}`,
    );
  }
  const last = points[points.length - 1]!;
  d.push(`L${n(last.x)},${n(last.y)}`);
  return d.join(' ');
}

/** A coordinate with at most one decimal: smaller files, and the same text on every machine. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
