// One finding per location and rule, however many module instances reach it: a module called three
// times with the same risky literal is reported once, naming the three instances. Findings of a root
// module (no instances) stay as they are, the same finding from several count instances aside.
import type { Finding, RelatedInformation } from '../finding';

/** How many instance addresses a message names before it counts the rest. */
const NAMED_IN_MESSAGE = 3;
/** How many related locations a finding merged from many instances keeps (each instance brings its calls). */
const MAX_RELATED = 24;

/** The message with the instances it is about in front: `module.a.aws_x.y and module.b.aws_x.y: …`. */
function withInstances(message: string, instances: readonly string[]): string {
  return instances.length === 0 ? message : `${describeInstances(instances)}: ${message}`;
}

/** The message without the instances `withInstances` put in front of it. */
function baseMessage(finding: Finding): string {
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
 * Merges findings at one location that say the same thing (rule and message, the instance names aside):
 * the same finding reached through several instances is one, naming every instance in front of its
 * message (a message may come with or without them: a tree's findings before its merge, or after). Order
 * is kept.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const merged = new Map<string, { finding: Finding; instances: Set<string>; related: Map<string, RelatedInformation> }>();
  for (const finding of findings) {
    const instances = finding.instances ?? [];
    const key = `${finding.ruleId}\u0000${finding.file}\u0000${finding.range.start.offset}\u0000${finding.range.end.offset}\u0000${finding.severity}\u0000${instances.length > 0 ? baseMessage(finding) : finding.message}`;
    let seen = merged.get(key);
    if (!seen) merged.set(key, (seen = { finding, instances: new Set(), related: new Map() }));
    for (const name of instances) seen.instances.add(name);
    // Each instance's way there (its calls, what brings it into being) is kept, up to a limit.
    for (const item of finding.related ?? []) {
      if (seen.related.size >= MAX_RELATED) break;
      const relatedKey = `${item.file}\u0000${item.range.start.offset}\u0000${item.range.end.offset}\u0000${item.message}`;
      if (!seen.related.has(relatedKey)) seen.related.set(relatedKey, item);
    }
  }
  return [...merged.values()].map(({ finding, instances, related }) => {
    if (instances.size === 0) return finding;
    const names = [...instances].sort();
    return {
      ...finding,
      message: withInstances(baseMessage(finding), names),
      instances: names,
      ...(related.size > 0 ? { related: [...related.values()] } : {}),
    };
  });
}
