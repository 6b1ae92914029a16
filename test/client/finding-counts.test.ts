// The language status's finding counts, from the severities of what premortem published per file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countFindings, describeCounts } from '../../client/src/finding-counts';

test('counts findings by severity (VS Code numbers them Error 0, Warning 1, Information 2) and the files that have any', () => {
  const counts = countFindings([[0, 1, 1], [], [2, 2, 0], [3]]);
  assert.deepEqual(counts, { errors: 2, warnings: 2, infos: 3, files: 3 });
  assert.equal(describeCounts(counts), '2 errors, 2 warnings, 3 info in 3 files');
});

test('says so when there is nothing, and uses the singular for one', () => {
  assert.equal(describeCounts(countFindings([[], []])), 'No findings');
  assert.equal(describeCounts(countFindings([[0, 1, 2]])), '1 error, 1 warning, 1 info in 1 file');
});
