// format and formatlist: cty's format verbs, with numbers rendered as Go's fmt renders math/big values.
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError, Indeterminate } from '../eval-error';
import { containsUnknown } from '../value-ops';
import { arity, stringArg } from './args';
import { convert } from './convert';
import { decimalOf, decimalToBigInt, formatFloat, isIntegral } from './decimal';
import { encodeJson, encodeJsonString } from './json';
import { graphemes } from './text';
import { BOOL, NUMBER, STRING, type TfType } from './types';

interface Verb {
  readonly raw: string;
  readonly offset: number;
  readonly argNum: number;
  readonly mode: string;
  readonly zero: boolean;
  readonly sharp: boolean;
  readonly plus: boolean;
  readonly minus: boolean;
  readonly space: boolean;
  /** -1 when absent. */
  readonly width: number;
  readonly prec: number;
}

export function format(args: readonly Value[]): Value {
  arity('format', args, 1, Infinity);
  const spec = stringArg(args[0] as Value, 'format');
  const values = args.slice(1);
  if (values.some(containsUnknown)) throw new Indeterminate();
  return formatString(spec, values);
}

export function formatlist(args: readonly Value[]): Value {
  arity('formatlist', args, 1, Infinity);
  const spec = stringArg(args[0] as Value, 'format');
  const values = args.slice(1);
  if (values.length === 0) return [formatString(spec, [])];
  let iterations = -1;
  let chooser = -1;
  let undecided = false;
  values.forEach((value, i) => {
    if (value === UNKNOWN) {
      // It might be a list whose length sets the number of results.
      undecided = true;
    } else if (Array.isArray(value)) {
      if (iterations === -1) {
        iterations = value.length;
        chooser = i;
      } else if (value.length !== iterations) {
        throw new EvalError(
          `Invalid value for "args" parameter: argument ${i + 1} has length ${value.length}, which is inconsistent with argument ${chooser + 1} of length ${iterations}.`,
        );
      }
    }
  });
  if (undecided) throw new Indeterminate();
  if (iterations === -1) iterations = 1;
  const out: Value[] = [];
  for (let iteration = 0; iteration < iterations; iteration++) {
    const row = values.map((value) => (Array.isArray(value) ? (value[iteration] as Value) : value));
    if (row.some(containsUnknown)) {
      out.push(UNKNOWN);
      continue;
    }
    try {
      out.push(formatString(spec, row));
    } catch (error) {
      if (error instanceof EvalError) throw new EvalError(`error on format iteration ${iteration}: ${error.message}`);
      throw error;
    }
  }
  return out;
}

/** cty's format state machine over a format string and wholly known arguments. */
export function formatString(spec: string, args: readonly Value[]): string {
  let out = '';
  let nextArg = 1;
  let highestArg = 0;
  let i = 0;
  while (i < spec.length) {
    const char = spec.charAt(i);
    if (char !== '%') {
      out += char;
      i++;
      continue;
    }
    if (spec.charAt(i + 1) === '%') {
      out += '%';
      i += 2;
      continue;
    }
    const start = i++;
    const flags = { zero: false, sharp: false, plus: false, minus: false, space: false };
    const flagNames: { readonly [c: string]: keyof typeof flags } = { '0': 'zero', '#': 'sharp', '+': 'plus', '-': 'minus', ' ': 'space' };
    while (i < spec.length && Object.prototype.hasOwnProperty.call(flagNames, spec.charAt(i))) {
      flags[flagNames[spec.charAt(i)] as keyof typeof flags] = true;
      i++;
    }
    let width = -1;
    const widthMatch = /^[1-9][0-9]*/.exec(spec.slice(i));
    if (widthMatch) {
      width = Number(widthMatch[0]);
      i += widthMatch[0].length;
    }
    let prec = -1;
    if (spec.charAt(i) === '.') {
      const precMatch = /^[0-9]*/.exec(spec.slice(i + 1)) as RegExpExecArray;
      prec = Number(precMatch[0] || '0');
      i += 1 + precMatch[0].length;
    }
    let argNum = nextArg;
    if (spec.charAt(i) === '[') {
      const indexMatch = /^\[([1-9][0-9]*)\]/.exec(spec.slice(i));
      if (!indexMatch) throw formatSyntaxError(spec, i);
      argNum = Number(indexMatch[1]);
      i += indexMatch[0].length;
    }
    const mode = spec.charAt(i);
    if (!/^[A-Za-z]$/.test(mode)) throw formatSyntaxError(spec, i);
    i++;
    if (width > 1e6 || prec > 1e6) throw new Indeterminate('format width beyond reason');
    const verb: Verb = { raw: spec.slice(start, i), offset: start, argNum, mode, ...flags, width, prec };
    highestArg = Math.max(highestArg, argNum);
    out += formatVerb(verb, args);
    nextArg = argNum + 1;
  }
  if (highestArg < args.length) {
    if (highestArg === 0) throw new EvalError('Invalid value for "args" parameter: too many arguments; no verbs in format string.');
    throw new EvalError(`Invalid value for "args" parameter: too many arguments; only ${highestArg} used by format string.`);
  }
  return out;
}

function formatSyntaxError(spec: string, offset: number): EvalError {
  if (offset >= spec.length) return new EvalError(`Invalid function argument: invalid format string starting at offset ${offset}.`);
  const char = String.fromCodePoint(spec.codePointAt(offset) as number);
  return new EvalError(`Invalid function argument: unrecognized format character ${JSON.stringify(char)} at offset ${offset}.`);
}

function formatVerb(verb: Verb, args: readonly Value[]): string {
  if (verb.argNum - 1 >= args.length) {
    throw new EvalError(
      `Invalid function argument: not enough arguments for "${verb.raw}" at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total.`,
    );
  }
  const arg = args[verb.argNum - 1] as Value;
  if (verb.mode !== 'v' && arg === null) throw unsupported(verb, 'null value cannot be formatted');
  switch (verb.mode) {
    case 'v':
      if (!verb.sharp && typeof arg === 'string') return pad(verb, arg);
      if (!verb.sharp && typeof arg === 'number') return pad(verb, formatFloat(arg, 'g', -1));
      return pad(verb, encodeJson(arg));
    case 't':
      return (convertFor(verb, arg, BOOL) as boolean) ? 'true' : 'false';
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
      return formatInteger(verb, convertFor(verb, arg, NUMBER) as number);
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatNumber(verb, convertFor(verb, arg, NUMBER) as number);
    case 's':
    case 'q': {
      let text = convertFor(verb, arg, STRING) as string;
      if (verb.prec > 0) text = graphemes(text).slice(0, verb.prec).join('');
      return pad(verb, verb.mode === 's' ? text : encodeJsonString(text));
    }
    default:
      throw new EvalError(`Invalid function argument: unsupported format verb "${verb.mode}" in "${verb.raw}" at offset ${verb.offset}.`);
  }
}

function convertFor(verb: Verb, arg: Value, type: TfType): Value {
  try {
    const converted = convert(arg, type);
    if (converted === UNKNOWN) throw new Indeterminate();
    return converted;
  } catch (error) {
    if (error instanceof EvalError) throw unsupported(verb, error.message);
    throw error;
  }
}

function unsupported(verb: Verb, detail: string): EvalError {
  return new EvalError(`Invalid function argument: unsupported value for "${verb.raw}" at ${verb.offset}: ${detail}.`);
}

// cty's own padding for %v, %s and %q: counts grapheme clusters and pads with zeros when asked, even on the right.
function pad(verb: Verb, text: string): string {
  if (verb.width < 0) return text;
  const length = graphemes(text).length;
  if (length >= verb.width) return text;
  const padding = (verb.zero ? '0' : ' ').repeat(verb.width - length);
  return verb.minus ? text + padding : padding + text;
}

// Go's big.Int.Format.
function formatInteger(verb: Verb, n: number): string {
  const d = decimalOf(n);
  if (!isIntegral(d)) throw unsupported(verb, 'an integer is required');
  const value = decimalToBigInt(d);
  if (value >= 2n ** 512n || value <= -(2n ** 512n)) throw new Indeterminate('integer beyond Terraform precision');
  // Go has changed the prefixes `#` gives binary and octal numbers across versions.
  if (verb.sharp && (verb.mode === 'b' || verb.mode === 'o')) throw new Indeterminate('format flag that varies across versions');
  const base = { b: 2, d: 10, o: 8, x: 16, X: 16 }[verb.mode as 'b' | 'd' | 'o' | 'x' | 'X'];
  let digits = (value < 0n ? -value : value).toString(base);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  const sign = value < 0n ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const prefix = verb.sharp && verb.mode === 'x' ? '0x' : verb.sharp && verb.mode === 'X' ? '0X' : '';
  let zeros = 0;
  if (verb.prec >= 0) {
    if (digits.length < verb.prec) zeros = verb.prec - digits.length;
    else if (digits === '0' && verb.prec === 0) return '';
  }
  let left = 0;
  let right = 0;
  const length = sign.length + prefix.length + zeros + digits.length;
  if (verb.width >= 0 && length < verb.width) {
    const gap = verb.width - length;
    if (verb.minus) right = gap;
    else if (verb.zero && verb.prec < 0) zeros = gap;
    else left = gap;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

// Go's big.Float.Format.
function formatNumber(verb: Verb, n: number): string {
  // Whether Go pads with zeros when both `0` and `-` are given has changed across versions.
  if (verb.zero && verb.minus && verb.width >= 0) throw new Indeterminate('format flags that vary across versions');
  const mode = verb.mode as 'e' | 'E' | 'f' | 'g' | 'G';
  const prec = verb.prec >= 0 ? verb.prec : mode === 'g' || mode === 'G' ? -1 : 6;
  let text = formatFloat(n, mode, prec);
  let sign = verb.plus ? '+' : verb.space ? ' ' : '';
  if (text.startsWith('-')) {
    sign = '-';
    text = text.slice(1);
  }
  const padding = verb.width > sign.length + text.length ? verb.width - sign.length - text.length : 0;
  if (verb.zero) return sign + '0'.repeat(padding) + text;
  if (verb.minus) return sign + text + ' '.repeat(padding);
  return ' '.repeat(padding) + sign + text;
}
