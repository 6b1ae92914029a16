// Findings to LSP diagnostics, and the one place where model coordinates (1-based lines and columns,
// UTF-16) become LSP coordinates (0-based lines and characters, UTF-16). Everything else in the server
// goes through these functions.
import {
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  type Position as LspPosition,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { Position, Range, Severity, TextEdit } from '../../../rules/api';
import { UNUSED_SUPPRESSION } from '../core/lint/builtin-rules';
import type { Finding } from '../core/finding';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from '../protocol';
import { ruleDocLink } from './rule-links';

export function toLspPosition(position: Position): LspPosition {
  return { line: position.line - 1, character: position.column - 1 };
}

/** Reads the lazy `start` and `end` of a model range once each. */
export function toLspRange(range: Range): LspRange {
  return { start: toLspPosition(range.start), end: toLspPosition(range.end) };
}

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
  }
}

export function toLspTextEdit(edit: TextEdit): LspTextEdit {
  return { range: toLspRange(edit.range), newText: edit.newText };
}

/**
 * One finding as a diagnostic. `findingId` and `version` go into `data`, so a code action can find the
 * finding again; `uriOf` turns the paths of related locations into URIs.
 */
export function toDiagnostic(finding: Finding, findingId: string, version: number | null, uriOf: (file: string) => string): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, findingId, version };
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: toLspSeverity(finding.severity),
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocLink(finding.ruleId) },
    message: finding.message,
    data,
  };
  if (finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri: uriOf(r.file), range: toLspRange(r.range) }, message: r.message }));
  }
  if (finding.ruleId === UNUSED_SUPPRESSION.id) diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

export function comparePositions(a: LspPosition, b: LspPosition): number {
  return a.line - b.line || a.character - b.character;
}

/** Whether two ranges share at least one position (touching counts: a cursor at a range's end is on it). */
export function rangesTouch(a: LspRange, b: LspRange): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

export function rangeContains(range: LspRange, position: LspPosition): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}
