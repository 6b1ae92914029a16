// The order and identity of set elements, as cty keeps them.
import { type Value } from '../../../../rules/api';
import { Indeterminate } from '../eval-error';
import { compareStrings, containsUnknown, sortedKeys, type ValueObject } from '../value-ops';
import { formatFloat, plainDecimal } from './decimal';
import { DYNAMIC, typeOf, type TfType } from './types';

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
    const elementType = (i: number): TfType => (type.kind === 'tuple' ? (type.elements[i] ?? DYNAMIC) : 'element' in type ? type.element : DYNAMIC);
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
    const named: { [c: string]: string } = {
      '\x07': '\\a',
      '\b': '\\b',
      '\f': '\\f',
      '\n': '\\n',
      '\r': '\\r',
      '\t': '\\t',
      '\v': '\\v',
      '"': '\\"',
      '\\': '\\\\',
    };
    const escape = named[char];
    if (escape !== undefined) out += escape;
    else if (code < 0x20) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
