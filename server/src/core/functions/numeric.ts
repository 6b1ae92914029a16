// Numeric functions. Results are returned only when JS arithmetic gives exactly the number Terraform's
// arbitrary-precision arithmetic prints; otherwise they are unknown.
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError, Indeterminate } from '../eval-error';
import { typeName } from '../value-ops';
import { arity, intArg, invalid, known, notNull, numberArg, requireWhollyKnown } from './args';
import { convert } from './convert';
import { isExactDecimal, numberFromBigInt } from './decimal';
import { NUMBER } from './types';

/** a + b when the double sum is exactly the decimal sum Terraform computes. */
export function exactSum(a: number, b: number): number {
  const sum = a + b;
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(sum)) return sum;
  const exact = isExactDecimal(a) && isExactDecimal(b) && isExactDecimal(sum) && sum - a === b && sum - b === a;
  if (!exact) throw new Indeterminate('inexact arithmetic');
  return sum;
}

function numbersOf(args: readonly Value[]): number[] {
  if (args.length === 0) throw new EvalError(`Invalid function argument: must pass at least one number.`);
  // Every known argument is converted (and may be rejected) before an unknown one makes the result unknown.
  const converted = args.map((arg) => (arg === UNKNOWN ? UNKNOWN : numberArg(notNull(arg, 'numbers'), 'numbers')));
  return converted.map((n) => known(n) as number);
}

export function min(args: readonly Value[]): Value {
  return numbersOf(args).reduce((a, b) => (b < a ? b : a), Infinity);
}

export function max(args: readonly Value[]): Value {
  return numbersOf(args).reduce((a, b) => (b > a ? b : a), -Infinity);
}

export function abs(args: readonly Value[]): Value {
  arity('abs', args, 1);
  return Math.abs(numberArg(args[0] as Value, 'num'));
}

// Adding zero turns JS's -0 into the +0 Terraform produces.
export function ceil(args: readonly Value[]): Value {
  arity('ceil', args, 1);
  return Math.ceil(numberArg(args[0] as Value, 'num')) + 0;
}

export function floor(args: readonly Value[]): Value {
  arity('floor', args, 1);
  return Math.floor(numberArg(args[0] as Value, 'num')) + 0;
}

export function signum(args: readonly Value[]): Value {
  arity('signum', args, 1);
  return Math.sign(intArg(args[0] as Value, 'num')) + 0;
}

export function sum(args: readonly Value[]): Value {
  arity('sum', args, 1);
  const list = notNull(known(args[0] as Value), 'list');
  if (typeof list !== 'object') throw invalid('list', 'cannot sum noniterable');
  const items = Array.isArray(list) ? list : Object.values(list);
  if (items.length === 0) throw invalid('list', 'cannot sum an empty list');
  if (!Array.isArray(list)) throw invalid('list', `argument must be list, set, or tuple. Received ${typeName(list)}`);
  requireWhollyKnown(list);
  let total: number | undefined;
  for (const item of items) {
    let n: Value;
    try {
      n = item === null ? null : convert(item, NUMBER);
    } catch (error) {
      if (error instanceof EvalError) n = null;
      else throw error;
    }
    if (n === null) throw invalid('list', 'argument must be list, set, or tuple of number values');
    total = total === undefined ? (known(n) as number) : exactSum(total, known(n) as number);
  }
  return total as number;
}

/** pow, for the cases where JS and Go's math.Pow are bound to agree bit for bit. */
export function pow(args: readonly Value[]): Value {
  arity('pow', args, 2);
  const x = numberArg(args[0] as Value, 'num');
  const y = numberArg(args[1] as Value, 'power');
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (x === 0) {
    if (y < 0) throw new Indeterminate('infinite result');
    return Object.is(x, -0) && Number.isInteger(y) && Math.abs(y % 2) === 1 ? -0 : 0;
  }
  if (y === 0.5 || y === -0.5) {
    if (x < 0) throw new EvalError('Invalid function argument: result is not a number.');
    return y === 0.5 ? Math.sqrt(x) : 1 / Math.sqrt(x);
  }
  if (!Number.isInteger(y)) {
    if (x < 0) throw new EvalError('Invalid function argument: result is not a number.');
    throw new Indeterminate('non-integer power');
  }
  if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y) || (Math.abs(x) >= 2 && Math.abs(y) > 53)) {
    throw new Indeterminate('pow beyond exact integers');
  }
  const magnitude = BigInt(x) ** BigInt(Math.abs(y));
  if (magnitude > 2n ** 53n || magnitude < -(2n ** 53n)) throw new Indeterminate('pow beyond exact integers');
  return y > 0 ? Number(magnitude) : 1 / Number(magnitude);
}

export function parseint(args: readonly Value[]): Value {
  arity('parseint', args, 2);
  const text = notNull(known(args[0] as Value), 'number');
  if (typeof text !== 'string') throw invalid('number', `first argument must be a string, not ${typeName(text)}`);
  const base = intArg(args[1] as Value, 'base');
  if (base < 2 || base > 62) throw invalid('base', 'base must be a whole number between 2 and 62 inclusive');
  const parsed = parseBigInt(text, base);
  if (parsed === undefined) throw invalid('number', `cannot parse ${JSON.stringify(text)} as a base ${base} integer`);
  return numberFromBigInt(parsed);
}

// Go's big.Int.SetString with an explicit base: an optional sign and digits only.
function parseBigInt(text: string, base: number): bigint | undefined {
  const negative = text.startsWith('-');
  const digits = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  if (digits === '') return undefined;
  let value = 0n;
  for (const char of digits) {
    const digit = digitValue(char, base);
    if (digit === undefined || digit >= base) return undefined;
    value = value * BigInt(base) + BigInt(digit);
  }
  return negative ? -value : value;
}

function digitValue(char: string, base: number): number | undefined {
  const code = char.charCodeAt(0);
  if (char.length !== 1) return undefined;
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 97 + 10;
  if (code >= 65 && code <= 90) return base <= 36 ? code - 65 + 10 : code - 65 + 36;
  return undefined;
}

export function range(args: readonly Value[]): Value {
  if (args.length < 1 || args.length > 3) throw new EvalError('Invalid function argument: must have one, two, or three arguments.');
  const numbers = args.map((arg) => (arg === UNKNOWN ? UNKNOWN : numberArg(arg, 'params')));
  const [a, b, c] = numbers.map((n) => known(n) as number) as [number, number?, number?];
  let start = 0;
  let end = a;
  let step = a < 0 ? -1 : 1;
  if (numbers.length >= 2) {
    start = a;
    end = b as number;
    step = end < start ? -1 : 1;
  }
  if (numbers.length === 3) step = c as number;
  if (step === 0) throw invalid('step', 'step must not be zero');
  const down = step < 0;
  if (down && end > start) throw invalid('end', 'end must be less than start when step is negative');
  if (!down && end < start) throw invalid('end', 'end must be greater than start when step is positive');
  const out: number[] = [];
  for (let n = start; down ? n > end : n < end; n = exactSum(n, step)) {
    if (out.length >= 1024) {
      throw new EvalError(
        'Invalid function argument: more than 1024 values were generated; either decrease the difference between start and end or use a smaller step.',
      );
    }
    out.push(n);
  }
  return out;
}
