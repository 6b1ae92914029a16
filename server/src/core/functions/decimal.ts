// Terraform numbers are arbitrary-precision binary floats (a 512-bit mantissa when parsed from text) that it
// prints in decimal with Go's math/big. A JS number here stands for the decimal it prints as (its shortest
// round-trip form), which is exactly what a Terraform literal with that text means. This module reproduces Go's
// formatting of such numbers, and tells when a JS number cannot stand for a Terraform number exactly.
import { EvalError, Indeterminate } from '../eval-error';

export interface Decimal {
  readonly negative: boolean;
  /** Significant digits without leading or trailing zeros; '' for zero. */
  readonly digits: string;
  /** The magnitude is 0.digits × 10^exp (Go's math/big decimal convention). */
  readonly exp: number;
}

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G';

/** The shortest decimal that round-trips to `n`: the Terraform number the JS number stands for. */
export function decimalOf(n: number): Decimal {
  if (!Number.isFinite(n)) throw new Indeterminate('non-finite number');
  const negative = n < 0 || Object.is(n, -0);
  if (n === 0) return { negative, digits: '', exp: 0 };
  const [mantissa = '', exponent = '0'] = Math.abs(n).toExponential().split('e');
  return { negative, digits: mantissa.replace('.', '').replace(/0+$/, ''), exp: Number(exponent) + 1 };
}

/** Go's `big.Float.Text(format, prec)` for the Terraform number `n` stands for; `prec < 0` means shortest. */
export function formatFloat(n: number, format: FloatFormat, prec: number): string {
  if (!Number.isFinite(n)) throw new Indeterminate('non-finite number');
  let d = decimalOf(n);
  const sign = d.negative ? '-' : '';
  const shortest = prec < 0;
  if (shortest) {
    if (format === 'e' || format === 'E') prec = d.digits.length - 1;
    else if (format === 'f') prec = Math.max(d.digits.length - d.exp, 0);
    else prec = d.digits.length;
  } else if (format === 'e' || format === 'E') {
    d = roundDigits(d, 1 + prec);
  } else if (format === 'f') {
    d = roundDigits(d, d.exp + prec);
  } else {
    if (prec === 0) prec = 1;
    d = roundDigits(d, prec);
  }
  if (format === 'e' || format === 'E') return sign + fmtE(format, prec, d);
  if (format === 'f') return sign + fmtF(prec, d);
  let eprec = prec;
  if (eprec > d.digits.length && d.digits.length >= d.exp) eprec = d.digits.length;
  if (shortest) eprec = 6;
  const exp = d.exp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > d.digits.length) prec = d.digits.length;
    return sign + fmtE(format === 'g' ? 'e' : 'E', prec - 1, d);
  }
  if (prec > d.exp) prec = d.digits.length;
  return sign + fmtF(Math.max(prec - d.exp, 0), d);
}

/** How Terraform writes a number as a string or in JSON: plain decimal, never an exponent. */
export function plainDecimal(n: number): string {
  return formatFloat(n, 'f', -1);
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a string the way Terraform converts strings to numbers (Go's `big.ParseFloat` in base 10). Throws
 * EvalError when Terraform would reject the text, Indeterminate when the number has no exact JS counterpart.
 */
export function parseNumberText(text: string): number {
  const match = DECIMAL_TEXT.exec(text);
  const intPart = match?.[2] ?? '';
  const fracPart = match?.[3] ?? '';
  if (!match || (intPart === '' && fracPart === '')) {
    if (/^[+-]?(?:inf|Inf)$/.test(text) || /^[+-]?(?:\d+\.?\d*|\.\d+)[pP][+-]?\d+$/.test(text)) {
      throw new Indeterminate('number syntax this engine does not reproduce');
    }
    throw new EvalError('a number is required');
  }
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Indeterminate('number out of range');
  let digits = intPart + fracPart;
  let exp = intPart.length + Number(match[4] ?? '0');
  const leadingZeros = /^0*/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(leadingZeros).replace(/0+$/, '');
  exp -= leadingZeros;
  if (digits === '') exp = 0;
  const exact = decimalOf(n);
  if (exact.digits !== digits || exact.exp !== exp) throw new Indeterminate('number has more precision than a double');
  return n;
}

export function isIntegral(d: Decimal): boolean {
  return d.digits.length <= d.exp || d.digits === '';
}

/** The integer a Decimal stands for; only call when `isIntegral(d)`. */
export function decimalToBigInt(d: Decimal): bigint {
  if (d.digits === '') return 0n;
  const magnitude = BigInt(d.digits) * 10n ** BigInt(d.exp - d.digits.length);
  return d.negative ? -magnitude : magnitude;
}

/** A JS number standing exactly for the integer, or Indeterminate when there is none. */
export function numberFromBigInt(value: bigint): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Indeterminate('integer out of range');
  const d = decimalOf(n);
  if (!isIntegral(d) || decimalToBigInt(d) !== value) throw new Indeterminate('integer has no exact double');
  return n;
}

/**
 * Whether the double's exact binary value is the decimal it prints as. Only then does JS arithmetic on it
 * agree with Terraform's: Terraform's binary value for `0.1` is not the double's, but `0.5` is the same in both.
 */
export function isExactDecimal(n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (Number.isSafeInteger(n)) return true;
  const { mantissa, exponent } = binaryParts(Math.abs(n));
  const shortest = decimalOf(n);
  if (exponent >= 0) {
    return isIntegral(shortest) && decimalToBigInt({ ...shortest, negative: false }) === mantissa << BigInt(exponent);
  }
  const scaled = (mantissa * 5n ** BigInt(-exponent)).toString();
  const digits = scaled.replace(/0+$/, '');
  return digits === shortest.digits && scaled.length + exponent === shortest.exp;
}

function binaryParts(magnitude: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, magnitude);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

// Go's decimal.round(n): keep n significant digits. An exact tie in the decimal is decided by where Terraform's
// 512-bit binary value for it lies, which is what Go actually rounds.
function roundDigits(d: Decimal, n: number): Decimal {
  if (n < 0 || n >= d.digits.length) return d;
  const digit = d.digits.charAt(n);
  let up: boolean;
  if (digit === '5' && n + 1 === d.digits.length) {
    const direction = binaryRoundingDirection(d);
    up = direction === 0 ? n > 0 && Number(d.digits.charAt(n - 1)) % 2 === 1 : direction > 0;
  } else {
    up = digit >= '5';
  }
  if (!up) {
    const digits = d.digits.slice(0, n).replace(/0+$/, '');
    return { negative: d.negative, digits, exp: digits === '' ? 0 : d.exp };
  }
  let i = n;
  while (i > 0 && d.digits.charAt(i - 1) === '9') i--;
  if (i === 0) return { negative: d.negative, digits: '1', exp: d.exp + 1 };
  return {
    negative: d.negative,
    digits: d.digits.slice(0, i - 1) + String(Number(d.digits.charAt(i - 1)) + 1),
    exp: d.exp,
  };
}

/** Whether the nearest 512-bit binary float to |d| lies above (1), below (-1) or exactly on (0) it. */
function binaryRoundingDirection(d: Decimal): -1 | 0 | 1 {
  const mantissa = BigInt(d.digits);
  const scale = d.exp - d.digits.length;
  const num = scale >= 0 ? mantissa * 10n ** BigInt(scale) : mantissa;
  const den = scale >= 0 ? 1n : 10n ** BigInt(-scale);
  let shift = 511 - (bitLength(num) - bitLength(den));
  for (;;) {
    const a = shift >= 0 ? num << BigInt(shift) : num;
    const b = shift >= 0 ? den : den << BigInt(-shift);
    const quotient = a / b;
    const bits = bitLength(quotient);
    if (bits > 512) {
      shift--;
      continue;
    }
    if (bits < 512) {
      shift++;
      continue;
    }
    const remainder = a % b;
    if (remainder === 0n) return 0;
    const twice = 2n * remainder;
    if (twice !== b) return twice > b ? 1 : -1;
    return (quotient & 1n) === 1n ? 1 : -1;
  }
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

function fmtE(format: 'e' | 'E', prec: number, d: Decimal): string {
  let out = d.digits.length > 0 ? d.digits.charAt(0) : '0';
  if (prec > 0) {
    out += '.';
    let i = 1;
    const m = Math.min(d.digits.length, prec + 1);
    if (i < m) {
      out += d.digits.slice(i, m);
      i = m;
    }
    for (; i <= prec; i++) out += '0';
  }
  out += format;
  const exp = d.digits.length > 0 ? d.exp - 1 : 0;
  out += exp < 0 ? '-' : '+';
  const magnitude = Math.abs(exp);
  return out + (magnitude < 10 ? '0' : '') + String(magnitude);
}

function fmtF(prec: number, d: Decimal): string {
  let out: string;
  if (d.exp > 0) {
    const m = Math.min(d.digits.length, d.exp);
    out = d.digits.slice(0, m) + '0'.repeat(d.exp - m);
  } else {
    out = '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      const j = d.exp + i;
      out += j >= 0 && j < d.digits.length ? d.digits.charAt(j) : '0';
    }
  }
  return out;
}
