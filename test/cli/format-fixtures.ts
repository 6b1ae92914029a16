// Hand-built scan results shared by the formatter tests.
import * as path from 'node:path';
import type { Range, RuleMeta, Severity } from '../../rules/api';
import type { Finding, ScanResult } from '../../server/src/core/finding';
import type { FormatInput } from '../../server/src/cli/output/formatters';

export const CWD = path.resolve('/proj');

export function at(relativeFile: string): string {
  return path.join(CWD, ...relativeFile.split('/'));
}

export function range(line: number, column: number, endLine = line, endColumn = column + 1): Range {
  return { start: { line, column, offset: 0 }, end: { line: endLine, column: endColumn, offset: 0 } };
}

export function finding(ruleId: string, severity: Severity, relativeFile: string, where: Range, message: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity, message, messageId: 'default', file: at(relativeFile), range: where, ...extra };
}

export function rule(id: string, severity: Severity, category: RuleMeta['category'] = 'availability'): RuleMeta {
  return {
    id,
    title: `Title of ${id}.`,
    description: `Description of ${id}.`,
    category,
    severity,
    recommended: true,
    appliesTo: [],
    fixable: 'none',
    messages: { default: 'x' },
    incident: 'An incident.',
    since: '0.1.0',
  };
}

export const RULES: readonly RuleMeta[] = [
  rule('aws-lb-deletion-protection', 'error', 'data-loss'),
  rule('aws-s3-bucket-versioning', 'warning', 'recovery'),
  rule('syntax-error', 'error', 'correctness'),
  rule('unused-suppression', 'info', 'correctness'),
];

/** Four findings in three files, deliberately out of order, with related locations, a suggestion, a fix and an é. */
export const FINDINGS: readonly Finding[] = [
  finding('aws-s3-bucket-versioning', 'warning', 'main.tf', range(12, 3, 12, 30), 'Versioning is off, so a deleted object is gone for good.', {
    suggestions: [
      {
        messageId: 'enable',
        message: 'Enable versioning.',
        edits: [{ file: at('main.tf'), range: range(14, 1, 14, 1), newText: '  versioning { enabled = true }\n' }],
      },
    ],
  }),
  finding('aws-lb-deletion-protection', 'error', 'main.tf', range(3, 5, 3, 19), 'Le répertoire « logs » peut être supprimé.', {
    related: [{ file: at('modules/net work/vars.tf'), range: range(7, 1, 7, 9), message: 'Défini ici.' }],
  }),
  finding('unused-suppression', 'info', 'modules/net work/vars.tf', range(1, 1, 1, 40), 'This suppression matches nothing.', {
    fix: [{ file: at('modules/net work/vars.tf'), range: range(1, 1, 2, 1), newText: '' }],
  }),
  finding('syntax-error', 'error', 'b.tf', range(2, 1, 2, 2), 'Missing closing brace "}" for block "resource".'),
];

export function scanResult(findings: readonly Finding[]): ScanResult {
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const item of findings) bySeverity[item.severity]++;
  return { findings, summary: { modules: 2, files: 5, findings: findings.length, bySeverity, durationMs: 120.4 } };
}

export function input(findings: readonly Finding[] = FINDINGS, overrides: Partial<FormatInput> = {}): FormatInput {
  return { result: scanResult(findings), rules: RULES, cwd: CWD, version: '1.2.3', color: false, ...overrides };
}
