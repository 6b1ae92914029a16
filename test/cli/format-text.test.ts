import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatText } from '../../server/src/cli/format-text';
import { finding, input, range } from './format-fixtures';

test('groups by sorted file, sorts by position, aligns columns and summarizes', () => {
  assert.equal(
    formatText(input()),
    [
      'b.tf',
      '  2:1   error    syntax-error                Missing closing brace "}" for block "resource".',
      '',
      'main.tf',
      '  3:5   error    aws-lb-deletion-protection  Le répertoire « logs » peut être supprimé.',
      '  12:3  warning  aws-s3-bucket-versioning    Versioning is off, so a deleted object is gone for good.',
      '',
      'modules/net work/vars.tf',
      '  1:1   info     unused-suppression          This suppression matches nothing.',
      '',
      '✖ 4 problems (2 errors, 1 warning, 1 info) in 3 files · 2 modules, 5 files scanned in 120 ms',
      '',
    ].join('\n'),
  );
});

test('colours the path, severity, rule id and summary only when asked', () => {
  const one = [finding('unused-suppression', 'warning', 'a.tf', range(1, 1), 'Unused.')];
  assert.equal(
    formatText(input(one, { color: true })),
    [
      '\x1b[4ma.tf\x1b[24m',
      '  1:1  \x1b[33mwarning\x1b[39m  \x1b[2munused-suppression\x1b[22m  Unused.',
      '',
      '\x1b[1m\x1b[33m✖ 1 problem (0 errors, 1 warning, 0 info) in 1 file\x1b[39m\x1b[22m · 2 modules, 5 files scanned in 120 ms',
      '',
    ].join('\n'),
  );
  assert.ok(!formatText(input()).includes('\x1b'));
});

test('colours each severity differently', () => {
  const output = formatText(input(undefined, { color: true }));
  assert.ok(output.includes('\x1b[31merror\x1b[39m'));
  assert.ok(output.includes('\x1b[33mwarning\x1b[39m'));
  assert.ok(output.includes('\x1b[36minfo\x1b[39m'));
  assert.ok(output.includes('\x1b[1m\x1b[31m✖ 4 problems'));
});

test('says so when there are no problems', () => {
  assert.equal(formatText(input([])), '✔ No problems · 2 modules, 5 files scanned in 120 ms\n');
  assert.equal(
    formatText(input([], { color: true })),
    '\x1b[1m\x1b[32m✔ No problems\x1b[39m\x1b[22m · 2 modules, 5 files scanned in 120 ms\n',
  );
});

test('uses singular nouns for one module and one file', () => {
  const clean = input([]);
  const single = { ...clean, result: { ...clean.result, summary: { ...clean.result.summary, modules: 1, files: 1 } } };
  assert.equal(formatText(single), '✔ No problems · 1 module, 1 file scanned in 120 ms\n');
});

test('escapes control characters so a message cannot drive the terminal or break the layout', () => {
  const hostile = [finding('syntax-error', 'error', 'a.tf', range(1, 1), 'Bad "\x1b[2J"\nvalue.')];
  const output = formatText(input(hostile));
  assert.ok(output.includes('  1:1  error  syntax-error  Bad "\\x1b[2J"\\x0avalue.\n'));
  assert.ok(!output.includes('\x1b'));
});
