import { fails, table, U } from './harness';

table('jsonencode', [
  ['a string', ['hello'], '"hello"'],
  ['an integer', [1], '1'],
  ['a fraction', [1.5], '1.5'],
  ['a large number has no exponent', [1e21], '1000000000000000000000'],
  ['a small negative number has no exponent', [-0.000001], '-0.000001'],
  ['a bool', [true], 'true'],
  ['null', [null], 'null'],
  ['object keys are sorted, no whitespace', [{ b: 1, a: [1, 'x'] }], '{"a":[1,"x"],"b":1}'],
  ['keys sort by UTF-8 bytes', [{ é: 1, z: 2, Z: 3 }], '{"Z":3,"z":2,"é":1}'],
  ['HTML characters are escaped as Go does', ['<a href="x">&</a>'], '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"'],
  ['line and paragraph separators are escaped', ['\u2028\u2029'], '"\\u2028\\u2029"'],
  ['control characters', ['tab\tnl\n\u0001'], '"tab\\tnl\\n\\u0001"'],
  ['non-ASCII text is written as is', ['é😸'], '"é😸"'],
  ['strings are normalized to NFC', ['e\u0301'], '"é"'],
  ['__proto__ is an ordinary key', [{ ['__proto__']: 1 }], '{"__proto__":1}'],
  ['a backspace escape depends on the Go version', ['\b'], U],
  ['an unknown element', [[U]], U],
  ['an unknown attribute', [{ a: U }], U],
  ['an unknown', [U], U],
  ['no arguments', [], fails(/expects 1/)],
]);

table('jsondecode', [
  ['an object', ['{"a":1}'], { a: 1 }],
  ['an array of mixed values', ['[1,"a",true,null]'], [1, 'a', true, null]],
  ['a string', ['"x"'], 'x'],
  ['a number', ['1.5'], 1.5],
  ['surrounding whitespace', [' {} '], {}],
  ['a repeated key of the same type keeps the last', ['{"a":1,"a":2}'], { a: 2 }],
  ['a repeated key of another type', ['{"a":1,"a":"x"}'], fails(/duplicate "a" property/)],
  ['a repeated key whose number is not held exactly', ['{"a":1,"a":12345678901234567890}'], { a: U }],
  ['__proto__ becomes an own attribute', ['{"__proto__":{"x":1}}'], { ['__proto__']: { x: 1 } }],
  ['a number beyond double precision is unknown', ['[1, 12345678901234567890]'], [1, U]],
  ['escapes', ['"\\u0041\\n\\/"'], 'A\n/'],
  ['a surrogate pair', ['"\\ud83d\\ude38"'], '😸'],
  ['a lone surrogate becomes U+FFFD, as in Go', ['"\\ud800"'], '\ufffd'],
  ['empty input', [''], fails()],
  ['unterminated', ['{'], fails()],
  ['a trailing comma', ['[1,]'], fails()],
  ['a leading zero', ['01'], fails()],
  ['two values', ['1 2'], fails(/extraneous data/)],
  ['single quotes', ["{'a':1}"], fails()],
  ['a raw tab in a string', ['"a\tb"'], fails()],
  ['an unknown', [U], U],
]);

table('base64encode', [
  ['ASCII', ['hello'], 'aGVsbG8='],
  ['the empty string', [''], ''],
  ['UTF-8 bytes', ['é'], 'w6k='],
  ['a number converts', [5], 'NQ=='],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('base64decode', [
  ['padded', ['aGVsbG8='], 'hello'],
  ['line breaks are ignored', ['aGVs\nbG8=\r\n'], 'hello'],
  ['the empty string', [''], ''],
  ['missing padding', ['aGVsbG8'], fails(/failed to decode base64 data/)],
  ['spaces are not allowed', ['aGVs bG8='], fails(/failed to decode/)],
  ['URL-safe characters are not allowed', ['aGVsbG8-'], fails(/failed to decode/)],
  ['bytes that are not UTF-8', ['/w=='], fails(/not valid UTF-8/)],
  ['an unknown', [U], U],
]);

table('urlencode', [
  ['a space becomes a plus', ['a b'], 'a+b'],
  ['reserved characters are escaped', ['a&b=c/d?'], 'a%26b%3Dc%2Fd%3F'],
  ['unreserved characters are kept', ['-_.~'], '-_.~'],
  ['UTF-8 bytes are escaped', ['é'], '%C3%A9'],
  ['an unknown', [U], U],
  ['a tuple is rejected', [[]], fails(/string required/)],
]);

table('md5', [
  ['of a string', ['hello'], '5d41402abc4b2a76b9719d911017c592'],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('sha1', [
  ['of a string', ['hello'], 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('sha256', [
  ['of a string', ['hello'], '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('sha512', [
  [
    'of the empty string',
    [''],
    'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
  ],
  ['an unknown', [U], U],
  ['a tuple is rejected', [[]], fails(/string required/)],
]);

table('base64sha256', [
  ['of a string', ['hello'], 'LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ='],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('base64sha512', [
  ['of a string', ['hello'], 'm3HSJL1i83hdltRq0+o9czGb+8KJDKra4t/3JRlnPKcjI8PZm6XBHXx6zG4UuMXaDEZjR1wuXDre9G9zvN7AQw=='],
  ['an unknown', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);
