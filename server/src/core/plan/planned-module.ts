// A module instance that the plan knows but whose code premortem cannot read (a registry or git module
// that was never downloaded), written out as Terraform from the plan: each resource and data source with
// its planned values, the module's variables, its outputs, and its own module calls. It is parsed like any
// other module, so every rule runs on it. It has no file of its own: it lives under
// `.terraform/premortem-plan/`, and findings in it are reported on the module call in the configuration.
//
// Each argument says what the plan's configuration says of it: a literal stays a literal; an argument
// that passes a variable on keeps the variable, so the caller's value (and where the caller wrote it)
// flows in, when it is the planned value; anything else is the planned value marked as the plan's
// (`premortem_planned`), which a rule can tell from a value the configuration states.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { UNKNOWN, type Value } from '../../../../rules/api';
import { PLANNED_FUNCTION } from '../evaluate';
import { buildModule, type ModuleIndex } from '../module';
import { parseFile } from '../parse';
import { quoteLiteral } from '../hcl/string-literal';
import { parseInstanceKey, splitAddress } from './read-plan';
import type { PlannedExpression, PlannedInstance, PlannedModuleConfig, PlanValues } from './plan-values';

const PLANNED_DIR = 'premortem-plan';
/** What a value the plan cannot know is written as: a call to a function the evaluator does not know. */
const UNKNOWN_TEXT = 'known_after_apply()';
/** Block names that are Terraform's own, never a provider's argument. */
const META_ARGUMENTS: ReadonlySet<string> = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection']);
/** A reference as Terraform lists it in a plan: names, and literal index keys. */
const TRAVERSAL = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\])*$/;

type Expressions = { readonly [name: string]: PlannedExpression } | undefined;

/** Whether a file is a module written from a plan (it exists nowhere on disk). */
export function isPlannedModuleFile(file: string): boolean {
  const parts = file.split(/[\\/]/);
  const at = parts.indexOf('.terraform');
  return at !== -1 && parts[at + 1] === PLANNED_DIR;
}

/** The module instance at `address` (`module.q`, `module.a["x"].module.b`), as the plan has it; undefined when the plan does not know it. */
export function plannedModule(plan: PlanValues, rootDir: string, address: string): ModuleIndex | undefined {
  const config = configAt(plan.root, address);
  if (!config) return undefined;
  // Readable, and one directory per instance whatever its key holds.
  const name = `${address.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}-${createHash('sha1').update(address).digest('hex').slice(0, 10)}`;
  const file = path.join(rootDir, '.terraform', PLANNED_DIR, name, 'main.tf');
  return buildModule(path.dirname(file), [parseFile(file, plannedSource(plan, address, config))]);
}

/** The configuration of the module a call path leads to (instance keys ignored, whatever they hold). */
export function configAt(root: PlannedModuleConfig, address: string): PlannedModuleConfig | undefined {
  const names = splitAddress(address)
    .filter((segment) => !segment.startsWith('['))
    .flatMap((segment) => segment.split('.').filter((part) => part !== ''));
  let config: PlannedModuleConfig | undefined = root;
  for (let i = 0; i < names.length; i += 2) {
    if (names[i] !== 'module' || names[i + 1] === undefined) return undefined;
    config = config?.moduleCalls.get(names[i + 1]!);
  }
  return config;
}

function plannedSource(plan: PlanValues, address: string, config: PlannedModuleConfig): string {
  const out: string[] = [];
  for (const [name, variable] of config.variables)
    if (isIdentifier(name)) out.push(`variable ${quoteLiteral(name)} {${variable.sensitive ? '\n  sensitive = true\n' : ''}}`);
  const groups = new Map<string, PlannedInstance[]>();
  for (const instance of plan.byModule.get(address) ?? []) {
    const key = `${instance.mode} ${instance.type} ${instance.name}`;
    groups.set(key, [...(groups.get(key) ?? []), instance]);
  }
  for (const instances of groups.values()) {
    const first = instances[0]!;
    const expressions = config.expressions.get(`${first.mode === 'data' ? 'data.' : ''}${first.type}.${first.name}`);
    const block = resourceBlock(instances, expressions);
    if (block !== undefined) out.push(block);
  }
  for (const [name, references] of config.outputs)
    if (isIdentifier(name)) out.push(`output ${quoteLiteral(name)} {\n  value = ${outputReference(references) ?? UNKNOWN_TEXT}\n}`);
  for (const [name, call] of config.moduleCalls) if (isIdentifier(name)) out.push(moduleCall(plan, address, name, call));
  return out.join('\n\n') + '\n';
}

/**
 * One resource or data block for all instances of it: the values themselves, or per-instance lookups
 * under count or for_each. Undefined for instances whose keys Terraform could not have made.
 */
function resourceBlock(instances: readonly PlannedInstance[], expressions: Expressions): string | undefined {
  const first = instances[0]!;
  if (!isIdentifier(first.type) || !isIdentifier(first.name)) return undefined;
  const header = `${first.mode === 'data' ? 'data' : 'resource'} ${quoteLiteral(first.type)} ${quoteLiteral(first.name)} {`;
  const keyed = instances.filter((i) => i.index !== undefined);
  if (keyed.length === 0) return [header, ...body(first.values, expressions, '  ', true), '}'].join('\n');
  const numbered = keyed.every((i) => typeof i.index === 'number');
  // count makes 0 to n-1: other numbers did not come from Terraform.
  if (numbered && !keyed.every((i) => Number.isInteger(i.index) && (i.index as number) >= 0 && (i.index as number) < keyed.length)) return undefined;
  if (!numbered && !keyed.every((i) => typeof i.index === 'string')) return undefined;
  const expansion = numbered ? `  count = ${keyed.length}` : `  for_each = ${hcl(Object.fromEntries(keyed.map((i) => [String(i.index), true])))}`;
  // One instance: its values as they are (a literal stays a literal).
  if (keyed.length === 1) return [header, expansion, ...body(keyed[0]!.values, expressions, '  ', true), '}'].join('\n');
  const selector = numbered ? 'count.index' : 'each.key';
  const lines = [header, expansion];
  const ordered = numbered ? [...keyed].sort((a, b) => (a.index as number) - (b.index as number)) : keyed;
  for (const name of new Set(keyed.flatMap((i) => Object.keys(i.values)))) {
    if (!isIdentifier(name) || META_ARGUMENTS.has(name)) continue;
    const values = ordered.map((i) => (Object.prototype.hasOwnProperty.call(i.values, name) ? i.values[name]! : null));
    const lookup = `${numbered ? hcl(values) : hcl(Object.fromEntries(ordered.map((i, n) => [String(i.index), values[n]!])))}[${selector}]`;
    if (values.every(isBlockList)) lines.push(...dynamicBlock(name, lookup, values, '  '));
    else lines.push(`  ${name} = ${argument(lookup, expressions?.[name])}`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Attributes, and lists of objects as nested blocks (what the provider's blocks look like in a plan). */
function body(values: { readonly [name: string]: Value }, expressions: Expressions, indent: string, topLevel: boolean): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (!isIdentifier(name) || (topLevel && META_ARGUMENTS.has(name))) continue;
    const written = expressions?.[name];
    if (isBlockList(value)) {
      (value as readonly Value[]).forEach((element, i) => {
        const nested = Array.isArray(written) ? (written[i] as Expressions) : undefined;
        lines.push(`${indent}${name} {`, ...body(element as Record<string, Value>, nested, `${indent}  `, false), `${indent}}`);
      });
    } else lines.push(`${indent}${name} = ${argument(hcl(value), written)}`);
  }
  return lines;
}

/**
 * An argument as the configuration writes it: the value as a literal where the configuration has a
 * literal; otherwise the value marked as the plan's, after the variable it passes on, if it does.
 */
function argument(valueText: string, written: PlannedExpression | undefined): string {
  if (written && !Array.isArray(written) && 'constant_value' in written) return valueText;
  const references = written && !Array.isArray(written) ? (written as { references?: readonly string[] }).references : undefined;
  const chain = references ? onlyChain(references) : undefined;
  const stated = chain?.startsWith('var.') ? chain : UNKNOWN_TEXT;
  return `${PLANNED_FUNCTION}(${stated}, ${valueText})`;
}

/** Nested blocks that differ per instance: a dynamic block over the instance's list, every value the plan's. */
function dynamicBlock(name: string, forEach: string, lists: readonly Value[], indent: string): string[] {
  const elements = lists.flatMap((list) => (Array.isArray(list) ? (list as readonly Value[]) : [])) as Record<string, Value>[];
  const keys = new Set(elements.flatMap((e) => Object.keys(e)));
  const lines = [`${indent}dynamic ${quoteLiteral(name)} {`, `${indent}  for_each = ${forEach}`, `${indent}  content {`];
  for (const key of keys) {
    if (!isIdentifier(key)) continue;
    const values = elements.map((e) => (Object.prototype.hasOwnProperty.call(e, key) ? e[key]! : null));
    if (values.length > 0 && values.every(isBlockList)) lines.push(...dynamicBlock(key, `${name}.value.${key}`, values, `${indent}    `));
    else lines.push(`${indent}    ${key} = ${PLANNED_FUNCTION}(${UNKNOWN_TEXT}, ${name}.value.${key})`);
  }
  lines.push(`${indent}  }`, `${indent}}`);
  return lines;
}

/**
 * What an output is written as: the one resource or data source it names (other references only being
 * variables or local values, say in a condition), or the one variable it passes on; else unknown.
 */
function outputReference(references: readonly string[]): string | undefined {
  const chains = chainsOf(references);
  if (!chains) return undefined;
  const named = chains.filter((chain) => !chain.startsWith('var.') && !chain.startsWith('local.'));
  if (named.length === 1) return named[0];
  return named.length === 0 && chains.length === 1 && chains[0]!.startsWith('var.') ? chains[0] : undefined;
}

/** The one traversal a list of references names (a reference and its prefixes), else undefined. */
function onlyChain(references: readonly string[]): string | undefined {
  const chains = chainsOf(references);
  return chains?.length === 1 ? chains[0] : undefined;
}

/** The longest reference of each chain (a reference with its prefixes); undefined when one is not a plain traversal. */
function chainsOf(references: readonly string[]): string[] | undefined {
  if (references.length === 0 || !references.every((r) => TRAVERSAL.test(r))) return undefined;
  const longest = [...references].sort((a, b) => b.length - a.length);
  const chains: string[] = [];
  for (const reference of longest) {
    if (!chains.some((chain) => chain === reference || chain.startsWith(`${reference}.`) || chain.startsWith(`${reference}[`))) chains.push(reference);
  }
  return chains;
}

/** A module call of a planned module, with the instance keys the plan has for it. */
function moduleCall(plan: PlanValues, address: string, name: string, call: PlannedModuleConfig): string {
  const prefix = `${address}.module.${name}`;
  const keys = new Set<string | number>();
  for (const module of plan.byModule.keys()) {
    if (!module.startsWith(`${prefix}[`)) continue;
    const key = parseInstanceKey(splitAddress(module.slice(prefix.length))[0]!);
    if (key !== undefined) keys.add(key);
  }
  const lines = [`module ${quoteLiteral(name)} {`, `  source = ${hcl(call.source ?? name)}`];
  const numbers = [...keys].filter((k): k is number => typeof k === 'number');
  if (keys.size > 0 && numbers.length === keys.size && numbers.every((k) => k < keys.size)) lines.push(`  count = ${keys.size}`);
  else if (keys.size > 0 && numbers.length === 0) lines.push(`  for_each = ${hcl(Object.fromEntries([...keys].map((k) => [String(k), true])))}`);
  lines.push('}');
  return lines.join('\n');
}

function isBlockList(value: Value): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    (value as readonly Value[]).every((item) => item !== null && item !== UNKNOWN && typeof item === 'object' && !Array.isArray(item))
  );
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name);
}

/** A value as a Terraform expression. */
export function hcl(value: Value): string {
  if (value === UNKNOWN) return UNKNOWN_TEXT;
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return Number.isFinite(value as number) || typeof value === 'boolean' ? String(value) : 'null';
  if (typeof value === 'string') return quoteLiteral(value);
  if (Array.isArray(value)) return `[${(value as readonly Value[]).map(hcl).join(', ')}]`;
  const entries = Object.entries(value as Record<string, Value>);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${quoteLiteral(k)} = ${hcl(v)}`).join(', ')} }`;
}
