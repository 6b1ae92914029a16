// Building environment entries: the values a var file, a module call or a Terragrunt `inputs` object sets.
import type { Attribute, Block, Environment, EnvironmentEntry, EnvironmentKind, Evaluated, Expression, Range, SourceFile } from '../../../../rules/api';
import { Evaluator } from '../evaluate';
import { buildModule } from '../module';

/** Arguments of a module block that are not inputs of the called module. */
export const MODULE_META_ARGUMENTS: ReadonlySet<string> = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

let literalEvaluator: Evaluator | undefined;

/** The value of a var file's expression: var files may not refer to anything, so no scope is needed. */
export function literalValueOf(expr: Expression): Evaluated {
  literalEvaluator ??= new Evaluator(buildModule('', []));
  return literalEvaluator.valueOf(expr);
}

export function varFileEntries(file: SourceFile, flags: { inherited: boolean; outsideModule: boolean }): EnvironmentEntry[] {
  return file.body.attributes.map((attribute) => ({ name: attribute.name, attribute, value: literalValueOf(attribute.expr), ...flags }));
}

/** Entries of a module call: its arguments other than the meta-arguments, evaluated by the caller's evaluator. */
export function moduleCallEntries(call: Block, evaluator: Evaluator): EnvironmentEntry[] {
  return call.body.attributes
    .filter((a) => !MODULE_META_ARGUMENTS.has(a.name))
    .map((attribute) => ({ name: attribute.name, attribute, value: evaluator.valueOf(attribute.expr, call), inherited: false, outsideModule: false }));
}

/**
 * Entries of an object expression such as Terragrunt's `inputs = { ... }`: one per item with a static key,
 * each given as an attribute (name and key range, value expression, item range) in the object's file.
 */
export function objectEntries(object: Extract<Expression, { kind: 'object' }>, evaluate: (expr: Expression) => Evaluated): EnvironmentEntry[] {
  const entries: EnvironmentEntry[] = [];
  for (const item of object.items) {
    let key = item.key;
    while (key.kind === 'parens') key = key.expr;
    if (key.kind !== 'literal' || typeof key.value !== 'string') continue;
    const attribute: Attribute = { node: 'attribute', name: key.value, nameRange: key.range, expr: item.value, range: item.range, file: object.file };
    entries.push({ name: key.value, attribute, value: evaluate(item.value), inherited: false, outsideModule: false });
  }
  return entries;
}

/** Entries by name; a later entry for a name replaces an earlier one, as a later -var-file does. */
export function entryMap(entries: readonly EnvironmentEntry[]): Map<string, EnvironmentEntry> {
  const map = new Map<string, EnvironmentEntry>();
  for (const entry of entries) map.set(entry.name, entry);
  return map;
}

/** The first line of a file: where to report what an environment made of var files lacks. */
export function firstLine(file: SourceFile): { file: string; range: Range } {
  const newline = file.text.search(/\r?\n/);
  const end = newline < 0 ? file.text.length : newline;
  return {
    file: file.path,
    range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: end + 1, offset: end } },
  };
}

export function makeEnvironment(
  name: string,
  kind: EnvironmentKind,
  files: readonly SourceFile[],
  entries: readonly EnvironmentEntry[],
  anchor: Environment['anchor'],
  options: { complete?: boolean; own?: boolean; note?: string } = {},
): Environment {
  // A file with syntax errors may set more than what could be parsed.
  const complete = (options.complete ?? true) && files.every((f) => f.errors.length === 0);
  const note = options.note !== undefined ? { note: options.note } : {};
  return { name, kind, files, entries: entryMap(entries), anchor, complete, ...note, own: options.own ?? true };
}

export function byName(a: Environment, b: Environment): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
