// "premortem: Show Blast Radius": asks the server what depends on the resource (the code lens's, or the one
// under the cursor) and shows it as a tree in the panel, where it has room: one group per type, each
// dependent with where it is declared (file:line), opening there, its tooltip the chain of references that
// connects it.
import {
  commands,
  EventEmitter,
  MarkdownString,
  Position,
  Range,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
  window,
  workspace,
  type TreeDataProvider,
  type TreeView,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BLAST_RADIUS_METHOD, type BlastRadiusDependent, type BlastRadiusParams, type BlastRadiusResult } from '../../server/src/protocol';

export const BLAST_RADIUS_VIEW = 'premortem.blastRadius';

type Element =
  | { readonly kind: 'origin' }
  | { readonly kind: 'group'; readonly label: string; readonly dependents: readonly BlastRadiusDependent[] }
  | { readonly kind: 'dependent'; readonly dependent: BlastRadiusDependent }
  | { readonly kind: 'empty'; readonly label: string };

export class BlastRadiusTree implements TreeDataProvider<Element> {
  private result: NonNullable<BlastRadiusResult> | undefined;
  /** What the tree shows the blast radius of: what "Show as Graph" in its title draws. */
  params: BlastRadiusParams | undefined;
  private readonly changed = new EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  show(result: NonNullable<BlastRadiusResult>, params: BlastRadiusParams): void {
    this.result = result;
    this.params = params;
    this.changed.fire();
  }

  get title(): string | undefined {
    return this.result ? `${this.result.address}: ${this.result.summary}` : undefined;
  }

  getChildren(element?: Element): Element[] {
    if (!this.result) return [];
    // The resource itself heads the tree: in the panel, the view's own title and description are not shown.
    if (!element) return [{ kind: 'origin' }];
    if (element.kind === 'origin') {
      if (this.result.dependents.length === 0) return [{ kind: 'empty', label: `Nothing depends on ${this.result.address}` }];
      const groups = new Map<string, BlastRadiusDependent[]>();
      for (const d of this.result.dependents) groups.set(d.group, [...(groups.get(d.group) ?? []), d]);
      return [...groups].map(([group, dependents]) => ({ kind: 'group', label: `${group} (${dependents.length})`, dependents }));
    }
    return element.kind === 'group' ? element.dependents.map((dependent) => ({ kind: 'dependent', dependent })) : [];
  }

  getTreeItem(element: Element): TreeItem {
    if (element.kind === 'empty') return new TreeItem(element.label);
    if (element.kind === 'origin') {
      const item = new TreeItem(this.result?.address ?? '', TreeItemCollapsibleState.Expanded);
      item.description = this.result?.summary ?? false;
      item.iconPath = new ThemeIcon('flame');
      item.tooltip = 'What depends on it, directly or through other resources, local values, variables and outputs';
      return item;
    }
    if (element.kind === 'group') {
      const item = new TreeItem(element.label, TreeItemCollapsibleState.Expanded);
      item.iconPath = new ThemeIcon('symbol-class');
      return item;
    }
    const { dependent } = element;
    const item = new TreeItem(dependent.address);
    const via = dependent.path.length > 2 ? `via ${dependent.path[dependent.path.length - 2]}` : undefined;
    const location = dependent.location;
    const where = location ? `${workspace.asRelativePath(Uri.parse(location.uri), false)}:${location.range.start.line + 1}` : undefined;
    item.description = [where, via].filter((part) => part !== undefined).join(' · ');
    item.tooltip = new MarkdownString(['`' + dependent.path.join('`  \n→ `') + '`', ...(where ? ['', where] : [])].join('\n'));
    item.iconPath = new ThemeIcon(dependent.type === 'output' ? 'output' : dependent.type === 'module' ? 'package' : 'symbol-field');
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

/** What a command asks about: the (uri, address) a code lens or the tree passes, else the cursor's resource. */
export function blastRadiusParams(uri?: unknown, address?: unknown): BlastRadiusParams | undefined {
  if (typeof uri === 'string' && typeof address === 'string') return { uri, address };
  const editor = window.activeTextEditor;
  if (!editor) return undefined;
  return { uri: editor.document.uri.toString(), position: { line: editor.selection.active.line, character: editor.selection.active.character } };
}

/** The command: from a code lens (uri, address) or from the palette (the active editor's cursor). */
export async function showBlastRadius(client: LanguageClient, tree: BlastRadiusTree, view: TreeView<unknown>, uri?: unknown, address?: unknown): Promise<void> {
  const params = blastRadiusParams(uri, address);
  if (!params) {
    void window.showInformationMessage('Put the cursor in a resource block of a Terraform file to see its blast radius.');
    return;
  }
  const result = await client.sendRequest<BlastRadiusResult>(BLAST_RADIUS_METHOD, params);
  if (!result) {
    void window.showInformationMessage('No resource, data source or module call here: put the cursor inside one to see its blast radius.');
    return;
  }
  tree.show(result, params);
  view.title = 'Blast Radius';
  view.description = tree.title ?? '';
  await commands.executeCommand('setContext', 'premortem.blastRadius.shown', true);
  await commands.executeCommand(`${BLAST_RADIUS_VIEW}.focus`);
}
