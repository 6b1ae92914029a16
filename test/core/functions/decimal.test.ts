import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EvalError, Indeterminate } from '../../../server/src/core/eval-error';
import { formatFloat, isExactDecimal, numberFromBigInt, parseNumberText, plainDecimal, type FloatFormat } from '../../../server/src/core/functions/decimal';

describe('plainDecimal', () => {
  const cases: [string, number, string][] = [
    ['an integer', 42, '42'],
    ['a fraction', 0.1, '0.1'],
    ['a large number', 1e21, '1000000000000000000000'],
    ['a very large number', 1.5e300, `15${'0'.repeat(299)}`],
    ['a small number', 1.5e-7, '0.00000015'],
    ['a negative number', -2.5, '-2.5'],
    ['zero', 0, '0'],
  ];
  for (const [name, n, expected] of cases) test(name, () => assert.equal(plainDecimal(n), expected));
});

describe('formatFloat', () => {
  const cases: [string, number, FloatFormat, number, string][] = [
    ['shortest %e', 123.456, 'e', -1, '1.23456e+02'],
    ['shortest %g of zero', 0, 'g', -1, '0'],
    ['shortest %g switches to an exponent at 1e21', 1e21, 'g', -1, '1e+21'],
    ['ten digits %g', 100, 'g', 10, '100'],
    ['ten digits %g of a long number', 1234567890123, 'g', 10, '1.23456789e+12'],
    ['ten digits %g of a small number', 0.00001, 'g', 10, '1e-05'],
    ['an exact tie rounds to even', 0.125, 'f', 2, '0.12'],
    ['an exact tie rounds to even, upwards', 0.375, 'f', 2, '0.38'],
    ['2.675 lies below in 512-bit binary', 2.675, 'f', 2, '2.67'],
    ['0.55 lies above in 512-bit binary', 0.55, 'f', 1, '0.6'],
    ['rounding carries into a new digit', 9.96, 'f', 1, '10.0'],
    ['rounding a small number to zero', 0.001, 'f', 1, '0.0'],
    ['%E', 1500, 'E', 2, '1.50E+03'],
    ['%G with a small exponent', 0.0000123, 'G', 3, '1.23E-05'],
  ];
  for (const [name, n, format, prec, expected] of cases) {
    test(name, () => assert.equal(formatFloat(n, format, prec), expected));
  }
  test('infinity has no Terraform number', () => assert.throws(() => formatFloat(Infinity, 'f', -1), Indeterminate));
});

describe('parseNumberText', () => {
  const cases: [string, string, number][] = [
    ['an integer', '1', 1],
    ['a leading dot', '.5', 0.5],
    ['a trailing dot', '5.', 5],
    ['a plus sign', '+1', 1],
    ['negative zero', '-0', -0],
    ['an exponent', '25e-1', 2.5],
    ['trailing zeros', '1.2500', 1.25],
  ];
  for (const [name, text, expected] of cases) test(name, () => assert.equal(parseNumberText(text), expected));
  const rejected: [string, string][] = [
    ['letters', 'abc'],
    ['the empty string', ''],
    ['a lone dot', '.'],
    ['an exponent without digits', '1e'],
    ['hex', '0x10'],
    ['spaces', ' 1'],
  ];
  for (const [name, text] of rejected) test(`${name} is rejected`, () => assert.throws(() => parseNumberText(text), EvalError));
  const indeterminate: [string, string][] = [
    ['underflow', '1e-400'],
    ['overflow', '1e400'],
    ['infinity', 'Inf'],
    ['a binary exponent', '1p3'],
    ['more digits than a double holds', '0.1000000000000000055511151231257827'],
  ];
  for (const [name, text] of indeterminate) {
    test(`${name} has no exact double`, () => assert.throws(() => parseNumberText(text), Indeterminate));
  }
});

describe('isExactDecimal', () => {
  const cases: [string, number, boolean][] = [
    ['one half', 0.5, true],
    ['an integer', 123, true],
    ['10^21', 1e21, true],
    ['one tenth is not exact in binary', 0.1, false],
    ['2^60 prints rounded', 2 ** 60, false],
    ['2^-30 prints rounded', 2 ** -30, false],
  ];
  for (const [name, n, expected] of cases) test(name, () => assert.equal(isExactDecimal(n), expected));
});

describe('numberFromBigInt', () => {
  test('a small integer', () => assert.equal(numberFromBigInt(123n), 123));
  test('10^21 is exact', () => assert.equal(numberFromBigInt(10n ** 21n), 1e21));
  test('2^60 has no double that prints it', () => assert.throws(() => numberFromBigInt(2n ** 60n), Indeterminate));
});
