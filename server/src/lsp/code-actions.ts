// Code actions from findings. Per finding, in order: each suggestion as a quick fix (the first preferred),
// "Ignore <rule-id> here" (a premortem-ignore comment above the block or argument, its `<reason>` selected
// for the user to type over), and "Show documentation".
// `source.fixAll.premortem` applies only fixes, which cannot change the plan; suggestions never.
// Every edit is a versioned TextDocumentEdit, so the editor refuses it once the document has moved on.
import {
  CodeActionKind,
  type CancellationToken,
  type CodeActionParams,
  OptionalVersionedTextDocumentIdentifier,
  TextDocumentEdit,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { SourceFile, TextEdit } from '../../../rules/api';
import { BUILTIN_RULES } from '../core/lint/builtin-rules';
import type { Finding } from '../core/finding';
import { ignoreCommentEdit, REASON_PLACEHOLDER } from '../core/lint/ignore-comment';
import { COMMANDS, PRODUCT, type DiagnosticData, type SelectRangeArguments } from '../protocol';
import { rangesTouch, toDiagnostic, toLspRange, toLspTextEdit } from './diagnostics';
import { rulePageOutsideExtension } from './rule-links';
import type { Scheduler } from './scheduler';
import { uriToPath } from './uris';
import type { WorkspaceState } from './workspace-state';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${PRODUCT}`;

/** The kinds the server advertises. */
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

export interface CodeActionRequest {
  readonly uri: string;
  readonly file: string;
  /** The document version the findings were computed for (the current one). */
  readonly version: number;
  readonly range: LspRange;
  readonly only?: readonly string[];
  /** The diagnostics the client sent with the request. */
  readonly diagnostics: readonly Diagnostic[];
  /** The document's findings, in diagnostic order. */
  readonly findings: readonly Finding[];
  /** The document's parse at this version: where an ignore comment goes. */
  readonly source: SourceFile | undefined;
  readonly uriOf: (file: string) => string;
  /** The version of another open document an edit touches; null when it is not open. */
  readonly versionOf: (file: string) => number | null;
  /** The client accepts `documentChanges` (versioned edits); otherwise plain `changes` are sent. */
  readonly documentChanges: boolean;
  /** The client applies LSP 3.18 snippet text edits (`workspace.workspaceEdit.snippetEditSupport`). */
  readonly snippetEdits?: boolean;
}

const BUILTIN_IDS = new Set(BUILTIN_RULES.map((meta) => meta.id));

export function codeActions(request: CodeActionRequest): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wants(request.only, CodeActionKind.QuickFix)) {
    for (const index of selectedFindings(request)) actions.push(...findingActions(request, index));
  }
  // Fix-all only when asked for (on save, or from the Source Action menu), never in the light bulb.
  if (request.only && wants(request.only, FIX_ALL_KIND)) {
    const fixAll = fixAllAction(request);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Whether an action of `kind` answers a request restricted to `only` (kinds are hierarchical: `source` covers `source.fixAll`). */
export function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((requested) => requested === '' || kind === requested || kind.startsWith(`${requested}.`));
}

/** Indexes of the findings under the request range, or named by the request's diagnostics. */
function selectedFindings(request: CodeActionRequest): number[] {
  const selected = new Set<number>();
  for (const diagnostic of request.diagnostics) {
    const data = diagnostic.data as Partial<DiagnosticData> | undefined;
    if (data?.version !== request.version || typeof data.findingId !== 'string') continue;
    const index = Number(data.findingId);
    if (request.findings[index]?.ruleId === data.ruleId) selected.add(index);
  }
  request.findings.forEach((finding, index) => {
    if (finding.file === request.file && rangesTouch(toLspRange(finding.range), request.range)) selected.add(index);
  });
  return [...selected].sort((a, b) => a - b);
}

function findingActions(request: CodeActionRequest, index: number): CodeAction[] {
  const finding = request.findings[index]!;
  const diagnostic = toDiagnostic(finding, String(index), request.version, request.uriOf);
  const actions: CodeAction[] = [];
  (finding.suggestions ?? []).forEach((suggestion, i) => {
    actions.push({
      title: suggestion.message,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      ...(i === 0 ? { isPreferred: true } : {}),
      edit: workspaceEdit(request, suggestion.edits),
    });
  });
  if (!BUILTIN_IDS.has(finding.ruleId) && request.source) {
    const edit = ignoreCommentEdit(request.source, finding.ruleId, finding.range);
    if (edit)
      actions.push({ title: `Ignore ${finding.ruleId} here`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], ...ignoreAction(request, edit) });
  }
  actions.push({
    title: `Show documentation for ${finding.ruleId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: {
      title: `Show documentation for ${finding.ruleId}`,
      command: COMMANDS.showDocumentation,
      arguments: [finding.ruleId, rulePageOutsideExtension(finding.ruleId)],
    },
  });
  return actions;
}

/**
 * The ignore comment's edit, with its `<reason>` placeholder selected for the user to type over: a snippet
 * edit where the client takes them, else plain text and a command the client runs after applying it,
 * which selects the placeholder. (A comment added to an existing one has no placeholder.)
 */
function ignoreAction(request: CodeActionRequest, edit: TextEdit): Pick<CodeAction, 'edit' | 'command'> {
  const at = edit.newText.indexOf(REASON_PLACEHOLDER);
  if (at === -1 || edit.newText.lastIndexOf('\n', at) !== -1) return { edit: workspaceEdit(request, [edit]) };
  if (request.snippetEdits && request.documentChanges) {
    const value = `${escapeSnippet(edit.newText.slice(0, at))}\${1:${escapeSnippet(REASON_PLACEHOLDER)}}${escapeSnippet(edit.newText.slice(at + REASON_PLACEHOLDER.length))}`;
    const snippet: SnippetTextEdit = { range: toLspRange(edit.range), snippet: { kind: 'snippet', value } };
    return {
      edit: {
        documentChanges: [
          TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(request.uri, request.version), [snippet as unknown as LspTextEdit]),
        ],
      },
    };
  }
  const start = toLspRange(edit.range).start;
  const reason: LspRange = {
    start: { line: start.line, character: start.character + at },
    end: { line: start.line, character: start.character + at + REASON_PLACEHOLDER.length },
  };
  const args: SelectRangeArguments = [request.uri, reason];
  return { edit: workspaceEdit(request, [edit]), command: { title: 'Select the reason', command: COMMANDS.selectRange, arguments: args } };
}

/** LSP 3.18's snippet text edit (vscode-languageserver-protocol 3.17 has no type for it yet). */
interface SnippetTextEdit {
  readonly range: LspRange;
  readonly snippet: { readonly kind: 'snippet'; readonly value: string };
}

/** Text taken literally inside a snippet. */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** Whether the client applies LSP 3.18 snippet text edits in workspace edits. */
export function supportsSnippetEdits(capabilities: ClientCapabilities): boolean {
  const workspaceEdit = capabilities.workspace?.workspaceEdit as { snippetEditSupport?: unknown } | undefined;
  return workspaceEdit?.snippetEditSupport === true && capabilities.workspace?.workspaceEdit?.documentChanges === true;
}

/** Every fix of the document's findings that does not collide with one taken before it. */
function fixAllAction(request: CodeActionRequest): CodeAction | undefined {
  const taken: TextEdit[] = [];
  for (const finding of request.findings) {
    if (finding.file !== request.file || !finding.fix || finding.fix.length === 0) continue;
    if (finding.fix.some((edit) => taken.some((other) => collide(edit, other)))) continue;
    taken.push(...finding.fix);
  }
  if (taken.length === 0) return undefined;
  return { title: `Fix all ${PRODUCT} problems that cannot change the plan`, kind: FIX_ALL_KIND, edit: workspaceEdit(request, taken) };
}

function collide(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  const [aStart, aEnd, bStart, bEnd] = [a.range.start.offset, a.range.end.offset, b.range.start.offset, b.range.end.offset];
  return (aStart < bEnd && bStart < aEnd) || aStart === bStart;
}

/** Model edits as a workspace edit: one versioned TextDocumentEdit per file, in the order first edited. */
function workspaceEdit(request: CodeActionRequest, edits: readonly TextEdit[]): WorkspaceEdit {
  const byFile = new Map<string, LspTextEdit[]>();
  for (const edit of edits) {
    const list = byFile.get(edit.file) ?? [];
    list.push(toLspTextEdit(edit));
    byFile.set(edit.file, list);
  }
  if (!request.documentChanges) {
    return { changes: Object.fromEntries([...byFile].map(([file, list]) => [request.uriOf(file), list])) };
  }
  return {
    documentChanges: [...byFile].map(([file, list]) => {
      const version = file === request.file ? request.version : request.versionOf(file);
      return TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(file === request.file ? request.uri : request.uriOf(file), version), list);
    }),
  };
}

/**
 * The textDocument/codeAction handler: findings for the document's current version, then the actions. A
 * cancelled request gets no actions: none are built before the lint, nor after it once the client gave up.
 */
export async function provideCodeActions(
  params: CodeActionParams,
  state: WorkspaceState,
  scheduler: Scheduler,
  documentChanges: boolean,
  token: CancellationToken,
  snippetEdits = false,
): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const file = uriToPath(uri);
  if (file === undefined || !state.isOpen(file) || token.isCancellationRequested) return [];
  const current = await scheduler.currentFindings(uri, file);
  if (!current || current.findings.length === 0 || token.isCancellationRequested) return [];
  return codeActions({
    uri,
    file,
    version: current.version,
    range: params.range,
    ...(params.context.only ? { only: params.context.only } : {}),
    diagnostics: params.context.diagnostics,
    findings: current.findings,
    source: state.sourceOf(file),
    uriOf: (f) => state.uriOf(f),
    versionOf: (f) => state.document(f)?.version ?? null,
    documentChanges,
    snippetEdits,
  });
}
