// Evaluates conditions in three values: true, false, or unknown (a value premortem cannot know). `all`
// is false when one condition is false, else unknown when one is unknown; `any` is true when one is
// true, else unknown when one is unknown; `not` keeps unknown unknown. A rule reports only what is true,
// so an unknown value never gives a finding. Each outcome carries where a finding would point (the value's
// expression, or the block when the argument is absent) and the value compared, for `{value}`.
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { asBool, asNumber, asString, type Block, type Expression, type RuleContext, type Value } from '../../../../rules/api';
import { isValueRef, listOf, OPERATORS, type Condition, type Exists, type Operand, type Scalar, type ValueRef } from './definition';
import { blockType } from './follow';
import { readPath } from './read-value';
import { re2Finds } from './re2';

export type Truth = 'true' | 'false' | 'unknown';

export interface Outcome {
  readonly truth: Truth;
  readonly anchor?: Block | Expression;
  /** The value the deciding condition read. */
  readonly value?: Value;
  /** The value it was compared with, when that was read from a block. */
  readonly other?: Value;
}

export interface Scope {
  readonly ctx: RuleContext;
  /** The block conditions read unless `of` names another (a nested block inside some-block's `where`). */
  readonly subject: Block;
  /** The blocks `follow` reached, by name. */
  readonly followed: ReadonlyMap<string, Block>;
  /** The folder that holds `.premortem/`: file globs are relative to it. */
  readonly base: string;
}

const UNKNOWN_OUTCOME: Outcome = { truth: 'unknown' };

export function evaluate(condition: Condition, scope: Scope): Outcome {
  const op = OPERATORS.find((o) => condition[o] !== undefined);
  const subject = condition.of !== undefined ? scope.followed.get(condition.of) : scope.subject;
  if (!subject) return UNKNOWN_OUTCOME;
  switch (op) {
    case 'all':
      return all(condition.all!, scope);
    case 'any':
      return any(condition.any!, scope);
    case 'not': {
      const inner = evaluate(condition.not!, scope);
      return { ...inner, truth: inner.truth === 'unknown' ? 'unknown' : inner.truth === 'true' ? 'false' : 'true' };
    }
    case 'resource':
      return { truth: truthOf(listOf(condition.resource).includes(blockType(subject) ?? '')), anchor: subject };
    case 'file':
      return { truth: truthOf(matchesFile(subject.file, condition.file!, scope.base)), anchor: subject };
    case 'some-block':
      return someBlock(condition['some-block']!, condition.where, subject, scope);
    case 'no-block': {
      const some = someBlock(condition['no-block']!, condition.where, subject, scope);
      return { truth: some.truth === 'unknown' ? 'unknown' : some.truth === 'true' ? 'false' : 'true', anchor: subject };
    }
    case 'exists':
      return exists(condition.exists!, subject, scope);
    case 'none-exists': {
      const found = exists(condition['none-exists']!, subject, scope);
      return { truth: found.truth === 'unknown' ? 'unknown' : found.truth === 'true' ? 'false' : 'true', anchor: subject };
    }
    default:
      return compare(condition, subject, scope);
  }
}

function truthOf(value: boolean): Truth {
  return value ? 'true' : 'false';
}

function all(conditions: readonly Condition[], scope: Scope): Outcome {
  let unknown = false;
  let last: Outcome = { truth: 'true' };
  let valued: Outcome | undefined;
  for (const condition of conditions) {
    const outcome = evaluate(condition, scope);
    if (outcome.truth === 'false') return outcome;
    if (outcome.truth === 'unknown') unknown = true;
    last = outcome;
    if (outcome.value !== undefined) valued = outcome;
  }
  if (unknown) return UNKNOWN_OUTCOME;
  return { ...last, ...(valued ? { value: valued.value, ...(valued.other !== undefined ? { other: valued.other } : {}) } : {}) };
}

function any(conditions: readonly Condition[], scope: Scope): Outcome {
  let unknown = false;
  let first: Outcome | undefined;
  for (const condition of conditions) {
    const outcome = evaluate(condition, scope);
    if (outcome.truth === 'true') return outcome;
    if (outcome.truth === 'unknown') unknown = true;
    first ??= outcome;
  }
  return unknown ? UNKNOWN_OUTCOME : { ...first!, truth: 'false' };
}

function someBlock(type: string, where: Condition | undefined, subject: Block, scope: Scope): Outcome {
  let unknown = scope.ctx.mayHaveUnknownBlocks(subject, type);
  for (const nested of scope.ctx.nestedBlocks(subject, type)) {
    if (!where) return { truth: 'true', anchor: nested };
    const outcome = evaluate(where, { ...scope, subject: nested });
    if (outcome.truth === 'true') return outcome;
    if (outcome.truth === 'unknown') unknown = true;
  }
  return { truth: unknown ? 'unknown' : 'false', anchor: subject };
}

function exists(search: Exists, subject: Block, scope: Scope): Outcome {
  const { ctx } = scope;
  const module = ctx.moduleOf(subject);
  const type = search.resource;
  const blocks = type.startsWith('data.') ? module.dataSourcesOfType(type.slice('data.'.length)) : module.resourcesOfType(type);
  let unknown = false;
  for (const block of blocks) {
    for (const instance of ctx.instances(block)) {
      if (!search.where) return { truth: 'true', anchor: instance };
      const outcome = evaluate(search.where, { ...scope, subject: instance });
      if (outcome.truth === 'true') return { ...outcome, anchor: instance };
      if (outcome.truth === 'unknown') unknown = true;
    }
  }
  return { truth: unknown ? 'unknown' : 'false', anchor: subject };
}

/** The value operators: equals, in, matches, less-than, greater-than, present, absent. */
function compare(condition: Condition, subject: Block, scope: Scope): Outcome {
  const reading = readPath(scope.ctx, subject, condition.attribute!, condition.default);
  if (reading.kind === 'unknown') return UNKNOWN_OUTCOME;
  if (condition.present) return { truth: truthOf(reading.kind === 'values' && reading.values.length > 0), anchor: reading.anchor };
  if (condition.absent) return { truth: truthOf(reading.kind === 'absent' || reading.values.length === 0), anchor: reading.anchor };
  if (reading.kind === 'absent') return { truth: 'false', anchor: reading.anchor };
  let other: Value | undefined;
  const test = (value: Value): Truth => {
    if (condition.matches !== undefined) {
      const text = asString(value);
      return truthOf(text !== undefined && re2Finds(condition.matches, text));
    }
    if (condition.in !== undefined) return truthOf(condition.in.some((expected) => sameValue(value, expected)));
    const operand = (condition.equals ?? condition['less-than'] ?? condition['greater-than']) as Operand;
    const resolved = resolveOperand(operand, scope);
    if (resolved === 'unknown') return 'unknown';
    if (resolved === undefined) return 'false';
    if (isValueRef(operand)) other = resolved;
    if (condition.equals !== undefined) return truthOf(sameValue(value, resolved));
    const left = asNumber(value);
    const right = asNumber(resolved);
    if (left === undefined || right === undefined) return 'false';
    return truthOf(condition['less-than'] !== undefined ? left < right : left > right);
  };
  // With `*` in the path the condition holds when it holds for some element.
  let unknown = false;
  for (const value of reading.values) {
    const truth = test(value);
    if (truth === 'true') return { truth, anchor: reading.anchor, value, ...(other !== undefined ? { other } : {}) };
    if (truth === 'unknown') unknown = true;
  }
  return { truth: unknown ? 'unknown' : 'false', anchor: reading.anchor, ...(reading.values.length > 0 ? { value: reading.values[0] } : {}) };
}

/** A literal operand as written; a `{ attribute, of, times, plus }` one read from its block. */
export function resolveOperand(operand: Operand, scope: Scope): Scalar | 'unknown' | undefined {
  if (!isValueRef(operand)) return operand;
  return readOperand(operand, scope);
}

function readOperand(ref: ValueRef, scope: Scope): Scalar | 'unknown' | undefined {
  const block = ref.of !== undefined ? scope.followed.get(ref.of) : scope.subject;
  if (!block) return 'unknown';
  const reading = readPath(scope.ctx, block, ref.attribute, ref.default);
  if (reading.kind === 'unknown') return 'unknown';
  if (reading.kind === 'absent' || reading.values.length !== 1) return undefined;
  const value = reading.values[0]!;
  if (ref.times === undefined && ref.plus === undefined) return typeof value === 'object' ? undefined : (value as Scalar);
  const number = asNumber(value);
  return number === undefined ? undefined : number * (ref.times ?? 1) + (ref.plus ?? 0);
}

/** Equality as Terraform converts an argument: `"30"` equals 30, `"true"` equals true. */
function sameValue(value: Value, expected: Scalar | Value): boolean {
  if (expected === null) return value === null;
  if (typeof expected === 'number') return asNumber(value) === expected;
  if (typeof expected === 'boolean') return asBool(value) === expected;
  if (typeof expected === 'string') return asString(value) === expected;
  return false;
}

function matchesFile(file: string, globs: string | readonly string[], base: string): boolean {
  const relative = path.relative(base, file).split(path.sep).join('/');
  return listOf(globs).some((glob) => minimatch(relative, glob, { dot: true }));
}

export { matchesFile };
