// `ignore-without-reason`: a premortem-ignore comment must say why. One whose reason is missing, or is
// still the `<reason>` placeholder the editor's "Ignore" quick fix writes, is reported (info by default;
// the CLI's --require-ignore-reason makes it an error, for CI). A comment that names no rule or is attached
// to nothing is unused-suppression's alone: it suppresses nothing whatever its reason.
import type { RuleMeta, Severity } from '../../../../rules/api';
import { IGNORE_WITHOUT_REASON } from './builtin-rules';
import { isRuleEnabled, ruleSeverity, type ResolvedConfig } from '../config/config';
import type { Finding } from '../finding';
import { REASON_PLACEHOLDER } from './ignore-comment';
import type { Suppression } from './suppress';

export function ignoresWithoutReason(suppressions: readonly Suppression[], config: ResolvedConfig): Finding[] {
  if (!isRuleEnabled(config, IGNORE_WITHOUT_REASON)) return [];
  const severity: Severity = ruleSeverity(config, IGNORE_WITHOUT_REASON) ?? IGNORE_WITHOUT_REASON.severity;
  const meta = IGNORE_WITHOUT_REASON as RuleMeta;
  const found: Finding[] = [];
  for (const suppression of suppressions) {
    if (suppression.ruleIds.length === 0 || suppression.detached) continue;
    const messageId = suppression.reason === undefined ? 'missing' : suppression.reason === REASON_PLACEHOLDER ? 'placeholder' : undefined;
    if (!messageId) continue;
    found.push({ ruleId: meta.id, severity, message: meta.messages[messageId]!, messageId, file: suppression.file, range: suppression.range });
  }
  return found;
}

/** --require-ignore-reason: a suppression without a reason is an error, whatever the config says. */
export function requireIgnoreReasons(findings: readonly Finding[]): Finding[] {
  return findings.map((finding) => (finding.ruleId === IGNORE_WITHOUT_REASON.id && finding.severity !== 'error' ? { ...finding, severity: 'error' } : finding));
}
