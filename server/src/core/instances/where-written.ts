// Where a value is written: from the expression that uses it back to the one that states it, across
// module calls. A risky value that a module receives from its caller is reported where the caller wrote
// it, so the user changes it there; this finds that place.
import type { Attribute, Expression, Instance, ObjectItem } from '../../../../rules/api';
import { instanceSource, PLANNED_FUNCTION } from '../evaluate';
import type { ModuleInstance } from './module-instance';

/** How the trace reached an expression. */
export type WrittenKind =
  /** Where the rule reported it. */
  | 'use'
  /** A caller's argument for a module variable. */
  | 'argument'
  /** A root module's var file entry. */
  | 'var-file'
  /** A variable's default. */
  | 'default'
  /** A local value. */
  | 'local'
  /** The for_each collection an `each.value` or dynamic iterator value comes from. */
  | 'for-each';

/** One place on the way: an expression, the instance it is evaluated in, and how it was reached. */
export interface WrittenAt {
  readonly expr: Expression;
  readonly instance: ModuleInstance;
  readonly kind: WrittenKind;
  /** The variable, local value or for_each it stands for: `var.ttl`, `local.routes`. */
  readonly name?: string;
}

/** How many hops to follow before giving up (a cycle is a Terraform error anyway). */
const MAX_HOPS = 24;

type Key = string | number;

/** A value of the trace, and the keys still to select inside it (a `var.routes[0].cookies` reads into a literal). */
interface Cursor {
  readonly expr: Expression;
  readonly instance: ModuleInstance;
  /** The bindings the expression is evaluated with (its resource's `each`, a dynamic block's iterator). */
  readonly bindings: Instance | undefined;
  readonly keys: readonly Key[];
}

/**
 * The places a value is written, first the use, last where it is stated: through `var.x` (the caller's
 * argument, a root var file, or the default), `local.x`, `each.value` and dynamic iterator values (their
 * for_each collection), and into object and tuple literals by static keys. It stops where the value is
 * computed (a function call, a conditional, a resource attribute): the last place is then that expression.
 */
export function whereWritten(expr: Expression, instance: ModuleInstance, bindings: Instance | undefined): WrittenAt[] {
  const trail: WrittenAt[] = [{ expr, instance, kind: 'use' }];
  let cursor: Cursor = { expr, instance, bindings, keys: [] };
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const selected = select(cursor);
    if (selected.expr !== cursor.expr) trail[trail.length - 1] = { ...trail[trail.length - 1]!, expr: selected.expr };
    if (selected.keys.length > 0 && !isReference(selected.expr)) break; // computed: the value is made here
    const next = source(selected);
    if (!next) break;
    trail.push(next.at);
    cursor = next.cursor;
  }
  return trail;
}

/**
 * Takes off what passes a value on unchanged (parentheses, one-interpolation templates, conversions, the
 * branch a known condition takes, the argument `try` or `coalesce` returns), and selects the cursor's keys
 * inside literals.
 */
function select(cursor: Cursor): Cursor & { expr: Expression } {
  const passOn = (expr: Expression): Expression => chosen(strip(expr), cursor.instance, cursor.bindings);
  let expr = passOn(cursor.expr);
  const keys = [...cursor.keys];
  while (keys.length > 0) {
    if (isKeyPreservingFor(expr)) {
      expr = passOn(expr.collection); // `{ for k, v in x : k => v if ... }` keeps x's keys and values
      continue;
    }
    const item = literalItem(expr, keys[0]!);
    if (!item) break;
    keys.shift();
    expr = passOn(item);
  }
  return { ...cursor, expr, keys };
}

/** `{ for k, v in x : k => v }`, with or without an `if`: a filter that keeps each element's key and value. */
function isKeyPreservingFor(expr: Expression): expr is Extract<Expression, { kind: 'for' }> {
  if (expr.kind !== 'for' || expr.keyVar === undefined || !expr.keyExpr || expr.grouping) return false;
  const key = strip(expr.keyExpr);
  const value = strip(expr.valueExpr);
  return key.kind === 'variable' && key.name === expr.keyVar && value.kind === 'variable' && value.name === expr.valueVar;
}

function strip(expr: Expression): Expression {
  let current = expr;
  for (;;) {
    if (current.kind === 'parens') current = current.expr;
    else if (current.kind === 'template' && current.parts.length === 1 && current.parts[0]!.kind === 'interpolation') current = current.parts[0]!.expr;
    else return current;
  }
}

/** Conversions that return their argument's value. */
const CONVERSIONS: ReadonlySet<string> = new Set(['tostring', 'tonumber', 'tobool', 'one']);

/** The expression whose value an expression passes on: itself, unless it only chooses or converts one. */
function chosen(expr: Expression, instance: ModuleInstance, bindings: Instance | undefined): Expression {
  let current = expr;
  for (let depth = 0; depth < MAX_HOPS; depth++) {
    const next = passedOn(current, instance, bindings);
    if (!next) return current;
    current = strip(next);
  }
  return current;
}

function passedOn(expr: Expression, instance: ModuleInstance, bindings: Instance | undefined): Expression | undefined {
  const value = (e: Expression) => instance.evaluator.valueAt(e, bindings);
  if (expr.kind === 'conditional') {
    const condition = value(expr.condition);
    if (!condition.known || typeof condition.value !== 'boolean') return undefined;
    return condition.value ? expr.trueResult : expr.falseResult;
  }
  if (expr.kind !== 'call' || expr.expandFinal) return undefined;
  if (CONVERSIONS.has(expr.name) && expr.args.length === 1) return expr.args[0];
  // In a module written from a plan: the configuration's own expression when its value is the plan's.
  if (expr.name === PLANNED_FUNCTION && expr.args.length === 2) {
    const passed = value(expr);
    return passed.known && !passed.fromPlan ? expr.args[0] : undefined;
  }
  // try() returns its first argument that evaluates; an unknown one may yet, so it is the one.
  if (expr.name === 'try') return expr.args.find((arg) => !failsToEvaluate(arg, instance, bindings));
  if (expr.name === 'coalesce') {
    for (const arg of expr.args) {
      const v = value(arg);
      if (!v.known) return undefined;
      if (v.value !== null && v.value !== '') return arg;
    }
  }
  return undefined;
}

/** Whether an expression's evaluation fails (what try() skips), as opposed to being unknown. */
function failsToEvaluate(expr: Expression, instance: ModuleInstance, bindings: Instance | undefined): boolean {
  const can = instance.evaluator.valueAt(
    { kind: 'call', name: 'can', nameRange: expr.range, args: [expr], expandFinal: false, range: expr.range, file: expr.file },
    bindings,
  );
  return can.known && can.value === false;
}

/** The element of an object or tuple literal (or a `toset`/`tolist`/`tomap` of one) at a key. */
function literalItem(expr: Expression, key: Key): Expression | undefined {
  if (expr.kind === 'call' && (expr.name === 'toset' || expr.name === 'tolist' || expr.name === 'tomap') && expr.args.length === 1 && !expr.expandFinal) {
    const inner = strip(expr.args[0]!);
    // A set's for_each key is the element itself.
    if (expr.name === 'toset' && inner.kind === 'tuple') return inner.items.find((item) => item.kind === 'literal' && String(item.value) === String(key));
    return literalItem(inner, key);
  }
  if (expr.kind === 'object') return expr.items.find((item) => objectKey(item) === String(key))?.value;
  if (expr.kind === 'tuple' && typeof key === 'number') return expr.items[key];
  return undefined;
}

function objectKey(item: ObjectItem): string | undefined {
  let key = item.key;
  while (key.kind === 'parens') key = key.expr;
  if (key.kind === 'literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.kind === 'variable') return key.name;
  return undefined;
}

function isReference(expr: Expression): boolean {
  return (expr.kind === 'traversal' && expr.source.kind === 'variable') || expr.kind === 'variable';
}

/** Where the value of a reference comes from, one hop up. */
function source(cursor: Cursor): { at: WrittenAt; cursor: Cursor } | undefined {
  const { expr, instance, bindings } = cursor;
  const root = expr.kind === 'variable' ? expr.name : expr.kind === 'traversal' && expr.source.kind === 'variable' ? expr.source.name : undefined;
  if (root === undefined) return undefined;
  const steps = expr.kind === 'traversal' ? expr.steps : [];
  const keys = stepKeys(steps, instance, bindings);
  if (!keys) return undefined;
  const go = (next: Expression, to: ModuleInstance, nextBindings: Instance | undefined, kind: WrittenKind, name: string, selected: readonly Key[]) => ({
    at: { expr: next, instance: to, kind, name },
    cursor: { expr: next, instance: to, bindings: nextBindings, keys: [...selected, ...cursor.keys] },
  });
  const iterator = boundIterator(root, bindings);
  if (iterator) {
    // `route.value.cookies` in a dynamic block's content: the element of its for_each.
    if (keys[0] !== 'value') return undefined;
    const from = instanceSource(iterator);
    return from && go(from.forEach, instance, from.within, 'for-each', `${root}.value`, [iterator.iterator!.key, ...keys.slice(1)]);
  }
  const [first, ...rest] = keys;
  if (typeof first !== 'string') return undefined;
  switch (root) {
    case 'var': {
      const argument = instance.argument(first);
      if (argument && instance.caller) return go(argument.expr, instance.caller.instance, instance.caller.call.instance, 'argument', `var.${first}`, rest);
      if (instance.caller) return fromDefault(instance, first, rest, go);
      if (instance.host.rootVariables?.has(first)) return undefined; // a plan's variable: written wherever the plan was made
      const entry = lastVarFileEntry(instance, first);
      return entry ? go(entry.expr, instance, undefined, 'var-file', `var.${first}`, rest) : fromDefault(instance, first, rest, go);
    }
    case 'local': {
      const local = instance.module.locals.get(first);
      return local && go(local.expr, instance, undefined, 'local', `local.${first}`, rest);
    }
    case 'each': {
      if (first !== 'value') return undefined;
      const each = findUp(bindings, (i) => i.each !== undefined);
      const from = each && instanceSource(each);
      return from && go(from.forEach, instance, from.within, 'for-each', 'each.value', [each.each!.key, ...rest]);
    }
    default:
      return undefined;
  }
}

type Go = (
  next: Expression,
  to: ModuleInstance,
  bindings: Instance | undefined,
  kind: WrittenKind,
  name: string,
  selected: readonly Key[],
) => { at: WrittenAt; cursor: Cursor };

function fromDefault(instance: ModuleInstance, name: string, rest: readonly Key[], go: Go): ReturnType<Go> | undefined {
  const fallback = instance.module.variables.get(name)?.body.attributes.find((a) => a.name === 'default');
  return fallback && go(fallback.expr, instance, undefined, 'default', `var.${name}`, rest);
}

/** The entry of the last var file that sets a root variable (the one Terraform uses). */
function lastVarFileEntry(instance: ModuleInstance, name: string): Attribute | undefined {
  const files = instance.module.varFiles;
  for (let i = files.length - 1; i >= 0; i--) {
    const entry = files[i]!.body.attributes.find((a) => a.name === name);
    if (entry) return entry;
  }
  return undefined;
}

/** The keys a traversal's steps select, evaluating index keys; undefined at a splat or an unknown key. */
function stepKeys(steps: Extract<Expression, { kind: 'traversal' }>['steps'], instance: ModuleInstance, bindings: Instance | undefined): Key[] | undefined {
  const keys: Key[] = [];
  for (const step of steps) {
    if (step.kind === 'attr') keys.push(step.name);
    else if (step.kind === 'splat') return undefined;
    else {
      const key = instance.evaluator.valueAt(step.key, bindings);
      if (!key.known || (typeof key.value !== 'string' && typeof key.value !== 'number')) return undefined;
      keys.push(key.value);
    }
  }
  return keys;
}

/** The dynamic block iterator a bare name is bound to, if any. */
function boundIterator(name: string, bindings: Instance | undefined): Instance | undefined {
  return findUp(bindings, (i) => i.iterator?.name === name);
}

function findUp(instance: Instance | undefined, test: (i: Instance) => boolean): Instance | undefined {
  for (let current = instance; current; current = current.parent) if (test(current)) return current;
  return undefined;
}
