// Conversion of a value to a type, as cty's convert.Convert does it for function arguments and to*().
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError } from '../eval-error';
import { getAttr, isObject, makeObject, toTfBool, toTfNumber, toTfString, typeName } from '../value-ops';
import { buildSet } from './set-order';
import { DYNAMIC, friendlyName, typeOf, type TfType } from './types';
import { unify } from './unify';

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
      const element = type.element.kind === 'dynamic' ? commonType(Object.values(value), type, 'object') : type.element;
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
