// "premortem: Show Blast Radius": asks the server what depends on the resource (the code lens's, or the one
// under the cursor) and shows it as a tree in the Explorer: one group per type, each dependent opening
// where it is declared, its tooltip the chain of references that connects it.
import { commands, EventEmitter, Position, Range, ThemeIcon, TreeItem, TreeItemCollapsibleState, Uri, window, type TreeDataProvider, type TreeView } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BLAST_RADIUS_METHOD, type BlastRadiusDependent, type BlastRadiusParams, type BlastRadiusResult } from '../../server/src/protocol';

export const BLAST_RADIUS_VIEW = 'premortem.blastRadius';

type Element = { readonly kind: 'group'; readonly label: string; readonly dependents: readonly BlastRadiusDependent[] } | { readonly kind: 'dependent'; readonly dependent: BlastRadiusDependent } | { readonly kind: 'empty'; readonly label: string };

export class BlastRadiusTree implements TreeDataProvider<Element> {
  private result: NonNullable<BlastRadiusResult> | undefined;
  private readonly changed = new EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  show(result: NonNullable<BlastRadiusResult>): void {
    this.result = result;
    this.changed.fire();
  }

  get title(): string | undefined {
    return this.result ? `${this.result.address}: ${this.result.summary}` : undefined;
  }

  getChildren(element?: Element): Element[] {
    if (!this.result) return [];
    if (!element) {
      if (this.result.dependents.length === 0) return [{ kind: 'empty', label: `Nothing depends on ${this.result.address}` }];
      const groups = new Map<string, BlastRadiusDependent[]>();
      for (const d of this.result.dependents) groups.set(d.group, [...(groups.get(d.group) ?? []), d]);
      return [...groups].map(([group, dependents]) => ({ kind: 'group', label: `${group} (${dependents.length})`, dependents }));
    }
    return element.kind === 'group' ? element.dependents.map((dependent) => ({ kind: 'dependent', dependent })) : [];
  }

  getTreeItem(element: Element): TreeItem {
    if (element.kind === 'empty') return new TreeItem(element.label);
    if (element.kind === 'group') {
      const item = new TreeItem(element.label, TreeItemCollapsibleState.Expanded);
      item.iconPath = new ThemeIcon('symbol-class');
      return item;
    }
    const { dependent } = element;
    const item = new TreeItem(dependent.address);
    item.tooltip = dependent.path.join('\n  → ');
    if (dependent.path.length > 2) item.description = `via ${dependent.path[dependent.path.length - 2]}`;
    item.iconPath = new ThemeIcon(dependent.type === 'output' ? 'output' : dependent.type === 'module' ? 'package' : 'symbol-field');
    const location = dependent.location;
    if (location) {
      const { start, end } = location.range;
      item.command = {
        title: 'Go to definition',
        command: 'vscode.open',
        arguments: [Uri.parse(location.uri), { selection: new Range(new Position(start.line, start.character), new Position(end.line, end.character)) }],
      };
    }
    return item;
  }
}

/** The command: from a code lens (uri, address) or from the palette (the active editor's cursor). */
export async function showBlastRadius(client: LanguageClient, tree: BlastRadiusTree, view: TreeView<unknown>, uri?: unknown, address?: unknown): Promise<void> {
  let params: BlastRadiusParams | undefined;
  if (typeof uri === 'string' && typeof address === 'string') params = { uri, address };
  else {
    const editor = window.activeTextEditor;
    if (editor) params = { uri: editor.document.uri.toString(), position: { line: editor.selection.active.line, character: editor.selection.active.character } };
  }
  if (!params) {
    void window.showInformationMessage('Put the cursor in a resource block of a Terraform file to see its blast radius.');
    return;
  }
  const result = await client.sendRequest<BlastRadiusResult>(BLAST_RADIUS_METHOD, params);
  if (!result) {
    void window.showInformationMessage('No resource, data source or module call here: put the cursor inside one to see its blast radius.');
    return;
  }
  tree.show(result);
  view.title = 'Blast Radius';
  view.description = tree.title;
  await commands.executeCommand('setContext', 'premortem.blastRadius.shown', true);
  await commands.executeCommand(`${BLAST_RADIUS_VIEW}.focus`);
}
