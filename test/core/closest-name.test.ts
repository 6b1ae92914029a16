// "Did you mean …?": which misspellings get a suggestion, and which names are too far from any candidate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean } from '../../server/src/core/closest-name';

const COMMANDS = ['scan', 'baseline', 'blast-radius', 'review', 'drift', 'rules'];
const OPTIONS = ['--format', '--fail-on', '--output', '--config', '--plan', '--var-file'];

const cases: readonly { name: string; candidates: readonly string[]; expected: string | undefined; why: string }[] = [
  { name: 'drfit', candidates: COMMANDS, expected: 'drift', why: 'two neighbours swapped count as one edit' },
  { name: 'rveiew', candidates: COMMANDS, expected: 'review', why: 'a swap at the start' },
  { name: 'scna', candidates: COMMANDS, expected: 'scan', why: 'a swap at the end of a short name' },
  { name: '--formt', candidates: OPTIONS, expected: '--format', why: 'a letter left out' },
  { name: '--FORMAT', candidates: OPTIONS, expected: '--format', why: 'case does not count' },
  { name: '--fial-on', candidates: OPTIONS, expected: '--fail-on', why: 'a swap inside an option' },
  { name: '--outptu', candidates: OPTIONS, expected: '--output', why: 'a swap at the end of an option' },
  { name: 'deploy', candidates: COMMANDS, expected: undefined, why: 'nothing is close' },
  { name: 'ab', candidates: ['ba', 'xy'], expected: 'ba', why: 'a swap within the one-edit limit of a short name' },
  { name: 'abc', candidates: ['xyz'], expected: undefined, why: 'three edits are too many for three letters' },
  { name: '--verbose', candidates: OPTIONS, expected: undefined, why: 'an option premortem does not have' },
];

for (const { name, candidates, expected, why } of cases) {
  test(`didYouMean("${name}"): ${expected ?? 'no suggestion'}, ${why}`, () => {
    assert.equal(didYouMean(name, candidates), expected === undefined ? undefined : ` (did you mean "${expected}"?)`);
  });
}
