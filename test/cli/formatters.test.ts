import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { displayPath } from '../../server/src/cli/output/format-input';
import { formatJson } from '../../server/src/cli/output/format-json';
import { formatSarif } from '../../server/src/cli/output/format-sarif';
import { formatText } from '../../server/src/cli/output/format-text';
import { FORMAT_NAMES, formatResult, isFormatName } from '../../server/src/cli/output/formatters';
import { docUrl } from '../../server/src/core/doc-url';
import { input } from './format-fixtures';

test('formatResult dispatches on the format name', () => {
  assert.equal(formatResult('text', input()), formatText(input()));
  assert.equal(formatResult('json', input()), formatJson(input()));
  assert.equal(formatResult('sarif', input()), formatSarif(input()));
});

test('isFormatName accepts exactly the known names', () => {
  assert.deepEqual(FORMAT_NAMES, ['text', 'json', 'sarif']);
  for (const name of FORMAT_NAMES) assert.ok(isFormatName(name));
  assert.ok(!isFormatName('stylish'));
  assert.ok(!isFormatName('TEXT'));
});

test('docUrl is derived from the rule id and names the main branch', () => {
  assert.equal(docUrl('aws-s3-bucket-versioning'), 'https://github.com/premortem-dev/premortem/blob/main/rules/aws-s3-bucket-versioning.md');
});

test('displayPath uses forward slashes whatever the platform', () => {
  assert.equal(displayPath('/proj/modules/vpc/main.tf', '/proj', path.posix), 'modules/vpc/main.tf');
  assert.equal(displayPath('/other/main.tf', '/proj', path.posix), '../other/main.tf');
  assert.equal(displayPath('C:\\proj\\modules\\vpc\\main.tf', 'C:\\proj', path.win32), 'modules/vpc/main.tf');
  assert.equal(displayPath('D:\\elsewhere\\main.tf', 'C:\\proj', path.win32), 'D:/elsewhere/main.tf');
});
