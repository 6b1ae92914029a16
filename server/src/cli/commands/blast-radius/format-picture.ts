// `premortem blast-radius --format svg|html`: the plan's blast radius as a picture, for a pull-request
// artifact. What changes is drawn in red with what the plan does to it; what depends on it, with "changes
// too" where the plan changes it as well. The editor's "Show Blast Radius Graph" draws the same picture.
import type { DependencyGraph, GraphNode } from '../../../core/graph/dependency-graph';
import { blastPicture } from '../../../core/picture/blast-picture';
import { layoutPicture } from '../../../core/picture/layout';
import { renderHtml } from '../../../core/picture/render-html';
import { renderSvg } from '../../../core/picture/render-svg';
import { nodeIds, type ChangeReport } from '../../../core/plan/plan-blast-radius';
import type { PlanAction } from '../../../core/plan/read-plan';
import { displayPath } from '../../output/format-input';

export interface BlastRadiusPictureInput {
  readonly format: 'svg' | 'html';
  readonly changes: readonly ChangeReport[];
  /** The graph the changes' blast radius was found in. */
  readonly graph: DependencyGraph;
  readonly cwd: string;
  readonly version: string;
}

const TITLE = 'premortem: blast radius of this plan';

export function formatBlastRadiusPicture(input: BlastRadiusPictureInput): string {
  const { graph } = input;
  const notes = new Map<string, string>();
  const origins: GraphNode[] = [];
  for (const change of input.changes) {
    for (const id of nodeIds(graph, change.address)) {
      const node = graph.node(id);
      if (!node || notes.has(id)) continue;
      origins.push(node);
      notes.set(id, shortAction(change.actions));
    }
  }
  for (const change of input.changes) {
    for (const dependent of change.dependents) if (dependent.changes && !notes.has(dependent.address)) notes.set(dependent.address, 'changes too');
  }
  const picture = blastPicture(graph, origins, { displayPath: (file) => displayPath(file, input.cwd), notes });
  const svg = renderSvg(layoutPicture(picture), { title: TITLE, standalone: input.format === 'svg' });
  if (input.format === 'svg') return svg;
  const reached = new Set(input.changes.flatMap((c) => c.dependents.map((d) => d.address))).size;
  const summary = [
    input.changes.length === 0 ? 'The plan changes no resources.' : `${plural(input.changes.length, 'change')} reach ${plural(reached, 'dependent')}.`,
    ...(picture.omitted > 0
      ? [`${plural(picture.omitted, 'more resource')} not drawn: the farthest from the changes (the text and JSON formats list them all).`]
      : []),
  ];
  return renderHtml({ title: TITLE, summary, svg, version: input.version });
}

/** `replace`, `delete`, `update`, `create`: what the plan does, in one word. */
function shortAction(actions: readonly PlanAction[]): string {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  return actions.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
