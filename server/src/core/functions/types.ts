// Terraform's type system as far as the function library needs it: the type a value implies, unification to a
// common type (cty's convert.UnifyUnsafe) and conversion (cty's convert.Convert). Values do not carry types, so
// an array is taken for a tuple and a plain object for an object, which is what literals are in Terraform.
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError, Indeterminate } from '../eval-error';
import {
  compareStrings,
  containsUnknown,
  getAttr,
  isObject,
  makeObject,
  sortedKeys,
  toTfBool,
  toTfNumber,
  toTfString,
  typeName,
  type ValueObject,
} from '../value-ops';
import { formatFloat, plainDecimal } from './decimal';

export type TfType =
  /** `dynamic` is the type of an untyped `null`; `unknown` stands for the type of an UNKNOWN value. */
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'dynamic' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'list' | 'set' | 'map'; readonly element: TfType }
  | { readonly kind: 'tuple'; readonly elements: readonly TfType[] }
  | { readonly kind: 'object'; readonly attributes: ReadonlyMap<string, TfType> };

export const STRING: TfType = { kind: 'string' };
export const NUMBER: TfType = { kind: 'number' };
export const BOOL: TfType = { kind: 'bool' };
export const DYNAMIC: TfType = { kind: 'dynamic' };
export const UNKNOWN_TYPE: TfType = { kind: 'unknown' };

export function listOf(element: TfType): TfType {
  return { kind: 'list', element };
}
export function setOf(element: TfType): TfType {
  return { kind: 'set', element };
}
export function mapOf(element: TfType): TfType {
  return { kind: 'map', element };
}

export function typeOf(value: Value): TfType {
  if (value === UNKNOWN) return UNKNOWN_TYPE;
  if (value === null) return DYNAMIC;
  if (Array.isArray(value)) return { kind: 'tuple', elements: value.map(typeOf) };
  if (isObject(value)) {
    return { kind: 'object', attributes: new Map(Object.keys(value).map((key) => [key, typeOf(value[key] as Value)])) };
  }
  return typeof value === 'string' ? STRING : typeof value === 'number' ? NUMBER : BOOL;
}

export function typeEquals(a: TfType, b: TfType): boolean {
  if (a.kind !== b.kind) return false;
  if ('element' in a && 'element' in b) return typeEquals(a.element, b.element);
  if (a.kind === 'tuple' && b.kind === 'tuple') {
    return a.elements.length === b.elements.length && a.elements.every((t, i) => typeEquals(t, b.elements[i] as TfType));
  }
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.attributes.size !== b.attributes.size) return false;
    for (const [name, t] of a.attributes) {
      const other = b.attributes.get(name);
      if (!other || !typeEquals(t, other)) return false;
    }
  }
  return true;
}

/** As Terraform names a type in messages: `string`, `list of string`, `tuple`... */
export function friendlyName(type: TfType): string {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind} of ${type.element.kind === 'dynamic' ? 'any single type' : friendlyName(type.element)}`;
    case 'unknown':
      return 'dynamic';
    default:
      return type.kind;
  }
}

// ---------------------------------------------------------------------------------------------
// Unification

/**
 * The type all the given types convert to, or undefined when there is none. Throws Indeterminate when the answer
 * depends on the type of an UNKNOWN value. An unknown alongside strings is taken to be a string too, since
 * every other type would make Terraform reject the configuration.
 */
export function unify(types: readonly TfType[]): TfType | undefined {
  if (types.length === 0) return undefined;
  const known = types.filter((type) => type.kind !== 'unknown');
  if (known.length === types.length) return unifyKnown(types);
  if (known.length === 0) return UNKNOWN_TYPE;
  const unified = unifyKnown(known);
  if (unified?.kind === 'string') return unified;
  if (unified?.kind === 'dynamic') return UNKNOWN_TYPE;
  throw new Indeterminate('the common type depends on the type of an unknown value');
}

function unifyKnown(types: readonly TfType[]): TfType | undefined {
  const objects = types.filter((type) => type.kind === 'object');
  const tuples = types.filter((type) => type.kind === 'tuple');
  const dynamics = types.filter((type) => type.kind === 'dynamic').length;
  if (objects.length > 0 && objects.length + dynamics === types.length) {
    return dynamics > 0 ? DYNAMIC : unifyObjects(objects);
  }
  if (tuples.length > 0 && tuples.length + dynamics === types.length) {
    return dynamics > 0 ? DYNAMIC : unifyTuples(tuples);
  }
  if (objects.length > 0 && tuples.length > 0) return undefined;
  for (const want of preferenceOrder(types)) {
    if (types.every((type) => canConvert(type, want))) return want;
  }
  return undefined;
}

function unifyObjects(objects: readonly TfType[]): TfType | undefined {
  const first = attributesOf(objects[0] as TfType);
  const sameNames = objects.every((object) => {
    const attributes = attributesOf(object);
    return attributes.size === first.size && [...attributes.keys()].every((name) => first.has(name));
  });
  if (!sameNames) return unifyObjectsToMap(objects);
  const attributes = new Map<string, TfType>();
  for (const name of first.keys()) {
    const unified = unify(objects.map((object) => attributesOf(object).get(name) as TfType));
    if (!unified) return undefined;
    attributes.set(name, unified);
  }
  const result: TfType = { kind: 'object', attributes };
  return objects.every((object) => canConvert(object, result)) ? result : unifyObjectsToMap(objects);
}

function unifyObjectsToMap(objects: readonly TfType[]): TfType | undefined {
  const element = unify(objects.flatMap((object) => [...attributesOf(object).values()]));
  if (!element) return undefined;
  const result = mapOf(element);
  return objects.every((object) => canConvert(object, result)) ? result : undefined;
}

function unifyTuples(tuples: readonly TfType[]): TfType | undefined {
  const length = elementsOf(tuples[0] as TfType).length;
  if (tuples.some((tuple) => elementsOf(tuple).length !== length)) return unifyTuplesToList(tuples);
  const elements: TfType[] = [];
  for (let i = 0; i < length; i++) {
    const unified = unify(tuples.map((tuple) => elementsOf(tuple)[i] as TfType));
    if (!unified) return undefined;
    elements.push(unified);
  }
  const result: TfType = { kind: 'tuple', elements };
  return tuples.every((tuple) => canConvert(tuple, result)) ? result : unifyTuplesToList(tuples);
}

function unifyTuplesToList(tuples: readonly TfType[]): TfType | undefined {
  const element = unify(tuples.flatMap((tuple) => elementsOf(tuple)));
  if (!element) return undefined;
  const result = listOf(element);
  return tuples.every((tuple) => canConvert(tuple, result)) ? result : undefined;
}

function attributesOf(type: TfType): ReadonlyMap<string, TfType> {
  return type.kind === 'object' ? type.attributes : new Map();
}

function elementsOf(type: TfType): readonly TfType[] {
  return type.kind === 'tuple' ? type.elements : [];
}

// cty's sortTypes: the most general type first; incomparable types keep their order.
function preferenceOrder(types: readonly TfType[]): TfType[] {
  const edges: number[][] = types.map(() => []);
  const inDegree: number[] = types.map(() => 0);
  for (let i = 0; i < types.length - 1; i++) {
    for (let j = i + 1; j < types.length; j++) {
      const cmp = compareGenerality(types[i] as TfType, types[j] as TfType);
      if (cmp < 0) (edges[i] as number[]).push(j);
      else if (cmp > 0) (edges[j] as number[]).push(i);
    }
  }
  for (const outs of edges) for (const j of outs) inDegree[j] = (inDegree[j] as number) + 1;
  const queue: number[] = [];
  inDegree.forEach((degree, i) => {
    if (degree === 0) queue.push(i);
  });
  for (let head = 0; head < queue.length; head++) {
    for (const j of edges[queue[head] as number] as number[]) {
      inDegree[j] = (inDegree[j] as number) - 1;
      if (inDegree[j] === 0) queue.push(j);
    }
  }
  return queue.map((i) => types[i] as TfType);
}

// cty's compareTypes: negative when `a` is the more general type.
function compareGenerality(a: TfType, b: TfType): number {
  if (a.kind === 'dynamic' || b.kind === 'dynamic') {
    if (a.kind !== 'dynamic') return -1;
    if (b.kind !== 'dynamic') return 1;
    return 0;
  }
  const primitive = (t: TfType) => t.kind === 'string' || t.kind === 'number' || t.kind === 'bool';
  if (primitive(a) && primitive(b)) {
    if (a.kind === 'string' || b.kind === 'string') {
      if (a.kind !== 'string') return 1;
      if (b.kind !== 'string') return -1;
    }
    return 0;
  }
  const pairs: [TfType, TfType][] = [];
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.attributes.size !== b.attributes.size) return 0;
    for (const [name, t] of a.attributes) {
      const other = b.attributes.get(name);
      if (!other) return 0;
      pairs.push([t, other]);
    }
  } else if (a.kind === 'tuple' && b.kind === 'tuple') {
    if (a.elements.length !== b.elements.length) return 0;
    a.elements.forEach((t, i) => pairs.push([t, b.elements[i] as TfType]));
  } else {
    return 0;
  }
  let aSuper = false;
  let bSuper = false;
  for (const [x, y] of pairs) {
    const cmp = compareGenerality(x, y);
    if (cmp < 0) aSuper = true;
    else if (cmp > 0) bSuper = true;
  }
  return aSuper === bSuper ? 0 : aSuper ? -1 : 1;
}

/** Whether Terraform has a conversion (possibly failing for some values, like "abc" to number). */
export function canConvert(from: TfType, to: TfType): boolean {
  if (to.kind === 'dynamic' || to.kind === 'unknown' || from.kind === 'dynamic' || from.kind === 'unknown') return true;
  if (typeEquals(from, to)) return true;
  switch (to.kind) {
    case 'string':
      return from.kind === 'number' || from.kind === 'bool';
    case 'number':
    case 'bool':
      return from.kind === 'string';
    case 'list':
    case 'set':
      if (from.kind === 'list' || from.kind === 'set') return canConvert(from.element, to.element);
      return from.kind === 'tuple' && canConvertAll(from.elements, to.element);
    case 'map':
      if (from.kind === 'map') return canConvert(from.element, to.element);
      return from.kind === 'object' && canConvertAll([...from.attributes.values()], to.element);
    case 'tuple':
      return (
        from.kind === 'tuple' &&
        from.elements.length === to.elements.length &&
        from.elements.every((t, i) => canConvert(t, to.elements[i] as TfType))
      );
    case 'object':
      if (from.kind !== 'object') return false;
      for (const [name, t] of to.attributes) {
        const source = from.attributes.get(name);
        if (!source || !canConvert(source, t)) return false;
      }
      return true;
  }
}

function canConvertAll(types: readonly TfType[], element: TfType): boolean {
  if (element.kind !== 'dynamic') return types.every((type) => canConvert(type, element));
  if (types.length === 0) return true;
  const unified = unify(types);
  if (!unified) return false;
  return unified.kind !== 'dynamic' || types.every((type) => type.kind === 'dynamic');
}

// ---------------------------------------------------------------------------------------------
// Conversion

/**
 * Converts a value to a type as Terraform does for function arguments and `to*` functions. UNKNOWN parts stay
 * UNKNOWN; a collection whose common type cannot be found throws EvalError.
 */
export function convert(value: Value, type: TfType): Value {
  if (value === UNKNOWN || value === null) return value;
  switch (type.kind) {
    case 'dynamic':
    case 'unknown':
      return value;
    case 'string':
      return toTfString(value);
    case 'number':
      return toTfNumber(value);
    case 'bool':
      return toTfBool(value);
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) throw mismatch(value, type);
      const element = type.element.kind === 'dynamic' ? commonType(value, type) : type.element;
      const items = value.map((item) => convert(item, element));
      return type.kind === 'set' ? buildSet(items, element) : items;
    }
    case 'map': {
      if (!isObject(value)) throw mismatch(value, type);
      const element =
        type.element.kind === 'dynamic' ? commonType(Object.values(value), type, 'object') : type.element;
      return makeObject(Object.keys(value).map((key) => [key, convert(value[key] as Value, element)]));
    }
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.elements.length) throw mismatch(value, type);
      return value.map((item, i) => convert(item, type.elements[i] as TfType));
    case 'object': {
      if (!isObject(value)) throw mismatch(value, type);
      const entries: [string, Value][] = [];
      for (const [name, attributeType] of type.attributes) {
        const attribute = getAttr(value, name);
        if (attribute === undefined) throw new EvalError(`attribute "${name}" is required`);
        entries.push([name, convert(attribute, attributeType)]);
      }
      return makeObject(entries);
    }
  }
}

/** The element type a tuple or object converts to for a collection of any single type. */
function commonType(items: readonly Value[], target: TfType, from = 'tuple'): TfType {
  if (items.length === 0) return DYNAMIC;
  const types = items.map(typeOf);
  const unified = unify(types);
  if (!unified || (unified.kind === 'dynamic' && types.some((type) => type.kind !== 'dynamic'))) {
    throw new EvalError(`cannot convert ${from} to ${friendlyName(target)}`);
  }
  return unified;
}

function mismatch(value: Value, type: TfType): EvalError {
  return new EvalError(`${friendlyName(type)} required, but have ${typeName(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Sets

/**
 * A set as Terraform orders it: duplicates removed; strings in byte order, numbers ascending, false before
 * true, other elements by their hash; nulls last. Elements with unknown parts have no known place, so such a
 * set is Indeterminate.
 */
export function buildSet(items: readonly Value[], element: TfType): Value[] {
  const unique = new Map<string, Value>();
  for (const item of items) {
    if (containsUnknown(item)) throw new Indeterminate('a set with unknown elements has no known order');
    const key = identityKey(item);
    if (!unique.has(key)) unique.set(key, item);
  }
  const values = [...unique.values()];
  const nonNull = values.filter((item) => item !== null);
  const nulls = values.length - nonNull.length;
  let sorted: Value[];
  if (element.kind === 'string') sorted = nonNull.sort((a, b) => compareStrings(a as string, b as string));
  else if (element.kind === 'number') sorted = nonNull.sort((a, b) => (a as number) - (b as number));
  else if (element.kind === 'bool') sorted = nonNull.sort((a, b) => Number(a) - Number(b));
  else sorted = sortByHash(nonNull, element);
  return nulls > 0 ? [...sorted, null] : sorted;
}

/** A key equal for two values exactly when they are the same set element. */
export function identityKey(value: Value): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return `n${plainDecimal(value)}`;
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(identityKey).join(',')}]`;
  const object = value as ValueObject;
  return `{${sortedKeys(object)
    .map((key) => `${JSON.stringify(key)}:${identityKey(object[key] as Value)}`)
    .join(',')}}`;
}

function sortByHash(values: readonly Value[], element: TfType): Value[] {
  const hashed = values.map((value): { value: Value; hash: string } => ({ value, hash: setHash(value, element) }));
  if (new Set(hashed.map((entry) => entry.hash)).size !== hashed.length) {
    throw new Indeterminate('set elements whose order Terraform leaves to hash buckets');
  }
  return hashed.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0)).map((entry) => entry.value);
}

// cty's appendSetHashBytes: the bytes that order set elements of non-primitive types.
function setHash(value: Value, type: TfType): string {
  if (value === null) return '~';
  if (typeof value === 'number') return formatFloat(value, 'g', 10);
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'string') return goQuoteAscii(value);
  const kind = type.kind === 'dynamic' || type.kind === 'unknown' ? typeOf(value).kind : type.kind;
  if (Array.isArray(value)) {
    const elementType = (i: number): TfType =>
      type.kind === 'tuple' ? (type.elements[i] ?? DYNAMIC) : 'element' in type ? type.element : DYNAMIC;
    const inner = value.map((item, i) => `${setHash(item, elementType(i))};`).join('');
    return kind === 'list' || kind === 'set' ? `[${inner}]` : `<${inner}>`;
  }
  const object = value as ValueObject;
  const attributeType = (name: string): TfType =>
    type.kind === 'object' ? (type.attributes.get(name) ?? DYNAMIC) : 'element' in type ? type.element : DYNAMIC;
  if (kind === 'map') {
    const inner = sortedKeys(object).map((key) => `${goQuoteAscii(key)}:${setHash(object[key] as Value, attributeType(key))};`);
    return `{${inner.join('')}}`;
  }
  return `<${sortedKeys(object)
    .map((key) => `${setHash(object[key] as Value, attributeType(key))};`)
    .join('')}>`;
}

// Go's strconv.Quote, for the ASCII strings whose escaping is certain.
function goQuoteAscii(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code > 0x7e) {
      if (code === 0x7f) {
        out += '\\x7f';
        continue;
      }
      throw new Indeterminate('set element hash of a non-ASCII string');
    }
    const named: { [c: string]: string } = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
    const escape = named[char];
    if (escape !== undefined) out += escape;
    else if (code < 0x20) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
