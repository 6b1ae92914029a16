// "premortem: Show Blast Radius Graph": asks the server to draw what depends on the resource (the server
// lays out and renders the SVG, the same picture as `premortem blast-radius --format html`), and shows it in
// one webview panel, reused. The webview is locked down: a Content-Security-Policy with `default-src
// 'none'`, one nonce'd script and one stylesheet from dist/media, nothing else it may load. A click on a node
// comes back as a message with the node's id, and opens the file where it is declared.
import { randomBytes } from 'node:crypto';
import { Position, Range, Selection, Uri, ViewColumn, window, workspace, type ExtensionContext, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BLAST_RADIUS_GRAPH_METHOD, type BlastRadiusGraphResult, type BlastRadiusLocation, type BlastRadiusParams } from '../../server/src/protocol';
import { graphPage } from './blast-radius-graph-page';
import { blastRadiusParams } from './blast-radius-view';

const VIEW_TYPE = 'premortem.blastRadiusGraph';

export class BlastRadiusGraphPanel {
  private panel: WebviewPanel | undefined;
  /** Where each drawn node is declared, by id: what a click opens. */
  private locations = new Map<string, BlastRadiusLocation>();

  constructor(
    private readonly context: ExtensionContext,
    private readonly client: LanguageClient,
  ) {}

  /** The command: from a code lens (uri, address) or the palette (the active editor's cursor), or the tree's own request. */
  async show(uri?: unknown, address?: unknown, tree?: BlastRadiusParams): Promise<void> {
    const params = tree ?? blastRadiusParams(uri, address);
    if (!params) {
      void window.showInformationMessage('Put the cursor in a resource block of a Terraform file to see its blast radius.');
      return;
    }
    const result = await this.client.sendRequest<BlastRadiusGraphResult>(BLAST_RADIUS_GRAPH_METHOD, params);
    if (!result) {
      void window.showInformationMessage('No resource, data source or module call here: put the cursor inside one to see its blast radius.');
      return;
    }
    this.locations = new Map(result.nodes.flatMap((n) => (n.location ? [[n.id, n.location] as const] : [])));
    const panel = this.ensurePanel();
    panel.title = `Blast Radius: ${result.address}`;
    panel.webview.html = this.html(panel, result);
    panel.reveal(ViewColumn.Beside, true);
  }

  private ensurePanel(): WebviewPanel {
    if (this.panel) return this.panel;
    const media = Uri.joinPath(this.context.extensionUri, 'dist', 'media');
    const panel = window.createWebviewPanel(
      VIEW_TYPE,
      'Blast Radius',
      { viewColumn: ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: false },
    );
    panel.webview.onDidReceiveMessage((message: unknown) => void this.open(message));
    panel.onDidDispose(() => (this.panel = undefined));
    this.context.subscriptions.push(panel);
    return (this.panel = panel);
  }

  /** Opens where a clicked node is declared, in the first editor column (the graph stays beside it). */
  private async open(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'open') return;
    const id = (message as { id?: unknown }).id;
    const location = typeof id === 'string' ? this.locations.get(id) : undefined;
    if (!location) return;
    const { start, end } = location.range;
    const document = await workspace.openTextDocument(Uri.parse(location.uri));
    const editor = await window.showTextDocument(document, { viewColumn: ViewColumn.One, preserveFocus: false });
    const range = new Range(new Position(start.line, start.character), new Position(end.line, end.character));
    editor.selection = new Selection(range.start, range.end);
    editor.revealRange(range);
  }

  private html(panel: WebviewPanel, result: NonNullable<BlastRadiusGraphResult>): string {
    const webview = panel.webview;
    const media = Uri.joinPath(this.context.extensionUri, 'dist', 'media');
    return graphPage({
      result,
      cspSource: webview.cspSource,
      script: webview.asWebviewUri(Uri.joinPath(media, 'blast-radius-graph.js')).toString(),
      style: webview.asWebviewUri(Uri.joinPath(media, 'blast-radius-graph.css')).toString(),
      nonce: randomBytes(16).toString('base64'),
    });
  }
}
