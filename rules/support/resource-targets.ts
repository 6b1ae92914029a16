// Does an expression name one of a set of resources? Used where one resource points at another by an
// identifier (an alarm's dimensions, a custom endpoint's members): either through a reference to the
// resource, or through a string equal to the identifier the resource is created with.
import { addressOf, asString, type Block, type Expression, type RuleContext, type Value } from '../api';

export interface Targets {
  /** Addresses of the resources: `aws_db_instance.app`. */
  readonly addresses: ReadonlySet<string>;
  /** Their identifiers where the configuration states them. */
  readonly identifiers: ReadonlySet<string>;
  /** False when some target's identifier is not known: then a string that matches none proves nothing. */
  readonly identifiersComplete: boolean;
}

export type Match = 'yes' | 'no' | 'unknown';

/**
 * Builds targets from resource instances and the argument holding each one's identifier
 * (`identifier` for DB instances, `cluster_identifier` for clusters).
 */
export function targetsOf(resources: readonly { readonly instance: Block; readonly identifierArgument: string }[], ctx: RuleContext<string, object>): Targets {
  const addresses = new Set<string>();
  const identifiers = new Set<string>();
  let identifiersComplete = true;
  for (const { instance, identifierArgument } of resources) {
    const address = addressOf(instance);
    if (address) addresses.add(address);
    const identifier = ctx.attributeValue(instance, identifierArgument);
    const text = identifier.known ? asString(identifier.value) : undefined;
    if (text === undefined) identifiersComplete = false;
    else identifiers.add(text);
  }
  return { addresses, identifiers, identifiersComplete };
}

/** Whether an expression evaluated in `within` names one of the targets. */
export function matchesTarget(expr: Expression, within: Block, targets: Targets, ctx: RuleContext<string, object>): Match {
  const references = ctx.referencesIn(expr);
  if (references.some((r) => targets.addresses.has(r.address))) return 'yes';
  const value = ctx.valueOf(expr, within);
  if (value.known) return matchesValue(value.value, targets);
  // An identifier taken from another resource of this module, one we know is not a target, is not ours.
  const onlyOtherResources = references.length > 0 && references.every((r) => r.kind === 'resource' || r.kind === 'each' || r.kind === 'count');
  return onlyOtherResources ? 'no' : 'unknown';
}

/** Whether a known value (a string, or a list of strings) names one of the targets. */
export function matchesValue(value: Value, targets: Targets): Match {
  const items: readonly Value[] = Array.isArray(value) ? (value as readonly Value[]) : [value as Value];
  let unknown = false;
  for (const item of items) {
    const text = asString(item);
    if (text === undefined) unknown = true;
    else if (targets.identifiers.has(text)) return 'yes';
  }
  return unknown || !targets.identifiersComplete ? 'unknown' : 'no';
}
