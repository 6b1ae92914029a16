// The explicit type conversion functions: tostring, tonumber, tobool, tolist, toset, tomap.
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError } from '../eval-error';
import { typeName } from '../value-ops';
import { arity } from './args';
import { convert } from './convert';
import { BOOL, DYNAMIC, friendlyName, listOf, mapOf, NUMBER, setOf, STRING, type TfType } from './types';

function conversionFunction(name: string, type: TfType): (args: readonly Value[]) => Value {
  return (args) => {
    arity(name, args, 1);
    const value = args[0] as Value;
    if (value === UNKNOWN || value === null) return value;
    try {
      return convert(value, type);
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      let detail = `cannot convert ${typeName(value)} to ${friendlyName(type)}`;
      if (typeof value === 'string' && type.kind === 'number') {
        detail = `cannot convert ${JSON.stringify(value)} to number; given string must be a decimal representation of a number`;
      } else if (typeof value === 'string' && type.kind === 'bool') {
        detail = `cannot convert ${JSON.stringify(value)} to bool; only the strings "true" or "false" are allowed`;
      }
      throw new EvalError(`Invalid value for "v" parameter: ${detail}.`);
    }
  };
}

export const tostring = conversionFunction('tostring', STRING);
export const tonumber = conversionFunction('tonumber', NUMBER);
export const tobool = conversionFunction('tobool', BOOL);
export const tolist = conversionFunction('tolist', listOf(DYNAMIC));
export const toset = conversionFunction('toset', setOf(DYNAMIC));
export const tomap = conversionFunction('tomap', mapOf(DYNAMIC));
