// A module instance that the plan knows but whose code premortem cannot read (a registry or git module
// that was never downloaded), written out as Terraform from the plan: each resource and data source with
// its planned values (what the plan cannot know is left unknown), the module's variables, its outputs as
// the references the plan's configuration gives them, and its own module calls. It is parsed like any
// other module, so every rule runs on it. It has no file of its own: it lives under
// `.terraform/premortem-plan/`, and findings in it are reported on the module call in the configuration.
import * as path from 'node:path';
import { UNKNOWN, type Value } from '../../../../rules/api';
import { buildModule, type ModuleIndex } from '../module';
import { parseFile } from '../parse';
import type { PlannedInstance, PlannedModuleConfig, PlanValues } from './plan-values';

const PLANNED_DIR = 'premortem-plan';
/** What a value the plan cannot know is written as: a call to a function the evaluator does not know. */
const UNKNOWN_TEXT = 'known_after_apply()';

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
  const dir = path.join(rootDir, '.terraform', PLANNED_DIR, address.replace(/[^A-Za-z0-9._-]+/g, '_'));
  const file = path.join(dir, 'main.tf');
  return buildModule(dir, [parseFile(file, plannedSource(plan, address, config))]);
}

/** The configuration of the module a call path leads to (instance keys ignored). */
function configAt(root: PlannedModuleConfig, address: string): PlannedModuleConfig | undefined {
  let config: PlannedModuleConfig | undefined = root;
  for (const match of address.matchAll(/(?:^|\.)module\.([^.[]+)/g)) config = config?.moduleCalls.get(match[1]!);
  return config;
}

function plannedSource(plan: PlanValues, address: string, config: PlannedModuleConfig): string {
  const out: string[] = [];
  for (const [name, variable] of config.variables) out.push(`variable ${JSON.stringify(name)} {${variable.sensitive ? '\n  sensitive = true\n' : ''}}`);
  const groups = new Map<string, PlannedInstance[]>();
  for (const instance of plan.byModule.get(address) ?? []) {
    const key = `${instance.mode} ${instance.type} ${instance.name}`;
    groups.set(key, [...(groups.get(key) ?? []), instance]);
  }
  for (const instances of groups.values()) out.push(resourceBlock(instances));
  for (const [name, references] of config.outputs) out.push(`output ${JSON.stringify(name)} {\n  value = ${references[0] ?? UNKNOWN_TEXT}\n}`);
  for (const [name, call] of config.moduleCalls) out.push(moduleCall(plan, address, name, call));
  return out.join('\n\n') + '\n';
}

/** One resource or data block for all instances of it: literal values, or per-instance lookups under count or for_each. */
function resourceBlock(instances: readonly PlannedInstance[]): string {
  const first = instances[0]!;
  const header = `${first.mode === 'data' ? 'data' : 'resource'} ${JSON.stringify(first.type)} ${JSON.stringify(first.name)} {`;
  const keyed = instances.filter((i) => i.index !== undefined);
  if (keyed.length === 0) return [header, ...body(first.values, '  '), '}'].join('\n');
  const numbered = keyed.every((i) => typeof i.index === 'number');
  const selector = numbered ? 'count.index' : 'each.key';
  const count = Math.max(...keyed.map((i) => Number(i.index))) + 1;
  const expansion = numbered ? `  count = ${count}` : `  for_each = ${hcl(Object.fromEntries(keyed.map((i) => [String(i.index), true])))}`;
  const lines = [header, expansion];
  const names = new Set(keyed.flatMap((i) => Object.keys(i.values)));
  for (const name of names) {
    if (!isIdentifier(name) || name === 'count' || name === 'for_each') continue;
    const byKey = (i: PlannedInstance | undefined): Value => (i && Object.prototype.hasOwnProperty.call(i.values, name) ? i.values[name]! : null);
    const lookup = numbered
      ? hcl(Array.from({ length: count }, (_, n) => byKey(keyed.find((i) => i.index === n))))
      : hcl(Object.fromEntries(keyed.map((i) => [String(i.index), byKey(i)])));
    if (keyed.every((i) => isBlockList(byKey(i)))) lines.push(...dynamicBlock(name, `${lookup}[${selector}]`, keyed.map(byKey), '  '));
    else lines.push(`  ${name} = ${lookup}[${selector}]`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Attributes as literals and lists of objects as nested blocks (what the provider's blocks look like in a plan). */
function body(values: { readonly [name: string]: Value }, indent: string): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (!isIdentifier(name)) continue;
    if (isBlockList(value)) {
      for (const element of value as readonly Value[]) lines.push(`${indent}${name} {`, ...body(element as Record<string, Value>, `${indent}  `), `${indent}}`);
    } else lines.push(`${indent}${name} = ${hcl(value)}`);
  }
  return lines;
}

/** Nested blocks that differ per instance: a dynamic block over the instance's list. */
function dynamicBlock(name: string, forEach: string, lists: readonly Value[], indent: string): string[] {
  const elements = lists.flatMap((list) => (Array.isArray(list) ? (list as readonly Value[]) : [])) as Record<string, Value>[];
  const keys = new Set(elements.flatMap((e) => Object.keys(e)));
  const lines = [`${indent}dynamic ${JSON.stringify(name)} {`, `${indent}  for_each = ${forEach}`, `${indent}  content {`];
  for (const key of keys) {
    if (!isIdentifier(key)) continue;
    const values = elements.map((e) => (Object.prototype.hasOwnProperty.call(e, key) ? e[key]! : null));
    if (values.length > 0 && values.every(isBlockList)) lines.push(...dynamicBlock(key, `${name}.value.${key}`, values, `${indent}    `));
    else lines.push(`${indent}    ${key} = ${name}.value.${key}`);
  }
  lines.push(`${indent}  }`, `${indent}}`);
  return lines;
}

/** A module call of a planned module, with the instance keys the plan has for it. */
function moduleCall(plan: PlanValues, address: string, name: string, call: PlannedModuleConfig): string {
  const prefix = `${address}.module.${name}`;
  const keys = new Set<string | number>();
  for (const module of plan.byModule.keys()) {
    if (!module.startsWith(`${prefix}[`)) continue;
    const key = /^\[("(?:[^"\\]|\\.)*"|\d+)\]/.exec(module.slice(prefix.length))?.[1];
    if (key !== undefined) keys.add(key.startsWith('"') ? (JSON.parse(key) as string) : Number(key));
  }
  const lines = [`module ${JSON.stringify(name)} {`, `  source = ${hcl(call.source ?? name)}`];
  if (keys.size > 0 && [...keys].every((k) => typeof k === 'number')) lines.push(`  count = ${Math.max(...([...keys] as number[])) + 1}`);
  else if (keys.size > 0) lines.push(`  for_each = ${hcl(Object.fromEntries([...keys].map((k) => [String(k), true])))}`);
  lines.push('}');
  return lines.join('\n');
}

function isBlockList(value: Value): boolean {
  return Array.isArray(value) && value.length > 0 && (value as readonly Value[]).every((item) => item !== null && item !== UNKNOWN && typeof item === 'object' && !Array.isArray(item));
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name);
}

/** A value as a Terraform expression. */
export function hcl(value: Value): string {
  if (value === UNKNOWN) return UNKNOWN_TEXT;
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `[${(value as readonly Value[]).map(hcl).join(', ')}]`;
  const entries = Object.entries(value as Record<string, Value>);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${quote(k)} = ${hcl(v)}`).join(', ')} }`;
}

/** A quoted HCL string: quotes, backslashes and control characters escaped, template sequences doubled. */
function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const code = char.charCodeAt(0);
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if ((char === '$' || char === '%') && text[i + 1] === '{') out += char + char;
    else out += char;
  }
  return `${out}"`;
}
