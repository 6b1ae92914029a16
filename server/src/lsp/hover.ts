// Hover over a finding: what goes wrong, which incident the rule comes from, and the fix, with a link to
// the rule's documentation.
import { MarkupKind, type CancellationToken, type Hover, type HoverParams, type Position as LspPosition } from 'vscode-languageserver/node';
import type { RuleMeta } from '../../../rules/api';
import type { Finding } from '../core/finding';
import { PRODUCT } from '../protocol';
import { rangeContains, toLspRange } from './diagnostics';
import { ruleDocLink, ruleDocsThroughCommand, ruleWebLink } from './rule-links';
import type { Scheduler } from './scheduler';
import { uriToPath } from './uris';
import type { WorkspaceState } from './workspace-state';

/**
 * The textDocument/hover handler: findings under the cursor, for the document's current version. A cancelled
 * request (the cursor moved on) gets null without a lint, or without the answer once the lint is done.
 */
export async function provideHover(
  params: HoverParams,
  state: WorkspaceState,
  scheduler: Scheduler,
  metas: ReadonlyMap<string, RuleMeta>,
  token: CancellationToken,
): Promise<Hover | null> {
  const file = uriToPath(params.textDocument.uri);
  if (file === undefined || !state.isOpen(file) || token.isCancellationRequested) return null;
  const current = await scheduler.currentFindings(params.textDocument.uri, file);
  if (token.isCancellationRequested) return null;
  return (current && hoverFor(current.findings, file, params.position, metas)) ?? null;
}

export function hoverFor(findings: readonly Finding[], file: string, position: LspPosition, metas: ReadonlyMap<string, RuleMeta>): Hover | undefined {
  const sections: string[] = [];
  let range;
  for (const finding of findings) {
    if (finding.file !== file) continue;
    const findingRange = toLspRange(finding.range);
    if (!rangeContains(findingRange, position)) continue;
    range ??= findingRange;
    sections.push(explain(finding, metas.get(finding.ruleId)));
  }
  if (sections.length === 0) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, ...(range ? { range } : {}) };
}

/**
 * A few lines of markdown about one finding. Not its message: the editor shows the diagnostic's message
 * right above the hover, and saying it twice pushed the rest below a scrollbar.
 */
export function explain(finding: Finding, meta: RuleMeta | undefined): string {
  const lines = [`**${PRODUCT}** \`${finding.ruleId}\` (${finding.severity})`];
  if (meta) {
    lines.push('', `**What happens:** ${escape(meta.description)}`);
    if (meta.incident && meta.incident !== 'any') lines.push('', `**Incident:** ${escape(meta.incident)}`);
  }
  const fixes = [...(finding.suggestions ?? []).map((s) => s.message), ...(finding.fix ? ['a plan-neutral fix is available (Fix all)'] : [])];
  const fix = fixes.length > 0 ? fixes.map(escape).join(' Or: ') : meta ? escape(meta.title) : undefined;
  if (fix) lines.push('', `**Fix:** ${fix}`);
  const page = ruleDocLink(finding.ruleId);
  const webPage = ruleWebLink(finding.ruleId);
  const web = ruleDocsThroughCommand() && webPage !== page ? ` ([on the web](${webPage}))` : '';
  lines.push('', `[Documentation for ${finding.ruleId}](${page})${web}`);
  return lines.join('\n');
}

/** Markdown-escapes text from rules (messages may quote HCL with `*`, `_` or `<`). */
function escape(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

/** A hover with one more markdown section below what it already says (or made of that section alone). */
export function withExtraSection(hover: Hover | null, section: string | undefined): Hover | null {
  if (section === undefined) return hover;
  if (!hover) return { contents: { kind: MarkupKind.Markdown, value: section } };
  const contents = hover.contents as { kind: string; value: string };
  return { ...hover, contents: { kind: MarkupKind.Markdown, value: `${contents.value}\n\n---\n\n${section}` } };
}
