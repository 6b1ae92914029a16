// Shared operations over evaluated Terraform values, following Terraform's (cty's) semantics.
import { UNKNOWN, type Unknown, type Value } from '../../../rules/api';
import { EvalError, Indeterminate } from './eval-error';
import { parseNumberText, plainDecimal } from './functions/decimal';

export type ValueObject = { readonly [key: string]: Value };
export type ValueList = readonly Value[];

export type TypeName = 'null' | 'bool' | 'number' | 'string' | 'tuple' | 'object' | 'unknown';

export function isUnknown(value: Value): value is Unknown {
  return value === UNKNOWN;
}

export function isList(value: Value): value is ValueList {
  return Array.isArray(value);
}

/** A map or object value. */
export function isObject(value: Value): value is ValueObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How Terraform names the kind of a value in messages (arrays are tuples, plain objects are objects). */
export function typeName(value: Value): TypeName {
  if (value === UNKNOWN) return 'unknown';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'tuple';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/** Whether UNKNOWN appears anywhere in the value. */
export function containsUnknown(value: Value): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObject(value)) return Object.keys(value).some((key) => containsUnknown(value[key] as Value));
  return false;
}

// ---------------------------------------------------------------------------------------------
// Objects with arbitrary keys

/** An own attribute, never something inherited from Object.prototype (`__proto__`, `constructor`...). */
export function getAttr(object: ValueObject, key: string): Value | undefined {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

export function hasAttr(object: ValueObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** A plain object built from arbitrary keys: `__proto__` becomes an own attribute, not a prototype change. */
export function makeObject(entries: Iterable<readonly [string, Value]>): ValueObject {
  const object: { [key: string]: Value } = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** Attribute names in the order Terraform iterates them (byte order of their UTF-8 encoding). */
export function sortedKeys(object: ValueObject): string[] {
  return Object.keys(object).sort(compareStrings);
}

/** Compares strings by code point, which is the byte order of UTF-8 that Terraform sorts by. */
export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate stands for a code point above U+FFFF, which sorts after every other UTF-16 unit.
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Terraform stores every string in Unicode normalization form C. */
export function normalizeString(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFC');
}

// ---------------------------------------------------------------------------------------------
// Equality

/** The outcome of Terraform's `==`: a string, so that "unknown" can never be mistaken for either answer. */
export type Equality = 'equal' | 'unequal' | 'unknown';

/**
 * Terraform's `==`: type-sensitive (`1 == "1"` is unequal) and deep. Unknown when an UNKNOWN decides it, and
 * also when a nested `null` is involved: Terraform gives an untyped `null` literal inside a collection a dynamic
 * type, which makes its comparison unknown, and a value here does not tell an untyped null from a typed one.
 */
export function valuesEqual(a: Value, b: Value): Equality {
  if (a === UNKNOWN || b === UNKNOWN) return 'unknown';
  if (a === null || b === null) return a === null && b === null ? 'equal' : 'unequal';
  if (!couldHaveSameType(a, b)) return 'unequal';
  if (hasNestedNull(a) || hasNestedNull(b)) return 'unknown';
  return compareSameShape(a, b);
}

/** Terraform's `==` as a value: true, false, or UNKNOWN. */
export function equalsValue(a: Value, b: Value): boolean | Unknown {
  const result = valuesEqual(a, b);
  return result === 'unknown' ? UNKNOWN : result === 'equal';
}

function couldHaveSameType(a: Value, b: Value): boolean {
  if (a === UNKNOWN || b === UNKNOWN || a === null || b === null) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => couldHaveSameType(item, b[i] as Value));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => hasAttr(b, key) && couldHaveSameType(a[key] as Value, b[key] as Value));
  }
  return typeof a === typeof b;
}

function hasNestedNull(value: Value): boolean {
  if (Array.isArray(value)) return value.some((item) => item === null || hasNestedNull(item));
  if (isObject(value)) return Object.values(value).some((item) => item === null || hasNestedNull(item));
  return false;
}

function compareSameShape(a: Value, b: Value): Equality {
  if (a === UNKNOWN || b === UNKNOWN) return 'unknown';
  if (Array.isArray(a) && Array.isArray(b)) {
    // Terraform compares tuple elements in order and stops at the first element that decides.
    for (let i = 0; i < a.length; i++) {
      const result = compareSameShape(a[i] as Value, b[i] as Value);
      if (result !== 'equal') return result;
    }
    return 'equal';
  }
  if (isObject(a) && isObject(b)) {
    // Terraform visits object attributes in random order, so any unknown attribute may decide.
    let unequal = false;
    for (const key of Object.keys(a)) {
      const result = compareSameShape(a[key] as Value, b[key] as Value);
      if (result === 'unknown') return 'unknown';
      if (result === 'unequal') unequal = true;
    }
    return unequal ? 'unequal' : 'equal';
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return normalizeString(a) === normalizeString(b) ? 'equal' : 'unequal';
  }
  return a === b ? 'equal' : 'unequal';
}

// ---------------------------------------------------------------------------------------------
// Implicit conversions between primitive types

/** Terraform's conversion to string: numbers in plain decimal (`1e21` is "1000000000000000000000"). */
export function toTfString(value: Value): string | Unknown {
  if (value === UNKNOWN) return UNKNOWN;
  switch (typeof value) {
    case 'string':
      return normalizeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? plainDecimal(value) : UNKNOWN;
    default:
      throw new EvalError(`string required, but have ${typeName(value)}`);
  }
}

/** Terraform's conversion to number: only strings holding a decimal number convert. */
export function toTfNumber(value: Value): number | Unknown {
  if (value === UNKNOWN) return UNKNOWN;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    try {
      return parseNumberText(value);
    } catch (error) {
      if (error instanceof Indeterminate) return UNKNOWN;
      throw new EvalError(`cannot convert ${JSON.stringify(value)} to number; given string must be a decimal representation of a number`);
    }
  }
  throw new EvalError(`number required, but have ${typeName(value)}`);
}

/** Terraform's conversion to bool: the strings "true" and "false" (and also "1" and "0") convert. */
export function toTfBool(value: Value): boolean | Unknown {
  if (value === UNKNOWN) return UNKNOWN;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === 'false') {
      throw new EvalError(`a bool is required; to convert from string, use lowercase "${lower}"`);
    }
    throw new EvalError(`cannot convert ${JSON.stringify(value)} to bool; only the strings "true" or "false" are allowed`);
  }
  throw new EvalError(`bool required, but have ${typeName(value)}`);
}
