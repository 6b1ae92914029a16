import { fails, table, U } from './harness';

table('keys', [
  ['sorted names', [{ b: 1, a: 2 }], ['a', 'b']],
  ['unknown values do not matter', [{ a: U }], ['a']],
  ['byte order of UTF-8', [{ b: 1, B: 1, é: 1, a: 1 }], ['B', 'a', 'b', 'é']],
  ['an empty object', [{}], []],
  ['__proto__ is an ordinary key', [{ ['__proto__']: 1 }], ['__proto__']],
  ['an unknown map', [U], U],
  ['a list is rejected', [[1]], fails(/map or object/)],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('values', [
  ['in key order', [{ b: 2, a: 1 }], [1, 2]],
  ['unknown values stay in place', [{ b: 2, a: U }], [U, 2]],
  ['an empty object', [{}], []],
  ['an unknown map', [U], U],
  ['a string is rejected', ['x'], fails(/requires a map/)],
]);

table('lookup', [
  ['a present key', [{ a: 1 }, 'a'], 1],
  ['a present key whose value is unknown', [{ a: U }, 'a'], U],
  ['other unknown values do not matter', [{ a: 1, b: U }, 'a'], 1],
  ['a missing key without default', [{ a: 1 }, 'b'], fails(/lookup failed to find key "b"/)],
  ['a missing key with a string default', [{ a: 'x' }, 'b', 'y'], 'y'],
  ['a number default among numbers', [{ a: 1 }, 'b', 5], 5],
  ['a default whose conversion depends on map or object', [{ a: 'x' }, 'b', 1], U],
  ['a string default on an empty map', [{}, 'b', 'd'], 'd'],
  ['a null default', [{ a: 1 }, 'b', null], null],
  ['the key converts to a string', [{ '1': 'one' }, 1], 'one'],
  ['__proto__ is not inherited', [{}, '__proto__', 'd'], 'd'],
  ['constructor is not inherited', [{}, 'constructor'], fails(/failed to find key/)],
  ['an own __proto__ attribute', [{ ['__proto__']: 1 }, '__proto__'], 1],
  ['an unknown map', [U, 'a'], U],
  ['an unknown key', [{ a: 1 }, U], U],
  ['a list is rejected', [[1], 'a'], fails(/requires a map/)],
  ['a null map is rejected', [null, 'a'], fails(/must not be null/)],
  ['too few arguments', [{ a: 1 }], fails()],
  ['too many arguments', [{ a: 1 }, 'a', 1, 2], fails()],
]);

table('merge', [
  ['disjoint objects', [{ a: 1 }, { b: 2 }], { a: 1, b: 2 }],
  ['later arguments win', [{ a: 1, b: 1 }, { a: 2 }], { a: 2, b: 1 }],
  ['unknown values are carried', [{ a: 1 }, { b: U }], { a: 1, b: U }],
  ['null arguments are skipped', [null, { a: 1 }, null], { a: 1 }],
  ['no arguments', [], {}],
  ['__proto__ becomes an own attribute', [{ ['__proto__']: { x: 1 } }, { a: 1 }], { ['__proto__']: { x: 1 }, a: 1 }],
  ['an unknown argument', [{ a: 1 }, U], U],
  ['a list is rejected', [{ a: 1 }, [1]], fails(/maps or objects, got "tuple"/)],
  ['a string is rejected even after an unknown', [U, 'x'], fails(/got "string"/)],
]);

table('zipmap', [
  [
    'pairs keys with values',
    [
      ['a', 'b'],
      [1, 2],
    ],
    { a: 1, b: 2 },
  ],
  [
    'unknown values are carried',
    [
      ['a', 'b'],
      [1, U],
    ],
    { a: 1, b: U },
  ],
  [
    'a later duplicate key wins',
    [
      ['a', 'a'],
      [1, 2],
    ],
    { a: 2 },
  ],
  ['keys convert to strings', [[1], ['x']], { '1': 'x' }],
  ['__proto__ is an own key', [['__proto__'], [1]], { ['__proto__']: 1 }],
  [
    'an unknown key',
    [
      ['a', U],
      [1, 2],
    ],
    U,
  ],
  ['lengths differ', [['a'], [1, 2]], fails(/number of keys \(1\) does not match number of values \(2\)/)],
  [
    'a null key',
    [
      ['a', null],
      [1, 2],
    ],
    fails(/null/),
  ],
  ['values must be a list', [['a'], 'x'], fails(/list or tuple/)],
  ['unknown values list', [['a'], U], U],
]);

table('transpose', [
  ['swaps keys and values', [{ a: ['1', '2'], b: ['2', '3'] }], { '1': ['a'], '2': ['a', 'b'], '3': ['b'] }],
  ['keys in each list are sorted', [{ b: ['x'], a: ['x'] }], { x: ['a', 'b'] }],
  ['values convert to strings', [{ a: [1] }], { '1': ['a'] }],
  ['an empty map', [{}], {}],
  ['an unknown list', [{ a: U }], U],
  ['an unknown element', [{ a: [U] }], U],
  ['a null list', [{ a: null }], fails(/null list/)],
  ['a null string', [{ a: [null] }], fails(/null string/)],
  ['a string value is rejected', [{ a: 'x' }], fails()],
]);
