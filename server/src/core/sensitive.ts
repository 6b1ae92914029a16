// Values marked sensitive (by a plan, or by `sensitive = true` on a variable) are never printed: a message
// that would state one says "(sensitive)" instead. A rule's message data is replaced before the message is
// made; text the rule wrote itself (related messages) has sensitive values of four characters or more
// replaced where they stand on their own, since shorter ones (a port, `true`) or parts of longer words would
// blot out ordinary words and numbers.
import type { ReportDescriptor } from '../../../rules/api';
import type { Finding } from './finding';

export const REDACTED = '(sensitive)';
const MIN_REPLACED_LENGTH = 4;

/** The report with every data value that is a sensitive value (or holds one) replaced. */
export function redactDescriptor(descriptor: ReportDescriptor, sensitive: ReadonlySet<string>): ReportDescriptor {
  if (sensitive.size === 0 || !descriptor.data) return descriptor;
  const data: Record<string, string | number> = {};
  let changed = false;
  for (const [key, value] of Object.entries(descriptor.data)) {
    const text = String(value);
    const redacted = sensitive.has(text) ? REDACTED : redactText(text, sensitive);
    data[key] = redacted === text ? value : redacted;
    changed ||= redacted !== text;
  }
  return changed ? { ...descriptor, data } : descriptor;
}

/** The finding with sensitive values in its messages replaced. */
export function redactFinding(finding: Finding, sensitive: ReadonlySet<string>): Finding {
  if (sensitive.size === 0) return finding;
  const message = redactText(finding.message, sensitive);
  const related = finding.related?.map((r) => ({ ...r, message: redactText(r.message, sensitive) }));
  const suggestions = finding.suggestions?.map((s) => ({ ...s, message: redactText(s.message, sensitive) }));
  return { ...finding, message, ...(related ? { related } : {}), ...(suggestions ? { suggestions } : {}) };
}

/** The text with each sensitive value that stands on its own (not inside a longer word or number) replaced. */
function redactText(text: string, sensitive: ReadonlySet<string>): string {
  let out = text;
  for (const value of [...sensitive].filter((v) => v.length >= MIN_REPLACED_LENGTH).sort((a, b) => b.length - a.length)) {
    if (!out.includes(value)) continue;
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`, 'g'), REDACTED);
  }
  return out;
}
