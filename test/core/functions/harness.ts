// Table-driven checks of the Terraform function library: each case calls a function through the registry, the
// way the evaluator does, and compares the exact result.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UNKNOWN, type Value } from '../../../rules/api';
import { EvalError } from '../../../server/src/core/eval-error';
import { FUNCTIONS } from '../../../server/src/core/functions/registry';

export const U: typeof UNKNOWN = UNKNOWN;

const ERROR = Symbol('error');

/** An expected Terraform error, optionally with a pattern its message must match. */
export interface ErrorExpectation {
  readonly [ERROR]: RegExp;
}

export function fails(pattern: RegExp = /./): ErrorExpectation {
  return { [ERROR]: pattern };
}

export type Case = readonly [name: string, args: readonly Value[], expected: Value | ErrorExpectation];

export function call(name: string, args: readonly Value[]): Value {
  const fn = FUNCTIONS.get(name);
  assert.ok(fn, `function ${name} is registered`);
  return fn(args);
}

export function table(name: string, cases: readonly Case[]): void {
  describe(name, () => {
    for (const [caseName, args, expected] of cases) {
      test(caseName, () => {
        if (typeof expected === 'object' && expected !== null && ERROR in expected) {
          const pattern = (expected as ErrorExpectation)[ERROR];
          assert.throws(
            () => call(name, args),
            (error: unknown) => error instanceof EvalError && pattern.test(error.message),
          );
          return;
        }
        assert.deepStrictEqual(call(name, args), expected);
      });
    }
  });
}
