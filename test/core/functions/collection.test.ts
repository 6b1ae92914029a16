import { fails, table, U } from './harness';

table('length', [
  ['a list', [[1, 2, 3]], 3],
  ['an empty list', [[]], 0],
  ['unknown elements still count', [[U, 1]], 2],
  ['an object counts its attributes', [{ a: 1, b: U }], 2],
  ['a string counts characters', ['hello'], 5],
  ['a decomposed accent is one character', ['noe\u0308l'], 4],
  ['an emoji with a skin tone is one character', ['💃🏿'], 1],
  ['an unknown value', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
  ['a number is rejected', [5], fails(/collection type/)],
  ['a bool is rejected', [true], fails()],
  ['no arguments', [], fails(/expects 1/)],
]);

table('concat', [
  ['two lists', [[1], [2, 3]], [1, 2, 3]],
  ['unknown elements are kept', [[U], [1]], [U, 1]],
  ['empty lists', [[], []], []],
  ['mixed element types stay as they are', [['a'], [1]], ['a', 1]],
  ['an unknown list', [[1], U], U],
  ['no arguments', [], fails(/at least one/)],
  ['a string is rejected', [[1], 'x'], fails(/lists or tuples/)],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('element', [
  ['an index inside the list', [['a', 'b', 'c'], 1], 'b'],
  ['an index wraps around', [['a', 'b', 'c'], 3], 'a'],
  ['a larger index wraps around', [['a', 'b', 'c'], 7], 'b'],
  ['a string index converts', [['a', 'b'], '1'], 'b'],
  ['the chosen element is unknown', [['a', U], 1], U],
  ['another element is unknown', [['a', U], 0], 'a'],
  ['a negative index depends on the Terraform version', [['a', 'b'], -1], U],
  ['an empty list', [[], 0], fails(/empty list/)],
  ['a fractional index', [['a'], 1.5], fails(/whole number/)],
  ['an unknown list', [U, 0], U],
  ['an unknown index', [['a'], U], U],
  ['a map is rejected', [{ a: 1 }, 0], fails(/cannot read elements from object/)],
  ['a null list is rejected', [null, 0], fails(/must not be null/)],
]);

table('contains', [
  ['present', [['a', 'b'], 'b'], true],
  ['absent', [['a', 'b'], 'c'], false],
  ['equality is type-sensitive', [[1, 2], '1'], false],
  ['strings do not equal numbers', [['1'], 1], false],
  ['deep equality', [[[1, 2], { a: 1 }], { a: 1 }], true],
  ['null finds null', [['a', null], null], true],
  ['found before an unknown element matters', [['a', U], 'a'], true],
  ['an unknown element might be it', [['b', U], 'a'], U],
  ['an unknown value', [['a'], U], U],
  ['an empty list', [[], 'a'], false],
  ['an unknown list', [U, 'a'], U],
  ['a map is rejected', [{ a: 'a' }, 'a'], fails(/list, tuple, or set/)],
  ['a null list is rejected', [null, 'a'], fails(/must not be null/)],
]);

table('index', [
  ['the first position', [['a', 'b', 'b'], 'b'], 1],
  ['not found', [['a'], 'z'], fails(/item not found/)],
  ['type-sensitive', [[1], '1'], fails(/item not found/)],
  ['an empty list', [[], 'a'], fails(/empty list/)],
  ['an unknown element before the match', [[U, 'b'], 'b'], U],
  ['an unknown element after the match', [['b', U], 'b'], 0],
  ['an unknown list', [U, 'a'], U],
  ['a null value is rejected', [['a'], null], fails(/must not be null/)],
]);

table('flatten', [
  [
    'nested lists',
    [
      [
        [1, 2],
        [3, [4]],
      ],
    ],
    [1, 2, 3, 4],
  ],
  ['an empty list', [[]], []],
  ['nulls are kept', [[null, [1]]], [null, 1]],
  ['objects are not flattened', [[{ a: [1] }]], [{ a: [1] }]],
  ['unknowns inside objects are fine', [[{ a: U }, [1]]], [{ a: U }, 1]],
  ['an unknown element might be a list', [[1, U]], U],
  ['a nested unknown element', [[[U]]], U],
  ['an unknown list', [U], U],
  ['a string is rejected', ['x'], fails(/can only flatten/)],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('distinct', [
  ['keeps first occurrences in order', [['b', 'a', 'b', 'c', 'a']], ['b', 'a', 'c']],
  ['numbers', [[1, 2, 1]], [1, 2]],
  ['elements are converted to one type first', [[1, '1', 2]], ['1', '2']],
  ['nested values', [[[1], [1], [2]]], [[1], [2]]],
  ['an empty list', [[]], []],
  ['an unknown element', [[U, 1]], U],
  ['mixed types without a common type', [[1, true]], fails(/cannot convert tuple to list of any single type/)],
  ['a string is rejected', ['x'], fails(/list of any single type required/)],
]);

table('coalesce', [
  ['skips null', [null, 'x'], 'x'],
  ['skips empty strings', ['', 'x'], 'x'],
  ['the first of several', ['a', 'b'], 'a'],
  ['converts to a common type', [1, 'x'], '1'],
  ['numbers', [null, 2, 3], 2],
  ['zero is a value', [0, 1], 0],
  ['false is a value', [false, true], false],
  ['an empty list is a value', [[], ['a']], []],
  ['an unknown first argument', [U, 'x'], U],
  ['an unknown after the answer', ['a', U], 'a'],
  ['an unknown that decides the common type', [1, U], U],
  ['all null', [null, null], fails(/no non-null, non-empty-string/)],
  ['null and empty', [null, ''], fails(/no non-null, non-empty-string/)],
  ['no common type', [1, true], fails(/same type/)],
  ['no arguments', [], fails()],
]);

table('coalescelist', [
  ['skips empty lists', [[], ['a']], ['a']],
  ['the first non-empty', [[1], [2]], [1]],
  ['skips null lists', [null, ['a']], ['a']],
  ['an unknown before the answer', [U, ['a']], U],
  ['an unknown after the answer', [['a'], U], ['a']],
  ['all empty', [[], []], fails(/no non-null/)],
  ['a string is rejected', ['x', ['a']], fails(/lists or tuples/)],
  ['no arguments', [], fails(/at least one/)],
]);

table('compact', [
  ['removes empty strings', [['a', '', 'b']], ['a', 'b']],
  ['removes nulls', [['a', null]], ['a']],
  ['converts elements to strings', [[1, '']], ['1']],
  ['an empty list', [[]], []],
  ['an unknown element', [['a', U]], U],
  ['a nested list is rejected', [[['a']]], fails(/string required/)],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('slice', [
  ['a middle section', [[1, 2, 3, 4], 1, 3], [2, 3]],
  ['an empty section', [[1, 2], 1, 1], []],
  ['the whole list', [[1, 2], 0, 2], [1, 2]],
  ['unknown elements are carried', [[U, 1], 0, 1], [U]],
  ['start beyond the end', [[1], 2, 2], fails(/greater than the length/)],
  ['end beyond the end', [[1], 0, 2], fails(/greater than the length/)],
  ['start after end', [[1, 2], 2, 1], fails(/start index must not be greater than end index/)],
  ['a negative start', [[1, 2], -1, 1], fails(/less than zero/)],
  ['a fractional index', [[1, 2], 0.5, 1], fails(/whole number/)],
  ['an unknown list', [U, 0, 1], U],
  ['an unknown index', [[1], U, 1], U],
  ['a map is rejected', [{ a: 1 }, 0, 1], fails(/list or tuple/)],
]);

table('reverse', [
  ['reverses', [[1, 2, 3]], [3, 2, 1]],
  ['an empty list', [[]], []],
  ['unknown elements move too', [[U, 1]], [1, U]],
  ['an unknown list', [U], U],
  ['a string is rejected', ['abc'], fails(/can only reverse list or tuple values, not string/)],
]);

table('sort', [
  ['strings', [['b', 'a', 'c']], ['a', 'b', 'c']],
  ['lexical, not numeric', [['10', '9', '1']], ['1', '10', '9']],
  ['numbers are sorted as strings', [[3, 10, 1]], ['1', '10', '3']],
  ['UTF-8 byte order', [['é', 'z', 'Z', 'a']], ['Z', 'a', 'z', 'é']],
  ['an empty list', [[]], []],
  ['an unknown element', [[U, 'a']], U],
  ['a null element', [['a', null]], fails(/null/)],
  ['a string is rejected', ['x'], fails()],
]);

table('matchkeys', [
  ['values whose keys are in the search set', [['i-1', 'i-2', 'i-3'], ['us-west', 'us-east', 'us-east'], ['us-east']], ['i-2', 'i-3']],
  ['an empty search set', [['a'], ['x'], []], []],
  ['keys and search set convert to a common type', [['a', 'b'], [1, 2], ['1']], ['a']],
  ['an unknown value', [[U, 'b'], ['x', 'y'], ['y']], U],
  ['lengths differ', [['a'], ['x', 'y'], ['x']], fails(/length of keys and values should be equal/)],
]);

table('one', [
  ['an empty list', [[]], null],
  ['a single element', [['a']], 'a'],
  ['a single unknown element', [[U]], U],
  ['two elements', [['a', 'b']], fails(/zero or one elements/)],
  ['a string is rejected', ['a'], fails(/zero or one elements/)],
  ['an unknown list', [U], U],
  ['null is rejected', [null], fails(/must not be null/)],
]);

table('alltrue', [
  ['an empty list', [[]], true],
  ['all true', [[true, true]], true],
  ['one false', [[true, false]], false],
  ['strings convert', [['true', true]], true],
  ['null counts as false', [[true, null]], false],
  ['an unknown before a false', [[U, false]], U],
  ['a false before an unknown', [[false, U]], false],
  ['true and unknown', [[true, U]], U],
  ['an unknown list', [U], U],
  ['a non-bool string', [['yes']], fails(/bool/)],
]);

table('anytrue', [
  ['an empty list', [[]], false],
  ['one true', [[false, true]], true],
  ['a true after an unknown', [[U, true]], true],
  ['false and unknown', [[false, U]], U],
  ['nulls are skipped', [[null, false]], false],
  ['strings convert', [['true']], true],
  ['an unknown list', [U], U],
  ['a non-bool string', [['maybe']], fails(/bool/)],
]);

table('chunklist', [
  ['chunks of two', [[1, 2, 3, 4, 5], 2], [[1, 2], [3, 4], [5]]],
  ['an empty list', [[], 2], []],
  ['size zero keeps the list whole', [[1, 2], 0], [[1, 2]]],
  ['elements convert to a common type', [[1, 'a'], 1], [['1'], ['a']]],
  ['unknown elements are carried', [[U, 'a'], 1], [[U], ['a']]],
  ['an unknown element that may change the common type', [[U, 1], 1], U],
  ['a negative size', [[1], -1], fails(/must be positive/)],
  ['a fractional size', [[1], 1.5], fails(/whole number/)],
  ['an unknown list', [U, 1], U],
  ['an unknown size', [[1], U], U],
]);
