// Syntax errors as findings of the engine's syntax-error rule, at its configured severity: those of the
// files a lint looks at, and those of var files a scan checks on their own.
import type { SourceFile } from '../../../rules/api';
import { SYNTAX_ERROR } from './builtin-rules';
import { isRuleEnabled, ruleSeverity, type ResolvedConfig } from './config';
import type { Finding } from './finding';

export function syntaxErrorFindings(files: Iterable<SourceFile>, config: ResolvedConfig): Finding[] {
  if (!isRuleEnabled(config, SYNTAX_ERROR)) return [];
  const severity = ruleSeverity(config, SYNTAX_ERROR) ?? 'error';
  const findings: Finding[] = [];
  for (const file of files) {
    for (const error of file.errors) findings.push({ ruleId: SYNTAX_ERROR.id, severity, message: error.message, messageId: 'syntaxError', file: file.path, range: error.range });
  }
  return findings;
}
