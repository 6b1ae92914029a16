// regex and regexall: RE2 matching whose result shape follows the pattern's capture groups.
import { type Value } from '../../../../rules/api';
import { EvalError } from '../eval-error';
import { makeObject } from '../value-ops';
import { arity, stringArg } from './args';
import { compileRegex, regexMatchAll } from './re2';

type Shape = { readonly kind: 'string' } | { readonly kind: 'tuple' } | { readonly kind: 'object'; readonly names: readonly string[] };

function shapeOf(pattern: string): Shape {
  const names = compileRegex(pattern).names.slice(1);
  const named = names.filter((name) => name !== '');
  if (names.length === 0) return { kind: 'string' };
  if (named.length === 0) return { kind: 'tuple' };
  if (named.length !== names.length) {
    throw new EvalError('Invalid value for "pattern" parameter: invalid regexp pattern: cannot mix both named and unnamed capture groups.');
  }
  return { kind: 'object', names };
}

function result(shape: Shape, groups: readonly (string | undefined)[]): Value {
  if (shape.kind === 'string') return groups[0] as string;
  const captured = groups.slice(1).map((group) => group ?? null);
  if (shape.kind === 'tuple') return captured;
  return makeObject(shape.names.map((name, i) => [name, captured[i] as Value]));
}

export function regex(args: readonly Value[]): Value {
  arity('regex', args, 2);
  const pattern = stringArg(args[0] as Value, 'pattern');
  const shape = shapeOf(pattern);
  const [match] = regexMatchAll(pattern, stringArg(args[1] as Value, 'string'), 1);
  if (!match) throw new EvalError('Invalid function argument: pattern did not match any part of the given string.');
  return result(shape, match);
}

export function regexall(args: readonly Value[]): Value {
  arity('regexall', args, 2);
  const pattern = stringArg(args[0] as Value, 'pattern');
  const shape = shapeOf(pattern);
  return regexMatchAll(pattern, stringArg(args[1] as Value, 'string')).map((groups) => result(shape, groups));
}
