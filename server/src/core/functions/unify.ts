// Unification to a common type, as cty's convert.UnifyUnsafe does it for lists, sets, maps and coalesce().
import { Indeterminate } from '../eval-error';
import { DYNAMIC, listOf, mapOf, typeEquals, UNKNOWN_TYPE, type TfType } from './types';

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
      return from.kind === 'tuple' && from.elements.length === to.elements.length && from.elements.every((t, i) => canConvert(t, to.elements[i] as TfType));
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
