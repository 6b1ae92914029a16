import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UNKNOWN, type Value } from '../../../rules/api';
import { EvalError } from '../../../server/src/core/eval-error';
import {
  compareStrings,
  containsUnknown,
  equalsValue,
  getAttr,
  makeObject,
  sortedKeys,
  toTfBool,
  toTfNumber,
  toTfString,
  typeName,
  valuesEqual,
  type Equality,
  type TypeName,
} from '../../../server/src/core/value-ops';

const U: typeof UNKNOWN = UNKNOWN;

describe('typeName', () => {
  const cases: [string, Value, TypeName][] = [
    ['null', null, 'null'],
    ['bool', true, 'bool'],
    ['number', 1, 'number'],
    ['string', 's', 'string'],
    ['array', [], 'tuple'],
    ['object', {}, 'object'],
    ['unknown', U, 'unknown'],
  ];
  for (const [name, value, expected] of cases) test(name, () => assert.equal(typeName(value), expected));
});

describe('containsUnknown', () => {
  const cases: [string, Value, boolean][] = [
    ['UNKNOWN itself', U, true],
    ['nested in a list', [1, [U]], true],
    ['nested in an object', { a: { b: U } }, true],
    ['a known list', [1, 'a'], false],
    ['a string', 's', false],
    ['null', null, false],
  ];
  for (const [name, value, expected] of cases) test(name, () => assert.equal(containsUnknown(value), expected));
});

describe('valuesEqual', () => {
  const cases: [string, Value, Value, Equality][] = [
    ['equal numbers', 1, 1, 'equal'],
    ['a number and its string', 1, '1', 'unequal'],
    ['a bool and its string', true, 'true', 'unequal'],
    ['equal strings', 'a', 'a', 'equal'],
    ['strings equal after NFC normalization', 'é', 'e\u0301', 'equal'],
    ['zero and negative zero', 0, -0, 'equal'],
    ['equal lists', [1, 2], [1, 2], 'equal'],
    ['lists of different lengths', [1], [1, 2], 'unequal'],
    ['equal objects', { a: 1 }, { a: 1 }, 'equal'],
    ['objects with different keys', { a: 1 }, { b: 1 }, 'unequal'],
    ['null and null', null, null, 'equal'],
    ['null and a value', null, 1, 'unequal'],
    ['an unknown and a value', U, 1, 'unknown'],
    ['an unknown and null', U, null, 'unknown'],
    ['a leading unknown element decides', [U, 1], [2, 1], 'unknown'],
    ['a leading unequal element decides', [2, U], [1, 3], 'unequal'],
    ['element types that can never match', [1, U], [2, 'x'], 'unequal'],
    ['an unknown attribute may decide in any order', { a: U, b: 1 }, { a: 1, b: 2 }, 'unknown'],
    ['nested nulls make Terraform answer unknown', [null], [null], 'unknown'],
    ['a nested null against a value', { a: null }, { a: 1 }, 'unknown'],
    ['a nested null in lists of different lengths', [null], ['a', 'b'], 'unequal'],
  ];
  for (const [name, a, b, expected] of cases) {
    test(name, () => {
      assert.equal(valuesEqual(a, b), expected);
      assert.equal(valuesEqual(b, a), expected);
    });
  }
});

describe('equalsValue', () => {
  const cases: [string, Value, Value, Value][] = [
    ['equal', 1, 1, true],
    ['unequal', 1, 2, false],
    ['unknown', U, 1, U],
  ];
  for (const [name, a, b, expected] of cases) test(name, () => assert.equal(equalsValue(a, b), expected));
});

describe('toTfString', () => {
  const cases: [string, Value, Value][] = [
    ['a string', 'a', 'a'],
    ['a string is normalized to NFC', 'e\u0301', 'é'],
    ['a fraction', 1.5, '1.5'],
    ['a large number', 1e21, '1000000000000000000000'],
    ['a small number', 1e-7, '0.0000001'],
    ['a bool', false, 'false'],
    ['an unknown', U, U],
  ];
  for (const [name, value, expected] of cases) test(name, () => assert.equal(toTfString(value), expected));
  const errors: [string, Value][] = [
    ['null', null],
    ['a list', [1]],
    ['an object', {}],
  ];
  for (const [name, value] of errors) test(`${name} is rejected`, () => assert.throws(() => toTfString(value), EvalError));
});

describe('toTfNumber', () => {
  const cases: [string, Value, Value][] = [
    ['a number', 5, 5],
    ['a decimal string', '5', 5],
    ['an exponent', '1e3', 1000],
    ['an unknown', U, U],
    ['a number beyond doubles is unknown', '1e999', U],
  ];
  for (const [name, value, expected] of cases) test(name, () => assert.equal(toTfNumber(value), expected));
  const errors: [string, Value][] = [
    ['letters', 'x'],
    ['a bool', true],
    ['null', null],
  ];
  for (const [name, value] of errors) test(`${name} is rejected`, () => assert.throws(() => toTfNumber(value), EvalError));
});

describe('toTfBool', () => {
  const cases: [string, Value, Value][] = [
    ['a bool', true, true],
    ['"true"', 'true', true],
    ['"false"', 'false', false],
    ['"1"', '1', true],
    ['"0"', '0', false],
    ['an unknown', U, U],
  ];
  for (const [name, value, expected] of cases) test(name, () => assert.equal(toTfBool(value), expected));
  test('upper case gets a hint', () => assert.throws(() => toTfBool('TRUE'), /use lowercase "true"/));
  const errors: [string, Value][] = [
    ['another word', 'yes'],
    ['a number', 1],
    ['null', null],
  ];
  for (const [name, value] of errors) test(`${name} is rejected`, () => assert.throws(() => toTfBool(value), EvalError));
});

describe('objects with arbitrary keys', () => {
  test('__proto__ becomes an own property', () => {
    const object = makeObject([
      ['__proto__', 1],
      ['a', 2],
    ]);
    assert.deepStrictEqual(object, { ['__proto__']: 1, a: 2 });
    assert.equal(Object.getPrototypeOf(object), Object.prototype);
  });
  test('inherited names are not attributes', () => assert.equal(getAttr({}, 'constructor'), undefined));
  test('an own __proto__ attribute is read', () => assert.equal(getAttr(makeObject([['__proto__', 1]]), '__proto__'), 1));
  test('keys sort by UTF-8 bytes', () => assert.deepStrictEqual(sortedKeys({ é: 1, b: 1, B: 1, '😸': 1, '\uffff': 1 }), ['B', 'b', 'é', '\uffff', '😸']));
});

describe('compareStrings', () => {
  const cases: [string, string, string, number][] = [
    ['ASCII order', 'a', 'b', -1],
    ['a prefix sorts first', '', 'a', -1],
    ['equal', 'x', 'x', 0],
    ['upper case before lower case', 'a', 'B', 1],
    ['astral characters after the rest of the BMP', '😸', '\uffff', 1],
  ];
  for (const [name, a, b, expected] of cases) test(name, () => assert.equal(Math.sign(compareStrings(a, b)), expected));
});
