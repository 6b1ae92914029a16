// A file's problems as findings of the engine's pseudo-rules, each at its configured severity: syntax
// errors (syntax-error), JSON of the wrong shape (json-schema-error), files that cannot be read
// (unreadable-file) or are not text (non-text-file). Those
// of the files a lint looks at, and those of var files a scan checks on their own.
import type { ParseErrorKind, RuleMeta, SourceFile } from '../../../../rules/api';
import { JSON_SCHEMA_ERROR, NON_TEXT_FILE, SYNTAX_ERROR, UNREADABLE_FILE } from './builtin-rules';
import { isRuleEnabled, ruleSeverity, type ResolvedConfig } from '../config/config';
import type { Finding } from '../finding';

const RULE_OF_KIND: Readonly<Record<ParseErrorKind, RuleMeta>> = {
  unreadable: UNREADABLE_FILE,
  'not-text': NON_TEXT_FILE,
  'json-schema': JSON_SCHEMA_ERROR,
};

export function syntaxErrorFindings(files: Iterable<SourceFile>, config: ResolvedConfig): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    for (const error of file.errors) {
      const meta = error.kind ? RULE_OF_KIND[error.kind] : SYNTAX_ERROR;
      if (!isRuleEnabled(config, meta)) continue;
      const messageId = Object.keys(meta.messages)[0]!;
      findings.push({
        ruleId: meta.id,
        severity: ruleSeverity(config, meta) ?? meta.severity,
        message: error.message,
        messageId,
        file: file.path,
        range: error.range,
      });
    }
  }
  return findings;
}
