// Blast radius in the editor: a code lens above each resource that others depend on, a few lines in the
// hover, and the `premortem/blastRadius` request behind the "Show Blast Radius" tree. The graph is the
// engine's (core/graph), built for the module of the document from the current text of open documents
// and the disk, and rebuilt when any of that changes.
import * as path from 'node:path';
import type { CodeLens, Position as LspPosition } from 'vscode-languageserver/node';
import { blastRadius, blastRadiusSummary, describeType, rootBlocks, summarizeDependents, type Dependent, type RootBlock } from '../core/graph/blast-radius';
import { buildGraph } from '../core/graph/build-graph';
import type { DependencyGraph } from '../core/graph/dependency-graph';
import { createModuleLoader } from '../core/graph/module-loader';
import { loadModule } from '../core/load-module';
import type { GraphNode } from '../core/graph/dependency-graph';
import { blastPicture } from '../core/picture/blast-picture';
import { layoutPicture } from '../core/picture/layout';
import { PICTURE_CSS, renderSvg } from '../core/picture/render-svg';
import { COMMANDS, type BlastRadiusDependent, type BlastRadiusGraphResult, type BlastRadiusParams, type BlastRadiusResult } from '../protocol';
import { rangeContains, toLspRange } from './diagnostics';
import { uriToPath } from './uris';
import type { WorkspaceState } from './workspace-state';

/** How many dependents a hover names before it says "and N more". */
const HOVER_LIMIT = 8;

export class BlastRadiusService {
  private cached: { readonly dir: string; readonly stamp: string; readonly graph: DependencyGraph | undefined } | undefined;
  /** Bumped when files change on disk, so graphs built from the old content are not reused. */
  private diskGeneration = 0;

  constructor(private readonly state: WorkspaceState) {}

  filesChangedOnDisk(): void {
    this.diskGeneration++;
  }

  /** A document closed: the graph built from its text is dropped, not kept until the next lens. */
  release(): void {
    this.cached = undefined;
  }

  /** The graph of the module that holds a file, for the current text. */
  graphFor(file: string): DependencyGraph | undefined {
    const dir = path.dirname(file);
    const stamp = `${this.diskGeneration}|${this.state.documents
      .all()
      .map((d) => `${d.uri}@${d.version}`)
      .join(',')}`;
    if (this.cached?.dir === dir && this.cached.stamp === stamp) return this.cached.graph;
    const listing = this.state.listModule(dir);
    const root =
      listing.files.length > 0
        ? loadModule({ dir, files: listing.files, varFiles: listing.varFiles, environmentFiles: [] }, { load: this.state.load })
        : undefined;
    const graph = root && buildGraph(root, { loadModule: createModuleLoader({ reader: this.state.reader, load: this.state.load }) });
    this.cached = { dir, stamp, graph };
    return graph;
  }

  /** Lenses above the resources, data sources and module calls of a document that others depend on. */
  codeLenses(uri: string): CodeLens[] {
    const file = uriToPath(uri);
    const graph = file && this.graphFor(file);
    if (!file || !graph) return [];
    const lenses: CodeLens[] = [];
    for (const { block, nodes } of rootBlocksIn(graph, file)) {
      const summary = blastRadiusSummary(graph, nodes);
      if (summary === undefined) continue;
      const title = `blast radius: ${summary}`;
      lenses.push({ range: toLspRange(block.headerRange), command: { title, command: COMMANDS.showBlastRadius, arguments: [uri, nodes[0]!.address] } });
    }
    return lenses;
  }

  /** Markdown lines for a hover over a block's header, or undefined when nothing depends on it. */
  hover(uri: string, position: LspPosition): string | undefined {
    const file = uriToPath(uri);
    const graph = file && this.graphFor(file);
    if (!file || !graph) return undefined;
    for (const { block, nodes } of rootBlocksIn(graph, file)) {
      if (!rangeContains(toLspRange(block.headerRange), position)) continue;
      const dependents = blastRadius(graph, nodes);
      if (dependents.length === 0) return undefined;
      const shown = dependents.slice(0, HOVER_LIMIT).map((d) => `- \`${d.node.id}\`${d.path.length > 2 ? ` via \`${d.path[d.path.length - 2]}\`` : ''}`);
      const more = dependents.length > HOVER_LIMIT ? [`- and ${dependents.length - HOVER_LIMIT} more (premortem: Show Blast Radius)`] : [];
      return [`**Blast radius:** ${summarizeDependents(dependents)}`, '', ...shown, ...more].join('\n');
    }
    return undefined;
  }

  /** The `premortem/blastRadius` request. */
  request(params: BlastRadiusParams): BlastRadiusResult {
    const found = this.find(params);
    if (!found) return null;
    const { graph, nodes } = found;
    const dependents = blastRadius(graph, nodes);
    return {
      address: addressOf(nodes),
      summary: dependents.length > 0 ? summarizeDependents(dependents) : 'nothing depends on it',
      dependents: dependents.map((d) => this.describe(d)),
    };
  }

  /** The `premortem/blastRadiusGraph` request: the same blast radius, laid out and drawn by the engine. */
  graphRequest(params: BlastRadiusParams): BlastRadiusGraphResult {
    const found = this.find(params);
    if (!found) return null;
    const { graph, nodes, file } = found;
    const root = this.state.rootFor(file);
    const picture = blastPicture(graph, nodes, { displayPath: (f) => path.relative(root, f).split(path.sep).join('/') });
    const address = addressOf(nodes);
    const dependents = blastRadius(graph, nodes);
    return {
      address,
      summary: dependents.length > 0 ? summarizeDependents(dependents) : 'nothing depends on it',
      svg: renderSvg(layoutPicture(picture), { title: `Blast radius of ${address}`, standalone: false }),
      stylesheet: PICTURE_CSS,
      omitted: picture.omitted,
      nodes: picture.nodes.map(({ id }) => {
        const location = graph.node(id)?.location;
        return { id, ...(location ? { location: { uri: this.state.uriOf(location.file), range: toLspRange(location.range) } } : {}) };
      }),
    };
  }

  /** The resource, data source or module call a request names (by address, else by position), with its graph. */
  private find(params: BlastRadiusParams): { graph: DependencyGraph; nodes: readonly GraphNode[]; file: string } | undefined {
    const file = uriToPath(params.uri);
    const graph = file && this.graphFor(file);
    if (!file || !graph) return undefined;
    for (const { block, nodes } of rootBlocksIn(graph, file)) {
      const wanted =
        params.address !== undefined
          ? nodes[0]!.address === params.address
          : params.position !== undefined && rangeContains(toLspRange(block.range), params.position);
      if (wanted) return { graph, nodes, file };
    }
    return undefined;
  }

  private describe({ node, path: chain }: Dependent): BlastRadiusDependent {
    const group = describeType(node.kind === 'data' ? 'data source' : node.type, 2);
    return {
      address: node.id,
      type: node.type,
      group,
      path: chain,
      ...(node.location ? { location: { uri: this.state.uriOf(node.location.file), range: toLspRange(node.location.range) } } : {}),
    };
  }
}

/** A block's address: the instance's when it has one, else the block's (`aws_x.y` for all its instances). */
function addressOf(nodes: readonly GraphNode[]): string {
  return nodes.length === 1 ? nodes[0]!.id : nodes[0]!.address;
}

/** The root module's resource, data and module blocks declared in a file, with their instance nodes. */
function rootBlocksIn(graph: DependencyGraph, file: string): RootBlock[] {
  return rootBlocks(graph).filter(({ block }) => block.file === file);
}
