// premortem.openRules: the list of rules, with each rule's severity and incident, in VS Code's Markdown
// preview, offline, from the copy of rules/README.md the extension ships.
import { commands, Uri, workspace } from 'vscode';

export async function openRules(extensionUri: Uri): Promise<void> {
  const readme = Uri.joinPath(extensionUri, 'rules', 'README.md');
  await workspace.fs.stat(readme); // a missing file is an error the command reports, not an empty preview
  await commands.executeCommand('markdown.showPreview', readme);
}
