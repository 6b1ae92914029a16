import { fails, table, U } from './harness';

table('tostring', [
  ['a string', ['a'], 'a'],
  ['an integer', [1], '1'],
  ['a fraction', [1.5], '1.5'],
  ['a large number has no exponent', [1e21], '1000000000000000000000'],
  ['a small number has no exponent', [1e-7], '0.0000001'],
  ['a bool', [true], 'true'],
  ['null stays null', [null], null],
  ['an unknown', [U], U],
  ['a tuple is rejected', [[1]], fails(/cannot convert tuple to string/)],
  ['an object is rejected', [{}], fails(/cannot convert object to string/)],
]);

table('tonumber', [
  ['an integer string', ['1'], 1],
  ['a decimal string', ['1.50'], 1.5],
  ['a negative string', ['-0.5'], -0.5],
  ['an exponent', ['1e3'], 1000],
  ['a number', [5], 5],
  ['surrounding space is rejected', [' 1'], fails(/decimal representation of a number/)],
  ['letters are rejected', ['abc'], fails(/cannot convert "abc" to number/)],
  ['hex is rejected', ['0x10'], fails()],
  ['digit separators are rejected', ['1_000'], fails()],
  ['infinity is not reproduced', ['Inf'], U],
  ['more digits than a double holds', ['12345678901234567890'], U],
  ['a bool is rejected', [true], fails(/cannot convert bool to number/)],
  ['null stays null', [null], null],
  ['an unknown', [U], U],
]);

table('tobool', [
  ['"true"', ['true'], true],
  ['"false"', ['false'], false],
  ['"1"', ['1'], true],
  ['"0"', ['0'], false],
  ['a bool', [false], false],
  ['wrong case', ['True'], fails(/only the strings "true" or "false" are allowed/)],
  ['another word', ['yes'], fails(/cannot convert "yes" to bool/)],
  ['a number is rejected', [1], fails(/cannot convert number to bool/)],
  ['null stays null', [null], null],
  ['an unknown', [U], U],
]);

table('tolist', [
  ['numbers and strings become strings', [[1, 'a']], ['1', 'a']],
  ['numbers stay numbers', [[1, 2]], [1, 2]],
  ['an empty tuple', [[]], []],
  ['nulls take the common type', [[null, 1]], [null, 1]],
  ['an unknown among strings', [[U, 'a']], [U, 'a']],
  ['an unknown that may change the common type', [[U, 1]], U],
  ['tuples of different lengths become lists', [[[1], ['a', 'b']]], [['1'], ['a', 'b']]],
  ['objects with the same attributes unify', [[{ a: 1 }, { a: 'x' }]], [{ a: '1' }, { a: 'x' }]],
  ['objects with different attributes become maps', [[{ a: 1 }, { b: 'x' }]], [{ a: '1' }, { b: 'x' }]],
  ['numbers and bools have no common type', [[1, true]], fails(/cannot convert tuple to list of any single type/)],
  ['a nested tuple next to null has no common type', [[[1], null]], fails(/list of any single type/)],
  ['a string is rejected', ['a'], fails(/cannot convert string to list of any single type/)],
  ['an object is rejected', [{ a: 1 }], fails(/cannot convert object to list/)],
  ['null stays null', [null], null],
  ['an unknown', [U], U],
]);

table('toset', [
  ['sorted and deduplicated', [['b', 'a', 'b']], ['a', 'b']],
  ['mixed numbers and strings become strings', [['b', 1, 'a']], ['1', 'a', 'b']],
  ['numbers sort numerically', [[3, 10, 1, 3]], [1, 3, 10]],
  ['bools sort false first', [[true, false, true]], [false, true]],
  ['an empty tuple', [[]], []],
  ['nulls sort last', [[null, 'a']], ['a', null]],
  ['lists are ordered by their hash', [[[2], [1], [1]]], [[1], [2]]],
  ['objects are ordered by their hash', [[{ a: 'x' }, { a: 'b' }]], [{ a: 'b' }, { a: 'x' }]],
  ['hash order compares digits as text', [[{ a: 9 }, { a: 10 }]], [{ a: 10 }, { a: 9 }]],
  ['an unknown element has no known place', [['a', U]], U],
  ['a string is rejected', ['a'], fails(/cannot convert string to set of any single type/)],
  ['null stays null', [null], null],
  ['an unknown', [U], U],
]);

table('tomap', [
  ['values convert to a common type', [{ a: 1, b: 'x' }], { a: '1', b: 'x' }],
  ['numbers stay numbers', [{ a: 1 }], { a: 1 }],
  ['an empty object', [{}], {}],
  ['an unknown among strings', [{ a: U, b: 'x' }], { a: U, b: 'x' }],
  ['an unknown that may change the common type', [{ a: U, b: 1 }], U],
  ['no common type', [{ a: [1], b: 'x' }], fails(/cannot convert object to map of any single type/)],
  ['a tuple is rejected', [[1]], fails(/cannot convert tuple to map/)],
  ['null stays null', [null], null],
  ['an unknown', [U], U],
]);
