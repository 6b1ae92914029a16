// What every output format receives, and the two conventions they share: how a file is named
// and in which order findings are listed.
import * as path from 'node:path';
import type { RuleMeta } from '../../../../rules/api';
import type { Finding, ScanResult } from '../../core/finding';

export interface FormatInput {
  readonly result: ScanResult;
  /** Every rule that ran, built-ins included (`syntax-error`, `unused-suppression`). */
  readonly rules: readonly RuleMeta[];
  /** File paths are printed relative to this directory. */
  readonly cwd: string;
  /** premortem's version. */
  readonly version: string;
  /** ANSI colours; only the text format uses them. */
  readonly color: boolean;
  /** The terminal's width, for the text format to wrap messages to; undefined (no wrapping) when not a terminal. */
  readonly width?: number;
}

/**
 * The path relative to `cwd`, with forward slashes on every OS so output does not depend on where it
 * was produced. A file on another Windows drive has no relative path and keeps its absolute one.
 * `paths` is a parameter only so tests can exercise Windows semantics on any OS.
 */
export function displayPath(file: string, cwd: string, paths: path.PlatformPath = path): string {
  const relative = paths.relative(cwd, file);
  return paths.sep === '/' ? relative : relative.split(paths.sep).join('/');
}

/** Findings by printed path, line, column and rule id; the message breaks remaining ties. */
export function inReportOrder(findings: readonly Finding[], cwd: string): Finding[] {
  const keyed = findings.map((finding) => ({ finding, file: displayPath(finding.file, cwd) }));
  keyed.sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.finding.range.start.line - b.finding.range.start.line ||
      a.finding.range.start.column - b.finding.range.start.column ||
      compareStrings(a.finding.ruleId, b.finding.ruleId) ||
      compareStrings(a.finding.message, b.finding.message),
  );
  return keyed.map((entry) => entry.finding);
}

/** Code-unit order: unlike localeCompare, the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
