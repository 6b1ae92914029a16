// Machine-readable output: a stable, documented shape for scripts. Paths are relative to the working
// directory and positions are 1-based lines and UTF-16 columns; offsets stay internal.
import type { Range, Severity, TextEdit } from '../../../../rules/api';
import type { Finding, RelatedInformation, SuggestionResult } from '../../core/finding';
import { scanNotes } from '../../core/scan-notes';
import { displayPath, inReportOrder, type FormatInput } from './format-input';

interface JsonPosition {
  readonly line: number;
  readonly column: number;
}

interface JsonRange {
  readonly start: JsonPosition;
  readonly end: JsonPosition;
}

interface JsonEdit {
  readonly file: string;
  readonly range: JsonRange;
  readonly newText: string;
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly range: JsonRange;
  /** The module instances it is about, when it is about a child module's instances. */
  readonly instances?: readonly string[];
  /** For a finding about what a plan does to a resource: its address, with module path and instance key. */
  readonly resource?: string;
  readonly related?: readonly { readonly file: string; readonly range: JsonRange; readonly message: string }[];
  readonly suggestions?: readonly { readonly message: string; readonly edits: readonly JsonEdit[] }[];
  readonly fix?: { readonly edits: readonly JsonEdit[] };
}

export interface JsonReport {
  readonly version: string;
  readonly findings: readonly JsonFinding[];
  readonly summary: {
    readonly modules: number;
    readonly files: number;
    readonly findings: number;
    readonly bySeverity: { readonly error: number; readonly warning: number; readonly info: number };
    readonly durationMs: number;
    /** Module instances linted: each root module, and each instance of every module call below it. */
    readonly instances?: number;
    /** Module calls with a remote source that was not downloaded: premortem cannot see inside them. */
    readonly opaqueModuleCalls?: number;
  };
  /** With --new-since or --baseline: what the findings were compared with; only findings it lacked are listed. */
  readonly comparedWith?: {
    readonly revision?: { readonly name: string; readonly commit: string; readonly changedFiles: number };
    readonly baseline?: string;
    /** Findings left out because the revision or the baseline had them. */
    readonly notNew: number;
  };
  /** What the run says about itself: the module calls it could not see into. */
  readonly notes?: readonly {
    readonly id: string;
    readonly message: string;
    readonly locations: readonly { readonly file: string; readonly range: JsonRange; readonly source: string }[];
  }[];
}

export function formatJson(input: FormatInput): string {
  const { summary } = input.result;
  let report: JsonReport = {
    version: input.version,
    findings: inReportOrder(input.result.findings, input.cwd).map((finding) => toJsonFinding(finding, input.cwd)),
    summary: {
      modules: summary.modules,
      files: summary.files,
      findings: summary.findings,
      bySeverity: {
        error: summary.bySeverity.error,
        warning: summary.bySeverity.warning,
        info: summary.bySeverity.info,
      },
      durationMs: Math.round(summary.durationMs),
      ...(summary.instances !== undefined && { instances: summary.instances }),
      ...(summary.opaqueModuleCalls !== undefined && { opaqueModuleCalls: summary.opaqueModuleCalls }),
    },
    ...(input.result.comparedWith && { comparedWith: input.result.comparedWith }),
  };
  const notes = scanNotes(input.result);
  if (notes.length > 0) {
    report = {
      ...report,
      notes: notes.map((note) => ({
        id: note.id,
        message: note.message,
        locations: note.calls.map((call) => ({ file: displayPath(call.file, input.cwd), range: toJsonRange(call.range), source: call.source })),
      })),
    };
  }
  return JSON.stringify(report, null, 2) + '\n';
}

export function toJsonFinding(finding: Finding, cwd: string): JsonFinding {
  const related = finding.related ?? [];
  const suggestions = finding.suggestions ?? [];
  const fix = finding.fix ?? [];
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: displayPath(finding.file, cwd),
    range: toJsonRange(finding.range),
    ...(finding.instances && finding.instances.length > 0 && { instances: finding.instances }),
    ...(finding.resource !== undefined && { resource: finding.resource }),
    ...(related.length > 0 && { related: related.map((item) => toJsonRelated(item, cwd)) }),
    ...(suggestions.length > 0 && { suggestions: suggestions.map((item) => toJsonSuggestion(item, cwd)) }),
    ...(fix.length > 0 && { fix: { edits: fix.map((edit) => toJsonEdit(edit, cwd)) } }),
  };
}

function toJsonRelated(related: RelatedInformation, cwd: string): NonNullable<JsonFinding['related']>[number] {
  return { file: displayPath(related.file, cwd), range: toJsonRange(related.range), message: related.message };
}

function toJsonSuggestion(suggestion: SuggestionResult, cwd: string): NonNullable<JsonFinding['suggestions']>[number] {
  return { message: suggestion.message, edits: suggestion.edits.map((edit) => toJsonEdit(edit, cwd)) };
}

function toJsonEdit(edit: TextEdit, cwd: string): JsonEdit {
  return { file: displayPath(edit.file, cwd), range: toJsonRange(edit.range), newText: edit.newText };
}

function toJsonRange(range: Range): JsonRange {
  return {
    start: { line: range.start.line, column: range.start.column },
    end: { line: range.end.line, column: range.end.column },
  };
}
