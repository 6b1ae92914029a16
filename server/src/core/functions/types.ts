// Terraform's types as far as the function library needs them. Values do not carry types, so the type a value
// implies takes an array for a tuple and a plain object for an object, which is what literals are in Terraform.
import { UNKNOWN, type Value } from '../../../../rules/api';
import { isObject } from '../value-ops';

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
