// Functions over lists, tuples and sets, and the coalescing functions.
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError, Indeterminate } from '../eval-error';
import { compareStrings, isObject, normalizeString, typeName, valuesEqual } from '../value-ops';
import { arity, intArg, invalid, known, listArg, notNull, requireWhollyKnown, sequenceArg } from './args';
import { convert } from './convert';
import { graphemes } from './text';
import { BOOL, DYNAMIC, listOf, STRING, typeOf, type TfType } from './types';
import { unify } from './unify';

export function length(args: readonly Value[]): Value {
  arity('length', args, 1);
  const value = notNull(known(args[0] as Value), 'value');
  if (typeof value === 'string') return graphemes(normalizeString(value)).length;
  if (Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  throw invalid('value', 'argument must be a string, a collection type, or a structural type');
}

export function concat(args: readonly Value[]): Value {
  if (args.length === 0) throw new EvalError('Invalid function argument: at least one argument is required.');
  const lists = args.map((arg, i) => {
    const list = notNull(arg, `seqs[${i}]`);
    if (list !== UNKNOWN && !Array.isArray(list)) {
      throw new EvalError(`Invalid function argument: all arguments must be lists or tuples; got ${typeName(list)}.`);
    }
    return list;
  });
  return lists.flatMap((list) => known(list) as readonly Value[]);
}

export function element(args: readonly Value[]): Value {
  arity('element', args, 2);
  const list = notNull(args[0] as Value, 'list');
  if (list !== UNKNOWN && !Array.isArray(list)) throw invalid('list', `cannot read elements from ${typeName(list)}`);
  const index = intArg(args[1] as Value, 'index', 'invalid index: ');
  const items = known(list) as readonly Value[];
  if (items.length === 0) throw new EvalError('Invalid function argument: cannot use element function with an empty list.');
  // Terraform before 1.8 rejects negative indexes; later versions count them from the end.
  if (index < 0) throw new Indeterminate('negative element index behaves differently across Terraform versions');
  return items[index % items.length] as Value;
}

export function contains(args: readonly Value[]): Value {
  arity('contains', args, 2);
  const list = notNull(args[0] as Value, 'list');
  if (list !== UNKNOWN && !Array.isArray(list)) throw invalid('list', 'argument must be list, tuple, or set');
  const items = known(list) as readonly Value[];
  const wanted = known(args[1] as Value);
  let undecided = false;
  for (const item of items) {
    const equality = valuesEqual(wanted, item);
    if (equality === 'equal') return true;
    if (equality === 'unknown') undecided = true;
  }
  if (undecided) throw new Indeterminate();
  return false;
}

export function index(args: readonly Value[]): Value {
  arity('index', args, 2);
  const list = notNull(args[0] as Value, 'list');
  if (list !== UNKNOWN && !Array.isArray(list)) throw invalid('list', 'argument must be a list or tuple');
  notNull(args[1] as Value, 'value');
  const items = known(list) as readonly Value[];
  const wanted = known(args[1] as Value);
  if (items.length === 0) throw new EvalError('Invalid function argument: cannot search an empty list.');
  for (let i = 0; i < items.length; i++) {
    const equality = valuesEqual(items[i] as Value, wanted);
    if (equality === 'unknown') throw new Indeterminate();
    if (equality === 'equal') return i;
  }
  throw new EvalError('Invalid function argument: item not found.');
}

export function flatten(args: readonly Value[]): Value {
  arity('flatten', args, 1);
  const list = notNull(known(args[0] as Value), 'list');
  if (!Array.isArray(list)) {
    requireWhollyKnown(list);
    throw invalid('list', 'can only flatten lists, sets and tuples');
  }
  const out: Value[] = [];
  const visit = (items: readonly Value[]): void => {
    for (const item of items) {
      // An unknown element might itself be a list that would be flattened.
      if (item === UNKNOWN) throw new Indeterminate();
      if (Array.isArray(item)) visit(item);
      else out.push(item);
    }
  };
  visit(list);
  return out;
}

export function distinct(args: readonly Value[]): Value {
  arity('distinct', args, 1);
  const list = listArg(args[0] as Value, 'list', DYNAMIC);
  requireWhollyKnown(list);
  const out: Value[] = [];
  for (const item of list) {
    let present = false;
    for (const kept of out) {
      const equality = valuesEqual(kept, item);
      if (equality === 'unknown') throw new Indeterminate();
      if (equality === 'equal') present = true;
    }
    if (!present) out.push(item);
  }
  return out;
}

export function coalescelist(args: readonly Value[]): Value {
  if (args.length === 0) throw new EvalError('Invalid function argument: at least one argument is required.');
  for (const arg of args) {
    if (arg === UNKNOWN) break;
    // A null here is taken to be a typed null list (a variable or attribute), which Terraform skips.
    if (arg !== null && !Array.isArray(arg)) {
      throw new EvalError('Invalid function argument: coalescelist arguments must be lists or tuples.');
    }
  }
  for (const arg of args) {
    const list = known(arg);
    if (list === null) continue;
    if ((list as readonly Value[]).length > 0) return list;
  }
  throw new EvalError('Invalid function argument: no non-null arguments.');
}

export function compact(args: readonly Value[]): Value {
  arity('compact', args, 1);
  const list = listArg(args[0] as Value, 'list', STRING);
  requireWhollyKnown(list);
  return list.filter((item) => item !== null && item !== '');
}

export function slice(args: readonly Value[]): Value {
  arity('slice', args, 3);
  const list = notNull(args[0] as Value, 'list');
  if (list !== UNKNOWN && !Array.isArray(list)) throw invalid('list', 'must be a list or tuple value');
  const start = intArg(args[1] as Value, 'start_index', 'invalid start index: ');
  const end = intArg(args[2] as Value, 'end_index', 'invalid end index: ');
  const items = known(list) as readonly Value[];
  if (start < 0) throw invalid('start_index', 'start index must not be less than zero');
  if (start > items.length) throw invalid('start_index', 'start index must not be greater than the length of the list');
  if (end < 0) throw invalid('end_index', 'end index must not be less than zero');
  if (end > items.length) throw invalid('end_index', 'end index must not be greater than the length of the list');
  if (start > end) throw invalid('start_index', 'start index must not be greater than end index');
  return items.slice(start, end);
}

export function reverse(args: readonly Value[]): Value {
  arity('reverse', args, 1);
  const list = notNull(args[0] as Value, 'list');
  if (list !== UNKNOWN && !Array.isArray(list)) {
    throw invalid('list', `can only reverse list or tuple values, not ${typeName(list)}`);
  }
  return [...(known(list) as readonly Value[])].reverse();
}

export function sort(args: readonly Value[]): Value {
  arity('sort', args, 1);
  const list = listArg(args[0] as Value, 'list', STRING);
  requireWhollyKnown(list);
  list.forEach((item, i) => {
    if (item === null) throw new EvalError(`Invalid function argument: given list element ${i} is null; a null string cannot be sorted.`);
  });
  return [...(list as readonly string[])].sort(compareStrings);
}

export function matchkeys(args: readonly Value[]): Value {
  arity('matchkeys', args, 3);
  const valueList = listArg(args[0] as Value, 'values', DYNAMIC);
  const keyList = listArg(args[1] as Value, 'keys', DYNAMIC);
  const searchList = listArg(args[2] as Value, 'searchset', DYNAMIC);
  const common = unify([elementTypeOf(keyList), elementTypeOf(searchList)]);
  if (!common) throw new EvalError('Invalid function argument: keys and searchset must be of the same type.');
  if (valueList.length !== keyList.length) {
    throw new EvalError('Invalid function argument: length of keys and values should be equal.');
  }
  const keysConverted = convert(keyList, listOf(common)) as readonly Value[];
  const search = convert(searchList, listOf(common)) as readonly Value[];
  if (search.length === 0) return [];
  requireWhollyKnown(valueList);
  requireWhollyKnown(keysConverted);
  const out: Value[] = [];
  keysConverted.forEach((key, i) => {
    for (const candidate of search) {
      const equality = valuesEqual(key, candidate);
      // Terraform answers an empty list here, which later becomes something else once the value is known.
      if (equality === 'unknown') throw new Indeterminate();
      if (equality === 'equal') {
        out.push(valueList[i] as Value);
        break;
      }
    }
  });
  return out;
}

function elementTypeOf(list: readonly Value[]): TfType {
  if (list.length === 0) return DYNAMIC;
  return unify(list.map(typeOf)) ?? DYNAMIC;
}

export function one(args: readonly Value[]): Value {
  arity('one', args, 1);
  const detail = 'must be a list, set, or tuple value with either zero or one elements';
  const list = sequenceArg(args[0] as Value, 'list', detail);
  if (list.length > 1) throw invalid('list', detail);
  return list.length === 0 ? null : (list[0] as Value);
}

export function alltrue(args: readonly Value[]): Value {
  arity('alltrue', args, 1);
  for (const item of listArg(args[0] as Value, 'list', BOOL)) {
    if (item === UNKNOWN) throw new Indeterminate();
    if (item !== true) return false;
  }
  return true;
}

export function anytrue(args: readonly Value[]): Value {
  arity('anytrue', args, 1);
  let undecided = false;
  for (const item of listArg(args[0] as Value, 'list', BOOL)) {
    if (item === UNKNOWN) undecided = true;
    else if (item === true) return true;
  }
  if (undecided) throw new Indeterminate();
  return false;
}

export function chunklist(args: readonly Value[]): Value {
  arity('chunklist', args, 2);
  const list = listArg(args[0] as Value, 'list', DYNAMIC);
  const size = intArg(args[1] as Value, 'size', 'invalid size: ');
  if (size < 0) throw new EvalError('Invalid function argument: the size argument must be positive.');
  if (list.length === 0) return [];
  if (size === 0) return [list];
  const out: Value[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Terraform's coalesce: the first argument that is neither null nor (for strings) empty. */
export function coalesce(args: readonly Value[]): Value {
  const common = unify(args.map(typeOf));
  if (!common) throw new EvalError('Invalid function argument: all arguments must have the same type.');
  for (const arg of args) {
    let value: Value;
    try {
      value = convert(arg, common);
    } catch (error) {
      // Terraform ignores a failed conversion here and moves on as if the argument were null.
      if (error instanceof EvalError) continue;
      throw error;
    }
    if (value === UNKNOWN) throw new Indeterminate();
    if (value === null || (common.kind === 'string' && value === '')) continue;
    return value;
  }
  throw new EvalError('Invalid function argument: no non-null, non-empty-string arguments.');
}
