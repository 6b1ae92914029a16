// Set algebra: setunion, setintersection, setsubtract. Results are sets, ordered as Terraform orders them.
import { type Value } from '../../../../rules/api';
import { EvalError } from '../eval-error';
import { arity, convertArg, known, notNull } from './args';
import { buildSet, identityKey } from './set-order';
import { DYNAMIC, setOf, typeOf, type TfType } from './types';
import { unify } from './unify';

function setOperation(
  name: string,
  minArgs: number,
  maxArgs: number,
  combine: (sets: readonly (readonly Value[])[]) => Value[],
): (args: readonly Value[]) => Value {
  return (args) => {
    arity(name, args, minArgs, maxArgs);
    const sets = args.map((arg, i) => {
      const param = i === 0 ? 'first_set' : 'other_sets';
      return known(convertArg(notNull(known(arg), param), setOf(DYNAMIC), param)) as readonly Value[];
    });
    const elementTypes = sets.map(elementType).filter((type): type is TfType => type !== undefined);
    const common = elementTypes.length === 0 ? DYNAMIC : unify(elementTypes);
    if (!common) throw new EvalError('Invalid function argument: given sets must all have compatible element types.');
    const converted = sets.map((set) => buildSet(set.length === 0 ? [] : (convertArg(set, setOf(common), 'sets') as Value[]), common));
    return buildSet(combine(converted), common);
  };
}

// Empty sets of no particular type do not take part in choosing the common element type.
function elementType(set: readonly Value[]): TfType | undefined {
  return set.length === 0 ? undefined : unify(set.map(typeOf));
}

function includes(set: readonly Value[], value: Value): boolean {
  const key = identityKey(value);
  return set.some((item) => identityKey(item) === key);
}

export const setunion = setOperation('setunion', 1, Infinity, (sets) => sets.flat());

export const setintersection = setOperation('setintersection', 1, Infinity, (sets) =>
  (sets[0] ?? []).filter((item) => sets.every((set) => includes(set, item))),
);

export const setsubtract = setOperation('setsubtract', 2, 2, ([a = [], b = []]) => a.filter((item) => !includes(b, item)));
