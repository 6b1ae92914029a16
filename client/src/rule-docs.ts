// "Show documentation", the hover's link and the Problems panel's code link: a rule's page, packaged with
// the extension as rules/<id>.md, opens in VS Code's Markdown preview, offline. Pages link to each other
// relatively, and the preview follows those links to the packaged pages. A rule without a packaged page
// opens the page the caller gave: a rule file (a rule written as data is its own page) or a web page.
import { commands, env, Uri, window, workspace, type ExtensionContext } from 'vscode';

/** A rule id as the rules and the built-in checks spell them; anything else is not a page name. */
const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The rule id from the command's arguments: an id, or (from older servers) the page's web URL. */
export function ruleIdOf(argument: unknown): string | undefined {
  if (typeof argument !== 'string') return undefined;
  const id = /^https:\/\/.*\/rules\/([^/]+)\.md$/.exec(argument)?.[1] ?? argument;
  return RULE_ID.test(id) ? id : undefined;
}

/** The packaged page of a rule, if the extension carries one. */
async function packagedPage(context: ExtensionContext, ruleId: string): Promise<Uri | undefined> {
  const page = Uri.joinPath(context.extensionUri, 'rules', `${ruleId}.md`);
  try {
    await workspace.fs.stat(page);
    return page;
  } catch {
    return undefined;
  }
}

export async function showRuleDocumentation(context: ExtensionContext, argument: unknown, webUrl?: unknown): Promise<void> {
  const ruleId = ruleIdOf(argument);
  const page = ruleId === undefined ? undefined : await packagedPage(context, ruleId);
  if (page) {
    await commands.executeCommand('markdown.showPreview', page);
    return;
  }
  if (typeof webUrl === 'string' && /^file:/.test(webUrl)) await window.showTextDocument(Uri.parse(webUrl));
  else if (typeof webUrl === 'string' && /^https:\/\//.test(webUrl)) await env.openExternal(Uri.parse(webUrl));
  else void window.showWarningMessage(`premortem has no page for ${typeof argument === 'string' ? argument : 'this rule'}.`);
}
