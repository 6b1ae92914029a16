import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UNKNOWN, type Value } from '../../../rules/api';
import { EvalError, Indeterminate } from '../../../server/src/core/eval-error';
import { FUNCTIONS, IMPLEMENTATIONS } from '../../../server/src/core/functions/registry';

const REQUIRED = `jsonencode jsondecode merge concat lookup length lower upper format tolist toset tomap coalesce element keys
  values contains min max flatten distinct join split replace startswith endswith tostring tonumber tobool coalescelist
  compact slice reverse sort range zipmap setunion setintersection setsubtract one sum abs ceil floor signum substr title
  trimspace trim trimprefix trimsuffix chomp indent strrev formatlist alltrue anytrue index matchkeys chunklist transpose
  base64encode base64decode urlencode parseint pow`.split(/\s+/);

const IMPURE = ['file', 'templatefile', 'timestamp', 'uuid', 'fileexists', 'abspath', 'pathexpand', 'bcrypt', 'try', 'can'];

describe('registry', () => {
  for (const name of REQUIRED) test(`${name} is registered`, () => assert.ok(FUNCTIONS.has(name)));
  for (const name of IMPURE) test(`${name} is not registered`, () => assert.ok(!FUNCTIONS.has(name)));
  test('functions are also reachable under core::', () => assert.equal(FUNCTIONS.get('core::upper')?.(['a']), 'A'));
  test('an error Terraform reports is an EvalError', () => assert.throws(() => FUNCTIONS.get('upper')?.([]), EvalError));
  test('a detail not reproduced exactly becomes UNKNOWN', () => assert.equal(FUNCTIONS.get('upper')?.(['ß']), UNKNOWN));
});

// Odd arguments of every kind: no implementation may fail with anything but EvalError or Indeterminate, or
// return something that is not a Value.
const POOL: Value[] = [
  null,
  UNKNOWN,
  true,
  0,
  -1,
  1.5,
  1e300,
  '',
  'x',
  '%',
  '/(/',
  '{"a":[1]}',
  [],
  [UNKNOWN],
  [null, 'a'],
  [[1], 'x'],
  {},
  { a: [UNKNOWN], b: 2 },
  JSON.parse('{"__proto__": 1}') as Value,
];

function isValue(value: unknown): boolean {
  if (value === null || value === UNKNOWN || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isValue);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(isValue);
  return false;
}

function argumentLists(): Value[][] {
  const lists: Value[][] = [[]];
  for (const a of POOL) {
    lists.push([a]);
    for (const b of POOL) lists.push([a, b]);
  }
  for (const a of POOL) lists.push([a, 'x', 1], ['%s', a, [1, 2]]);
  return lists;
}

describe('robustness', () => {
  const lists = argumentLists();
  for (const [name, implementation] of Object.entries(IMPLEMENTATIONS)) {
    test(`${name} fails only as Terraform would`, () => {
      for (const args of lists) {
        try {
          const result = implementation(args);
          assert.ok(isValue(result), `${name} returned a non-value for ${String(args.length)} arguments`);
        } catch (error) {
          if (!(error instanceof EvalError || error instanceof Indeterminate)) {
            assert.fail(`${name}(${args.map((arg) => (arg === UNKNOWN ? '?' : JSON.stringify(arg))).join(', ')}) threw ${String(error)}`);
          }
        }
      }
    });
  }
});
