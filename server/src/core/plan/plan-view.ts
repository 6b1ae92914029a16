// The plan as a rule about plan actions sees it (rules/api.ts `Plan`): the resource changes, and what in the
// configuration the plan was made from refers to a resource. References come from the plan's own account of
// that configuration (its `configuration` section, which covers modules premortem cannot read as well),
// within the module instance that declares the resource, and out of it through the module's outputs.
import type { Plan, PlanReference, ResourceChange } from '../../../../rules/api';
import { configAt } from './planned-module';
import { parseInstanceKey, splitAddress } from './read-plan';
import type { PlannedExpression, PlannedModuleConfig, PlanValues } from './plan-values';

export function planView(values: PlanValues): Plan {
  const byAddress = new Map(values.changes.map((change) => [change.address, change]));
  /** Instances by module instance and resource address within it (`module.a["x"]` and `aws_lb.web`). */
  const byResource = new Map<string, ResourceChange[]>();
  for (const change of values.changes) {
    const key = resourceKey(change.moduleAddress, localAddress(change));
    const list = byResource.get(key);
    if (list) list.push(change);
    else byResource.set(key, [change]);
  }
  const instancesOf = (moduleAddress: string, address: string): readonly ResourceChange[] => byResource.get(resourceKey(moduleAddress, address)) ?? [];
  return {
    changes: values.changes,
    change: (address) => byAddress.get(address),
    referencesTo: (change) =>
      referrers(values.root, instancesOf, change.moduleAddress, (reference) => namesResource(reference, localAddress(change), change.index), undefined),
  };
}

/** `aws_lb.web`, `data.aws_ami.x`: a change's address within its module, without its key. */
export function localAddress(change: ResourceChange): string {
  return `${change.mode === 'data' ? 'data.' : ''}${change.type}.${change.name}`;
}

function resourceKey(moduleAddress: string, address: string): string {
  return `${moduleAddress}\u0000${address}`;
}

/** A reference, and the other references of the same expression (a keyed one makes a bare one redundant). */
type Matcher = (reference: ParsedReference) => boolean;

interface ParsedReference {
  /** The address the reference starts with, without keys: `aws_lb.web`, `module.edge.public_ip`. */
  readonly text: string;
  /** The key right after the resource or module call, when there is one. */
  readonly key?: string | number;
}

/**
 * The resource instances of the module instance at `moduleAddress` whose arguments hold a reference that
 * `matches`, then, through the outputs of that module that hold one, those of its caller that read them.
 */
function referrers(
  root: PlannedModuleConfig,
  instancesOf: (moduleAddress: string, address: string) => readonly ResourceChange[],
  moduleAddress: string,
  matches: Matcher,
  through: string | undefined,
): PlanReference[] {
  const config = configAt(root, moduleAddress);
  if (!config) return [];
  const found: PlanReference[] = [];
  for (const [address, expressions] of config.expressions) {
    for (const [argument, expression] of Object.entries(expressions)) {
      if (!referenceLists(expression).some((list) => refersTo(list, matches))) continue;
      for (const from of instancesOf(moduleAddress, address)) found.push({ from, argument, ...(through !== undefined ? { through } : {}) });
    }
  }
  const call = lastCall(moduleAddress);
  if (call) {
    for (const [output, references] of config.outputs) {
      if (!refersTo(references, matches)) continue;
      const readsOutput: Matcher = (reference) =>
        reference.text.startsWith(`module.${call.name}.${output}`) &&
        isOutputName(reference.text, `module.${call.name}.${output}`) &&
        (reference.key === undefined || reference.key === call.key);
      found.push(...referrers(root, instancesOf, call.parent, readsOutput, `${moduleAddress}.${output}`));
    }
  }
  return found;
}

/** `module.edge.public_ip` names the output `public_ip`, and so does `module.edge.public_ip.x`; `module.edge.public_ip_v6` does not. */
function isOutputName(text: string, output: string): boolean {
  return text.length === output.length || text[output.length] === '.';
}

/**
 * Whether one expression's references name the resource. Terraform lists `aws_x.y[0].id` with `aws_x.y`
 * as well: where a reference gives the key, the bare one says nothing more.
 */
function refersTo(references: readonly string[], matches: Matcher): boolean {
  const parsed = references.map(parseReference);
  return parsed.some(
    (reference) => matches(reference) && (reference.key !== undefined || !parsed.some((other) => other.key !== undefined && other.text === reference.text)),
  );
}

/** A reference to a resource (`aws_lb.web`, `aws_x.y[0].id`) at the change's address and key. */
function namesResource(reference: ParsedReference, address: string, index: string | number | undefined): boolean {
  if (reference.text !== address && !reference.text.startsWith(`${address}.`)) return false;
  return reference.key === undefined || index === undefined || reference.key === index;
}

/** `aws_x.y[0].id` → `aws_x.y.id` with key 0; `module.a["k"].out` → `module.a.out` with key "k". */
function parseReference(reference: string): ParsedReference {
  let text = '';
  let key: string | number | undefined;
  for (const segment of splitAddress(reference)) {
    if (segment.startsWith('[')) key ??= parseInstanceKey(segment);
    else text += segment;
  }
  return { text, ...(key !== undefined ? { key } : {}) };
}

/** Every list of references in an argument (one per expression, nested blocks included). */
function referenceLists(expression: PlannedExpression | unknown): (readonly string[])[] {
  if (Array.isArray(expression))
    return expression.flatMap((block) => (typeof block === 'object' && block !== null ? Object.values(block).flatMap(referenceLists) : []));
  if (typeof expression !== 'object' || expression === null) return [];
  const references = (expression as { references?: unknown }).references;
  return Array.isArray(references) ? [references.filter((r): r is string => typeof r === 'string')] : [];
}

/** The last module call of a module instance address: `module.a["x"].module.b[0]` → `b`, key 0, parent `module.a["x"]`. */
function lastCall(moduleAddress: string): { name: string; key?: string | number; parent: string } | undefined {
  if (moduleAddress === '') return undefined;
  const segments = splitAddress(moduleAddress);
  const last = segments[segments.length - 1]!;
  const keyed = last.startsWith('[');
  const nameSegment = keyed ? segments[segments.length - 2]! : last;
  const at = nameSegment.lastIndexOf('module.');
  if (at === -1) return undefined;
  const name = nameSegment.slice(at + 'module.'.length);
  const key = keyed ? parseInstanceKey(last) : undefined;
  const parent = [...segments.slice(0, keyed ? -2 : -1), nameSegment.slice(0, at)].join('').replace(/\.$/, '');
  return { name, ...(key !== undefined ? { key } : {}), parent };
}
