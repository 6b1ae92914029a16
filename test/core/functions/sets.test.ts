import { fails, table, U } from './harness';

table('setunion', [
  [
    'combines and sorts',
    [
      ['b', 'a'],
      ['c', 'a'],
    ],
    ['a', 'b', 'c'],
  ],
  ['a single set', [['b', 'a']], ['a', 'b']],
  ['elements convert to a common type', [[1], ['a']], ['1', 'a']],
  [
    'numbers sort numerically',
    [
      [3, 1],
      [2, 10],
    ],
    [1, 2, 3, 10],
  ],
  ['empty sets', [[], []], []],
  ['an empty set does not decide the type', [[], [2, 1]], [1, 2]],
  ['an unknown element', [[U], ['a']], U],
  ['an unknown set', [['a'], U], U],
  ['a string is rejected', ['a'], fails(/set of any single type required/)],
  ['no arguments', [], fails()],
]);

table('setintersection', [
  [
    'common elements',
    [
      ['a', 'b', 'c'],
      ['b', 'c', 'd'],
    ],
    ['b', 'c'],
  ],
  ['nothing in common', [['a'], ['b']], []],
  ['three sets', [['a', 'b'], ['b', 'c'], ['b']], ['b']],
  ['elements convert before comparing', [[1, 2], ['2']], ['2']],
  ['an unknown element', [[U], ['a']], U],
  ['a map is rejected', [{ a: 1 }, ['a']], fails()],
]);

table('setsubtract', [
  ['removes elements', [['a', 'b', 'c'], ['b']], ['a', 'c']],
  ['subtracting nothing', [['b', 'a'], []], ['a', 'b']],
  ['from an empty set', [[], ['a']], []],
  ['an unknown element', [['a'], [U]], U],
  ['one argument', [['a']], fails(/expects 2/)],
]);
