// Variable type constraints (`type = list(object({ name = string, port = optional(number, 80) }))`):
// parsed from the expression and applied to values the way Terraform converts inputs, so a tfvars
// `"5"` for a number variable is 5 and optional object attributes get their defaults.
import { UNKNOWN, type Expression, type Value } from '../../../rules/api';
import { EvalError } from './eval-error';
import { toTfBool, toTfNumber, toTfString } from './value-ops';

export type TypeSpec =
  | { readonly kind: 'string' | 'number' | 'bool' | 'any' }
  | { readonly kind: 'list' | 'set' | 'map'; readonly element: TypeSpec }
  | { readonly kind: 'tuple'; readonly elements: readonly TypeSpec[] }
  | { readonly kind: 'object'; readonly attributes: ReadonlyMap<string, ObjectAttributeSpec> };

export interface ObjectAttributeSpec {
  readonly type: TypeSpec;
  readonly optional: boolean;
  readonly default?: Expression;
}

const ANY: TypeSpec = { kind: 'any' };

/** Parsed constraints by expression: a module called many times has its variables converted each time. */
const parsedTypes = new WeakMap<Expression, TypeSpec>();

/** The type a `type` argument describes, or `any` for anything not understood (never a guess). */
export function parseTypeConstraint(expr: Expression | undefined): TypeSpec {
  if (!expr) return ANY;
  let spec = parsedTypes.get(expr);
  if (!spec) parsedTypes.set(expr, (spec = parseTypeExpression(expr)));
  return spec;
}

function parseTypeExpression(expr: Expression): TypeSpec {
  if (expr.kind === 'variable') {
    switch (expr.name) {
      case 'string':
      case 'number':
      case 'bool':
      case 'any':
        return { kind: expr.name };
      case 'list':
      case 'set':
      case 'map':
        return { kind: expr.name, element: ANY };
      default:
        return ANY;
    }
  }
  if (expr.kind !== 'call' || expr.args.length === 0) return ANY;
  const [first] = expr.args;
  switch (expr.name) {
    case 'list':
    case 'set':
    case 'map':
      return { kind: expr.name, element: parseTypeConstraint(first) };
    case 'tuple':
      return first?.kind === 'tuple' ? { kind: 'tuple', elements: first.items.map(parseTypeConstraint) } : ANY;
    case 'object': {
      if (first?.kind !== 'object') return ANY;
      const attributes = new Map<string, ObjectAttributeSpec>();
      for (const item of first.items) {
        if (item.key.kind !== 'literal' || typeof item.key.value !== 'string') return ANY;
        const value = item.value;
        if (value.kind === 'call' && value.name === 'optional' && value.args.length >= 1) {
          const spec: { type: TypeSpec; optional: boolean; default?: Expression } = { type: parseTypeConstraint(value.args[0]), optional: true };
          if (value.args[1]) spec.default = value.args[1];
          attributes.set(item.key.value, spec);
        } else {
          attributes.set(item.key.value, { type: parseTypeConstraint(value), optional: false });
        }
      }
      return { kind: 'object', attributes };
    }
    default:
      return ANY;
  }
}

/**
 * Converts a value to a type as Terraform does for input variables. Throws EvalError where Terraform
 * would reject the value. `evaluateDefault` evaluates an `optional(type, default)` default.
 */
export function convertToType(value: Value, spec: TypeSpec, evaluateDefault: (expr: Expression) => Value): Value {
  if (value === UNKNOWN || value === null || spec.kind === 'any') return value;
  switch (spec.kind) {
    case 'string':
      return toTfString(value);
    case 'number':
      return toTfNumber(value);
    case 'bool':
      return toTfBool(value);
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) throw new EvalError(`a ${spec.kind} is required`);
      const items = (value as readonly Value[]).map((item) => convertToType(item, spec.element, evaluateDefault));
      return spec.kind === 'set' ? asSet(items) : items;
    }
    case 'map': {
      if (!isObject(value)) throw new EvalError('a map is required');
      const out: Record<string, Value> = {};
      for (const [key, item] of Object.entries(value)) defineValue(out, key, convertToType(item, spec.element, evaluateDefault));
      return out;
    }
    case 'tuple': {
      if (!Array.isArray(value) || value.length !== spec.elements.length) throw new EvalError(`a tuple of ${spec.elements.length} elements is required`);
      return (value as readonly Value[]).map((item, i) => convertToType(item, spec.elements[i]!, evaluateDefault));
    }
    case 'object': {
      if (!isObject(value)) throw new EvalError('an object is required');
      const out: Record<string, Value> = {};
      for (const [name, attribute] of spec.attributes) {
        if (Object.prototype.hasOwnProperty.call(value, name) && value[name] !== null) {
          defineValue(out, name, convertToType(value[name]!, attribute.type, evaluateDefault));
        } else if (attribute.optional) {
          const fallback = attribute.default ? evaluateDefault(attribute.default) : null;
          defineValue(out, name, fallback === null ? null : convertToType(fallback, attribute.type, evaluateDefault));
        } else if (Object.prototype.hasOwnProperty.call(value, name)) {
          defineValue(out, name, null);
        } else {
          throw new EvalError(`attribute "${name}" is required`);
        }
      }
      return out;
    }
  }
}

function isObject(value: Value): value is { readonly [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets of strings are ordered lexically and hold no duplicates; other sets keep first occurrences. */
function asSet(items: readonly Value[]): Value[] {
  if (items.every((item) => typeof item === 'string')) return [...new Set(items as string[])].sort();
  return [...items];
}

/** Assigns a property, even one named `__proto__`, as an own data property. */
export function defineValue(target: Record<string, Value>, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
