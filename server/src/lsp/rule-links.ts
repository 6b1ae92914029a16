// Where the editor's links to a rule's page lead. premortem's VS Code client opens the page it packages
// (`rules/<id>.md`) in the Markdown preview, offline, through a command, and says so in its initialization
// options; any other client gets the page on the web (core/doc-url.ts), which the hover also offers second.
import { docUrl } from '../core/doc-url';
import { COMMANDS, type InitializationOptions } from '../protocol';

let pagesThroughCommand = false;

/** A rule written as data: its page is its own rule file; its incident's URL, when it has one, is on the web. */
export interface DataRulePage {
  readonly file: string;
  readonly incidentUrl?: string | undefined;
}

let dataRulePages: ReadonlyMap<string, DataRulePage> = new Map();

/** Set at each load of the workspace's rule files (see rule-files.ts). */
export function setDataRulePages(pages: ReadonlyMap<string, DataRulePage>): void {
  dataRulePages = pages;
}

/** Reads the client's initialization options once, at `initialize`. */
export function configureRuleLinks(options: unknown): void {
  pagesThroughCommand = typeof options === 'object' && options !== null && (options as InitializationOptions).ruleDocsCommand === true;
}

/** Whether links open the packaged page through COMMANDS.showDocumentation. */
export function ruleDocsThroughCommand(): boolean {
  return pagesThroughCommand;
}

/**
 * The link to a rule's page: a `command:` URI for the client that opens packaged pages (VS Code runs
 * command links in the Problems panel, the diagnostic hover and trusted markdown), else the web page.
 */
export function ruleDocLink(ruleId: string): string {
  const data = dataRulePages.get(ruleId);
  if (data) return data.file;
  return pagesThroughCommand ? showDocumentationUri(ruleId) : docUrl(ruleId);
}

/** What "Show documentation" opens when the client has no packaged page: a rule file, else the web page. */
export function rulePageOutsideExtension(ruleId: string): string {
  return dataRulePages.get(ruleId)?.file ?? docUrl(ruleId);
}

/** The rule's page on the web (a rule file's incident, else the file itself). */
export function ruleWebLink(ruleId: string): string {
  const data = dataRulePages.get(ruleId);
  if (data) return data.incidentUrl ?? data.file;
  return docUrl(ruleId);
}

export function showDocumentationUri(ruleId: string): string {
  return `command:${COMMANDS.showDocumentation}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}
