// One finding per location and rule, however many module instances reach it: a module called three
// times with the same risky literal is reported once, naming the three instances. Findings of a root
// module (no instances) stay as they are, the same finding from several count instances aside.
import { severityAtLeast, type Finding, type RelatedInformation } from '../finding';

/** How many instance addresses a message names before it counts the rest. */
const NAMED_IN_MESSAGE = 3;

/** The message with the instances it is about in front: `module.a.aws_x.y and module.b.aws_x.y: …`. */
export function withInstances(message: string, instances: readonly string[]): string {
  return instances.length === 0 ? message : `${describeInstances(instances)}: ${message}`;
}

/** The message without the instances `withInstances` put in front of it. */
export function baseMessage(finding: Finding): string {
  const instances = finding.instances ?? [];
  if (instances.length === 0) return finding.message;
  const prefix = `${describeInstances(instances)}: `;
  return finding.message.startsWith(prefix) ? finding.message.slice(prefix.length) : finding.message;
}

function describeInstances(instances: readonly string[]): string {
  if (instances.length === 1) return instances[0]!;
  if (instances.length <= NAMED_IN_MESSAGE) return `${instances.slice(0, -1).join(', ')} and ${instances[instances.length - 1]}`;
  const rest = instances.length - (NAMED_IN_MESSAGE - 1);
  return `${instances.slice(0, NAMED_IN_MESSAGE - 1).join(', ')} and ${rest} other instances`;
}

/**
 * Merges findings at one location: those about module instances by rule, keeping the most severe and
 * naming every instance; the rest by rule and message, as duplicates of each other. Order is kept.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const merged = new Map<string, { finding: Finding; instances: string[]; related: RelatedInformation[] }>();
  for (const finding of findings) {
    const instances = finding.instances ?? [];
    const key = `${finding.ruleId}\u0000${finding.file}\u0000${finding.range.start.offset}\u0000${finding.range.end.offset}\u0000${instances.length > 0 ? '' : finding.message}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { finding, instances: [...instances], related: [...(finding.related ?? [])] });
      continue;
    }
    for (const name of instances) if (!seen.instances.includes(name)) seen.instances.push(name);
    // Each instance's way there (its calls, what brings it into being) is kept.
    for (const item of finding.related ?? []) if (!seen.related.some((r) => sameRelated(r, item))) seen.related.push(item);
    if (seen.finding.severity !== finding.severity && severityAtLeast(finding.severity, seen.finding.severity)) seen.finding = finding;
  }
  return [...merged.values()].map(({ finding, instances, related }) => {
    if (instances.length === 0) return finding;
    const names = [...instances].sort();
    return { ...finding, message: withInstances(baseMessage(finding), names), instances: names, ...(related.length > 0 ? { related } : {}) };
  });
}

function sameRelated(a: RelatedInformation, b: RelatedInformation): boolean {
  return a.file === b.file && a.range.start.offset === b.range.start.offset && a.range.end.offset === b.range.end.offset && a.message === b.message;
}
