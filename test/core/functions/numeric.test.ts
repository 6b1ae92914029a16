import { fails, table, U } from './harness';

table('min', [
  ['the smallest', [3, 1, 2], 1],
  ['strings convert', ['3', 2], 2],
  ['a single number', [1], 1],
  ['fractions', [-0.5, 0.25], -0.5],
  ['an unknown', [1, U], U],
  ['no arguments', [], fails(/at least one number/)],
  ['a bool is rejected', [true, 1], fails(/number required/)],
  ['a bad string is rejected even next to an unknown', ['x', U], fails(/cannot convert "x" to number/)],
  ['null is rejected', [null, 1], fails(/must not be null/)],
]);

table('max', [
  ['the largest', [3, 1, 2], 3],
  ['strings convert', ['3', 2], 3],
  ['negative numbers', [-3, -1], -1],
  ['an unknown', [U], U],
  ['no arguments', [], fails(/at least one number/)],
]);

table('abs', [
  ['a negative number', [-3], 3],
  ['a positive number', [3], 3],
  ['a fraction', [-1.5], 1.5],
  ['a string converts', ['-2'], 2],
  ['negative zero becomes zero', [-0], 0],
  ['an unknown', [U], U],
  ['a bad string', ['x'], fails()],
]);

table('ceil', [
  ['rounds up', [1.2], 2],
  ['a negative number', [-1.2], -1],
  ['never negative zero', [-0.5], 0],
  ['an integer', [5], 5],
  ['an unknown', [U], U],
  ['a string that is not a number', ['x'], fails(/cannot convert "x" to number/)],
]);

table('floor', [
  ['rounds down', [1.7], 1],
  ['a negative number', [-1.2], -2],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('signum', [
  ['negative', [-3], -1],
  ['zero', [0], 0],
  ['positive', [7], 1],
  ['a fraction is rejected', [1.5], fails(/whole number/)],
  ['an unknown', [U], U],
]);

table('sum', [
  ['integers', [[1, 2, 3]], 6],
  ['strings convert', [[1, '2']], 3],
  ['fractions that add exactly', [[0.5, 0.25]], 0.75],
  ['fractions Terraform adds in higher precision', [[0.1, 0.2]], U],
  ['opposites', [[-1, 1]], 0],
  ['an empty list', [[]], fails(/cannot sum an empty list/)],
  ['an unknown element', [[1, U]], U],
  ['a null element', [[1, null]], fails(/list, set, or tuple of number values/)],
  ['a bool element', [[true]], fails(/number values/)],
  ['a string', ['x'], fails(/noniterable/)],
  ['an object', [{ a: 1 }], fails(/Received object/)],
  ['an unknown list', [U], U],
]);

table('pow', [
  ['an integer power', [2, 10], 1024],
  ['a negative power', [10, -2], 0.01],
  ['one half', [2, -1], 0.5],
  ['a square root', [4, 0.5], 2],
  ['power zero', [5, 0], 1],
  ['zero to the zero', [0, 0], 1],
  ['zero to a positive power', [0, 3], 0],
  ['a negative base', [-2, 3], -8],
  ['zero to a negative power is infinite', [0, -1], U],
  ['a fractional power is not reproduced', [2, 0.3], U],
  ['beyond exact integers', [3, 40], U],
  ['a negative base with a fractional power', [-8, 0.25], fails(/not a number/)],
  ['an unknown', [U, 2], U],
]);

table('parseint', [
  ['decimal', ['100', 10], 100],
  ['hexadecimal', ['FF', 16], 255],
  ['lower-case hexadecimal', ['ff', 16], 255],
  ['negative binary', ['-1010', 2], -10],
  ['a plus sign', ['+7', 8], 7],
  ['base 36', ['zz', 36], 1295],
  ['base 62 distinguishes case', ['Z', 62], 61],
  ['base 62 lower case', ['a', 62], 10],
  ['a digit outside the base', ['12', 2], fails(/cannot parse "12" as a base 2 integer/)],
  ['the empty string', ['', 10], fails(/cannot parse/)],
  ['a prefix is not allowed', ['0x10', 16], fails(/cannot parse/)],
  ['underscores are not allowed', ['1_0', 10], fails(/cannot parse/)],
  ['a number is rejected', [10, 10], fails(/must be a string, not number/)],
  ['base 1', ['1', 1], fails(/between 2 and 62/)],
  ['base 63', ['1', 63], fails(/between 2 and 62/)],
  ['beyond double precision', ['123456789012345678901234567890', 10], U],
  ['an unknown', [U, 10], U],
]);

table('range', [
  ['up to a limit', [3], [0, 1, 2]],
  ['zero', [0], []],
  ['down to a negative limit', [-3], [0, -1, -2]],
  ['start and limit', [1, 4], [1, 2, 3]],
  ['counting down', [4, 1], [4, 3, 2]],
  ['a step', [0, 10, 3], [0, 3, 6, 9]],
  ['an exact fractional step', [0, 1, 0.25], [0, 0.25, 0.5, 0.75]],
  ['a step Terraform adds in higher precision', [0, 1, 0.1], U],
  ['start equals limit', [1, 1], []],
  ['strings convert', ['3'], [0, 1, 2]],
  ['a zero step', [0, 5, 0], fails(/step must not be zero/)],
  ['a negative step going up', [0, 5, -1], fails(/less than start/)],
  ['a positive step going down', [5, 0, 1], fails(/greater than start/)],
  ['too many values', [0, 2000], fails(/more than 1024 values/)],
  ['no arguments', [], fails(/one, two, or three/)],
  ['four arguments', [1, 2, 3, 4], fails(/one, two, or three/)],
  ['an unknown', [U], U],
]);
