// Values marked sensitive (by a plan, or by `sensitive = true` on a variable) are never printed: a message
// that would state one says "(sensitive)" instead. A rule's message data is replaced before the message is
// made; text the rule wrote itself (related messages) has sensitive values of four characters or more
// replaced where they stand on their own, since shorter ones (a port, `true`) or parts of longer words would
// blot out ordinary words and numbers.
import type { ReportDescriptor } from '../../../../rules/api';
import type { Finding } from '../finding';

export const REDACTED = '(sensitive)';
const MIN_REPLACED_LENGTH = 4;

/** The report with every data value that is a sensitive value (or holds one) replaced. */
export function redactDescriptor(descriptor: ReportDescriptor, sensitive: ReadonlySet<string>): ReportDescriptor {
  if (sensitive.size === 0 || !descriptor.data) return descriptor;
  const data = redactData(descriptor.data, sensitive);
  return data === descriptor.data ? descriptor : { ...descriptor, data };
}

type MessageData = Readonly<Record<string, string | number>>;

/** The data with every value that is a sensitive value (or holds one) replaced; the same object when none is. */
function redactData(data: MessageData, sensitive: ReadonlySet<string>): MessageData {
  const redacted: Record<string, string | number> = {};
  let changed = false;
  for (const [key, value] of Object.entries(data)) {
    const text = String(value);
    const replaced = sensitive.has(text) ? REDACTED : redactText(text, sensitive);
    redacted[key] = replaced === text ? value : replaced;
    changed ||= replaced !== text;
  }
  return changed ? redacted : data;
}

/** The finding with sensitive values in its messages and message data replaced. */
export function redactFinding(finding: Finding, sensitive: ReadonlySet<string>): Finding {
  if (sensitive.size === 0) return finding;
  const message = redactText(finding.message, sensitive);
  const related = finding.related?.map((r) => ({ ...r, message: redactText(r.message, sensitive) }));
  const suggestions = finding.suggestions?.map((s) => ({ ...s, message: redactText(s.message, sensitive) }));
  const data = finding.data && redactData(finding.data, sensitive);
  return { ...finding, message, ...(data ? { data } : {}), ...(related ? { related } : {}), ...(suggestions ? { suggestions } : {}) };
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
