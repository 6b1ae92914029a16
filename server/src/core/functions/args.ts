// Argument handling shared by the functions: arity, and the conversion Terraform applies to an argument before
// the function sees it. Helpers named `*Arg` return a known value or throw (EvalError for what Terraform rejects,
// Indeterminate for UNKNOWN).
import { UNKNOWN, type Unknown, type Value } from '../../../../rules/api';
import { EvalError, Indeterminate } from '../eval-error';
import { containsUnknown, isObject, type ValueObject } from '../value-ops';
import { convert } from './convert';
import { listOf, NUMBER, STRING, type TfType } from './types';

export function arity(name: string, args: readonly Value[], min: number, max = min): void {
  if (args.length >= min && args.length <= max) return;
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  throw new EvalError(`Function "${name}" expects ${expected} argument(s), but ${args.length} were given.`);
}

export function invalid(param: string, detail: string): EvalError {
  return new EvalError(`Invalid value for "${param}" parameter: ${detail}.`);
}

/** The value itself when known; Indeterminate when UNKNOWN. */
export function known(value: Value): Exclude<Value, Unknown> {
  if (value === UNKNOWN) throw new Indeterminate();
  return value;
}

/** Terraform rejects null for every parameter that does not opt in. */
export function notNull<T extends Value>(value: T, param: string): Exclude<T, null> {
  if (value === null) throw invalid(param, 'argument must not be null');
  return value as Exclude<T, null>;
}

/** Converts an argument to a parameter type, naming the parameter in any error. */
export function convertArg(value: Value, type: TfType, param: string): Value {
  try {
    return convert(value, type);
  } catch (error) {
    if (error instanceof EvalError) throw invalid(param, error.message);
    throw error;
  }
}

export function stringArg(value: Value, param: string): string {
  return known(convertArg(notNull(known(value), param), STRING, param)) as string;
}

export function numberArg(value: Value, param: string): number {
  return known(convertArg(notNull(known(value), param), NUMBER, param)) as number;
}

const INT64_RANGE = 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';

/** A number parameter Terraform reads into a Go int: whole numbers only. */
export function intArg(value: Value, param: string, what = ''): number {
  const n = numberArg(value, param);
  if (!Number.isInteger(n) || Math.abs(n) >= 2 ** 63) throw invalid(param, `${what}${INT64_RANGE}`);
  // Beyond 2^53 a double no longer tells which integer Terraform holds.
  if (!Number.isSafeInteger(n)) throw new Indeterminate('integer beyond double precision');
  return n;
}

/** A `list(element)` parameter: the converted elements, which may be UNKNOWN. */
export function listArg(value: Value, param: string, element: TfType): readonly Value[] {
  return known(convertArg(notNull(known(value), param), listOf(element), param)) as readonly Value[];
}

/** A parameter that takes any list, set or tuple as it is. */
export function sequenceArg(value: Value, param: string, detail: string): readonly Value[] {
  const list = notNull(known(value), param);
  if (!Array.isArray(list)) throw invalid(param, detail);
  return list;
}

/** A parameter that takes any map or object as it is. */
export function mappingArg(value: Value, param: string, detail: string): ValueObject {
  const object = notNull(known(value), param);
  if (!isObject(object)) throw invalid(param, detail);
  return object;
}

export function requireWhollyKnown(value: Value): void {
  if (containsUnknown(value)) throw new Indeterminate();
}
