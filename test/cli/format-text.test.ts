import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatText } from '../../server/src/cli/output/format-text';
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
      '  1  aws-lb-deletion-protection  https://github.com/premortem-dev/premortem/blob/main/rules/aws-lb-deletion-protection.md',
      '  1  aws-s3-bucket-versioning    https://github.com/premortem-dev/premortem/blob/main/rules/aws-s3-bucket-versioning.md',
      '  1  syntax-error                https://github.com/premortem-dev/premortem/blob/main/rules/syntax-error.md',
      '  1  unused-suppression          https://github.com/premortem-dev/premortem/blob/main/rules/unused-suppression.md',
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
      '  1  \x1b[2munused-suppression\x1b[22m  https://github.com/premortem-dev/premortem/blob/main/rules/unused-suppression.md',
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
  assert.equal(formatText(input([], { color: true })), '\x1b[1m\x1b[32m✔ No problems\x1b[39m\x1b[22m · 2 modules, 5 files scanned in 120 ms\n');
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

test('a message repeated in one file is one row listing every position; the count per rule still counts each', () => {
  const repeated = [3, 9, 15, 21, 27].map((line) => finding('aws-s3-bucket-versioning', 'warning', 'main.tf', range(line, 1), 'Versioning is off.'));
  const output = formatText(input([...repeated, finding('aws-s3-bucket-versioning', 'warning', 'other.tf', range(1, 1), 'Versioning is off.')]));
  assert.match(
    output,
    /^main\.tf\n  3:1  warning  aws-s3-bucket-versioning  Versioning is off\. \[5×: 3:1, 9:1, 15:1, 21:1 \(\+1 more\)\]\n\nother\.tf\n  1:1  warning  aws-s3-bucket-versioning  Versioning is off\.\n/,
  );
  assert.match(output, /\n  6  aws-s3-bucket-versioning  https:\/\/github\.com\/premortem-dev\/premortem\/blob\/main\/rules\/aws-s3-bucket-versioning\.md\n/);
  assert.match(output, /✖ 6 problems/);
});

test('messages wrap to the terminal width under their first line; without a width each finding stays one line', () => {
  const long = 'Word '.repeat(40).trim() + '.';
  const one = [finding('syntax-error', 'error', 'a.tf', range(1, 1), long)];
  assert.ok(formatText(input(one)).includes(`  1:1  error  syntax-error  ${long}\n`));
  const wrapped = formatText({ ...input(one), width: 80 });
  const rows = wrapped.split('\n').slice(1, wrapped.split('\n').indexOf('', 1));
  assert.ok(rows.length > 2, 'the message takes several lines');
  assert.ok(
    rows.every((row) => row.length <= 80),
    rows.join('\n'),
  );
  const indent = '  1:1  error  syntax-error  '.length;
  assert.ok(
    rows.slice(1).every((row) => row.startsWith(' '.repeat(indent)) && row[indent] !== ' '),
    'continuations start under the message',
  );
  assert.equal(rows.map((row) => row.slice(indent)).join(' '), long, 'no word is lost');
  // Too narrow for a message column: the message starts on its own line, indented a little.
  const narrow = formatText({ ...input(one), width: 50 }).split('\n');
  assert.equal(narrow[1], '  1:1  error  syntax-error  ');
  assert.ok(narrow[2]!.startsWith('    Word'));
});
