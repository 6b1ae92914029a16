// Functions over maps and objects.
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError, Indeterminate } from '../eval-error';
import { compareStrings, getAttr, isObject, makeObject, sortedKeys, typeName, type ValueObject } from '../value-ops';
import { arity, convertArg, invalid, known, listArg, mappingArg, notNull, requireWhollyKnown, stringArg } from './args';
import { listOf, mapOf, STRING, typeEquals, typeOf } from './types';

export function keys(args: readonly Value[]): Value {
  arity('keys', args, 1);
  const object = mappingArg(args[0] as Value, 'inputMap', 'must have map or object type');
  return sortedKeys(object);
}

export function values(args: readonly Value[]): Value {
  arity('values', args, 1);
  const object = mappingArg(args[0] as Value, 'mapping', 'values() requires a map as the first argument');
  return sortedKeys(object).map((key) => object[key] as Value);
}

export function lookup(args: readonly Value[]): Value {
  arity('lookup', args, 2, 3);
  const map = notNull(args[0] as Value, 'inputMap');
  if (map !== UNKNOWN && !isObject(map)) throw invalid('inputMap', 'lookup() requires a map as the first argument');
  const key = stringArg(args[1] as Value, 'key');
  const object = known(map) as ValueObject;
  const found = getAttr(object, key);
  if (found !== undefined) return found;
  if (args.length < 3) throw new EvalError(`Invalid function argument: lookup failed to find key "${key}".`);
  return lookupDefault(object, args[2] as Value);
}

// A missing key yields the default converted to the map's element type, or unchanged for an object. Values do
// not tell maps from objects, so the default is returned only when both readings agree, taking an empty map
// with a string default to be a map of strings.
function lookupDefault(object: ValueObject, fallback: Value): Value {
  if (fallback === null || fallback === UNKNOWN) return fallback;
  const present = Object.values(object);
  if (typeof fallback === 'string' && present.every((value) => typeof value === 'string' || value === null)) {
    return fallback;
  }
  const fallbackType = typeOf(fallback);
  if (present.length > 0 && present.every((value) => value !== UNKNOWN && typeEquals(typeOf(value), fallbackType))) {
    return fallback;
  }
  throw new Indeterminate('lookup default whose conversion depends on the map type');
}

export function merge(args: readonly Value[]): Value {
  for (const arg of args) {
    if (arg !== UNKNOWN && arg !== null && !isObject(arg)) {
      throw new EvalError(`Invalid function argument: arguments must be maps or objects, got "${typeName(arg)}".`);
    }
  }
  const entries = new Map<string, Value>();
  for (const arg of args) {
    const object = known(arg);
    if (object === null) continue;
    for (const key of Object.keys(object as ValueObject)) entries.set(key, (object as ValueObject)[key] as Value);
  }
  return makeObject(entries);
}

export function zipmap(args: readonly Value[]): Value {
  arity('zipmap', args, 2);
  const keyList = listArg(args[0] as Value, 'keys', STRING);
  const valueList = notNull(args[1] as Value, 'values');
  if (valueList !== UNKNOWN && !Array.isArray(valueList)) {
    throw invalid('values', 'values argument must be a list or tuple value');
  }
  requireWhollyKnown(keyList);
  const items = known(valueList) as readonly Value[];
  if (keyList.length !== items.length) {
    throw new EvalError(`Invalid function argument: number of keys (${keyList.length}) does not match number of values (${items.length}).`);
  }
  keyList.forEach((key, i) => {
    if (key === null) throw new EvalError(`Invalid function argument: keys list has null value at index ${i}.`);
  });
  return makeObject(keyList.map((key, i) => [key as string, items[i] as Value]));
}

export function transpose(args: readonly Value[]): Value {
  arity('transpose', args, 1);
  const input = notNull(known(args[0] as Value), 'values');
  const converted = known(convertArg(input, mapOf(listOf(STRING)), 'values')) as ValueObject;
  requireWhollyKnown(converted);
  const out = new Map<string, string[]>();
  for (const key of sortedKeys(converted)) {
    const list = converted[key] as readonly Value[] | null;
    if (list === null) throw new EvalError('Invalid function argument: input must not contain null list.');
    for (const item of list) {
      if (item === null) throw new EvalError('Invalid function argument: input list must not contain null string.');
      const bucket = out.get(item as string) ?? [];
      bucket.push(key);
      out.set(item as string, bucket);
    }
  }
  return makeObject([...out].map(([key, list]) => [key, list.sort(compareStrings)]));
}
