import assert from 'node:assert/strict';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../../server/src/core/finding';
import { docUrl } from '../../server/src/core/doc-url';
import { FINGERPRINT_KEY, formatSarif, type SarifLog } from '../../server/src/cli/output/format-sarif';
import { CWD, FINDINGS, finding, input, range, RULES } from './format-fixtures';
import { runCli } from '../support/run-cli';
import { writeWorkspace } from '../support/workspace';

function sarif(findings: readonly Finding[] = FINDINGS): SarifLog {
  return JSON.parse(formatSarif(input(findings)));
}

function fingerprints(log: SarifLog): string[] {
  return log.runs[0].results.map((result) => result.partialFingerprints[FINGERPRINT_KEY]!);
}

test('is a single SARIF 2.1.0 run with the tool and every rule that ran', () => {
  const output = formatSarif(input());
  assert.ok(output.endsWith('}\n'));
  const log: SarifLog = JSON.parse(output);
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(CWD).href.replace(/\/?$/, '/') } });
  const { driver } = run.tool;
  assert.equal(driver.name, 'premortem');
  assert.equal(driver.informationUri, 'https://github.com/premortem-dev/premortem');
  assert.equal(driver.version, '1.2.3');
  assert.equal(driver.semanticVersion, '1.2.3');
  assert.deepEqual(
    driver.rules.map((rule) => rule.id),
    RULES.map((rule) => rule.id),
  );
  assert.deepEqual(driver.rules[0], {
    id: 'aws-lb-deletion-protection',
    name: 'AwsLbDeletionProtection',
    shortDescription: { text: 'Title of aws-lb-deletion-protection.' },
    fullDescription: { text: 'Description of aws-lb-deletion-protection.' },
    helpUri: 'https://github.com/premortem-dev/premortem/blob/main/rules/aws-lb-deletion-protection.md',
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['data-loss'] },
  });
  assert.deepEqual(
    driver.rules.map((rule) => rule.defaultConfiguration.level),
    ['error', 'warning', 'error', 'note'],
  );
  assert.equal(driver.rules[3]!.helpUri, docUrl('unused-suppression'));
  // A rule premortem ships a page for carries it, for code scanning to show beside the alert.
  const page = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'rules', 'unused-suppression.md'), 'utf8');
  assert.deepEqual(driver.rules[3]!.help, { text: page, markdown: page });
  assert.equal(driver.rules[0]!.help, undefined, 'a rule without a page has no help');
});

test('maps each finding to a result with its rule index, level, message and location', () => {
  const log = sarif();
  const { rules } = log.runs[0].tool.driver;
  const results = log.runs[0].results;
  assert.deepEqual(
    results.map((result) => [result.ruleId, rules[result.ruleIndex]!.id, result.level]),
    [
      ['syntax-error', 'syntax-error', 'error'],
      ['aws-lb-deletion-protection', 'aws-lb-deletion-protection', 'error'],
      ['aws-s3-bucket-versioning', 'aws-s3-bucket-versioning', 'warning'],
      ['unused-suppression', 'unused-suppression', 'note'],
    ],
  );
  const lb = results[1]!;
  assert.deepEqual(lb.message, { text: 'Le répertoire « logs » peut être supprimé.' });
  assert.deepEqual(lb.locations, [
    {
      physicalLocation: {
        artifactLocation: { uri: 'main.tf', uriBaseId: '%SRCROOT%' },
        region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 19 },
      },
    },
  ]);
  assert.deepEqual(lb.relatedLocations, [
    {
      id: 1,
      physicalLocation: {
        artifactLocation: { uri: 'modules/net%20work/vars.tf', uriBaseId: '%SRCROOT%' },
        region: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 9 },
      },
      message: { text: 'Défini ici.' },
    },
  ]);
  assert.equal(results[0]!.relatedLocations, undefined);
});

test('percent-encodes file paths as URI references', () => {
  const odd = [finding('syntax-error', 'error', 'dir #1/café?.tf', range(1, 1), 'Bad.')];
  const [result] = sarif(odd).runs[0].results;
  assert.equal(result!.locations[0]!.physicalLocation.artifactLocation.uri, 'dir%20%231/caf%C3%A9%3F.tf');
});

test('fingerprints are 64 hex digits and do not change when only lines move', () => {
  const before = fingerprints(sarif());
  for (const fingerprint of before) assert.match(fingerprint, /^[0-9a-f]{64}$/);
  const moved = FINDINGS.map((item) => ({ ...item, range: range(item.range.start.line + 5, item.range.start.column + 2) }));
  assert.deepEqual(fingerprints(sarif(moved)), before);
});

test('fingerprints differ for identical findings and for a different message, module directory or rule', () => {
  const twice = [
    finding('aws-s3-bucket-versioning', 'warning', 'a.tf', range(1, 1), 'Same.'),
    finding('aws-s3-bucket-versioning', 'warning', 'a.tf', range(9, 1), 'Same.'),
    finding('aws-s3-bucket-versioning', 'warning', 'a.tf', range(5, 1), 'Other.'),
    finding('aws-s3-bucket-versioning', 'warning', 'modules/b/a.tf', range(1, 1), 'Same.'),
    finding('aws-lb-deletion-protection', 'warning', 'a.tf', range(1, 1), 'Same.'),
  ];
  const all = fingerprints(sarif(twice));
  assert.equal(new Set(all).size, all.length);
});

test('fingerprints follow the message data, not its wording, nor the file within the module', () => {
  const data = { seconds: 30 };
  const one = (file: string, message: string, extra: Partial<Finding> = {}): string =>
    fingerprints(sarif([finding('aws-s3-bucket-versioning', 'warning', file, range(3, 1), message, { messageId: 'short', data, ...extra })]))[0]!;
  const base = one('main.tf', 'Hides a message for 30 s.');
  assert.equal(one('queues.tf', 'A message is hidden for 30 s.'), base, 'reworded, in another file of the module');
  assert.notEqual(one('main.tf', 'Hides a message for 60 s.', { data: { seconds: 60 } }), base);
  assert.notEqual(one('modules/q/main.tf', 'Hides a message for 30 s.'), base);
  assert.notEqual(one('main.tf', 'Hides a message for 30 s.', { instances: ['module.q["eu"]'] }), base);
});

test('gives a finding from an unlisted rule a descriptor, so its rule index resolves', () => {
  const log = sarif([finding('mystery-rule', 'info', 'a.tf', range(1, 1), 'Hm.')]);
  const { rules } = log.runs[0].tool.driver;
  const [result] = log.runs[0].results;
  assert.equal(rules.length, RULES.length + 1);
  assert.equal(rules[result!.ruleIndex]!.id, 'mystery-rule');
  assert.equal(rules[result!.ruleIndex]!.defaultConfiguration.level, 'note');
});

test('a clean scan still lists the rules and has an empty results array', () => {
  const log = sarif([]);
  assert.deepEqual(log.runs[0].results, []);
  assert.equal(log.runs[0].tool.driver.rules.length, RULES.length);
});

const QUEUE = `resource "aws_sqs_queue" "thumbnails" {
  name                       = "thumbnail-requests"
  visibility_timeout_seconds = 300
}
`;
const CONSUMER = `resource "aws_lambda_event_source_mapping" "thumbnails" {
  event_source_arn = aws_sqs_queue.thumbnails.arn
  function_name    = "thumbnail-renderer"
}
`;

test("a scan's fingerprints hold when a block moves to another file of its module, and differ in another module", () => {
  const dir = writeWorkspace({ 'app/main.tf': `${QUEUE}\n${CONSUMER}` });
  try {
    const scanned = (): Map<string, string[]> => {
      const result = runCli(dir, 'scan', '--format', 'sarif');
      assert.equal(result.status, 1, result.stderr);
      const byModule = new Map<string, string[]>();
      for (const item of (JSON.parse(result.stdout) as SarifLog).runs[0].results) {
        const module = item.locations[0]!.physicalLocation.artifactLocation.uri.split('/')[0]!;
        byModule.set(module, [...(byModule.get(module) ?? []), item.partialFingerprints[FINGERPRINT_KEY]!].sort());
      }
      return byModule;
    };
    const before = scanned().get('app')!;
    assert.ok(before.length > 0, 'the queue without a dead-letter queue is a finding');
    fs.writeFileSync(path.join(dir, 'app/main.tf'), CONSUMER);
    fs.writeFileSync(path.join(dir, 'app/queues.tf'), `# queues\n\n\n${QUEUE}`);
    fs.mkdirSync(path.join(dir, 'copy'));
    fs.writeFileSync(path.join(dir, 'copy/main.tf'), `${QUEUE}\n${CONSUMER}`);
    const after = scanned();
    assert.deepEqual(after.get('app'), before);
    assert.equal(after.get('copy')!.length, before.length);
    assert.ok(after.get('copy')!.every((fingerprint) => !before.includes(fingerprint)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the SARIF of a real scan is valid against the SARIF 2.1.0 schema, with paths from the repository top', () => {
  // The OASIS schema as Microsoft's SARIF matchers ship it (draft-04), checked with ajv, formats included.
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const repository = writeWorkspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'live/main.tf':
      'terraform {\n  backend "s3" {\n    bucket = "b"\n    key    = "k"\n  }\n}\n# premortem-ignore: aws-hardcoded-ami-id -- nothing here\nvariable "x" {}\n',
    'live/broken.tf': 'resource "aws_s3_bucket" "b" {\n',
  });
  const examples = path.resolve(__dirname, '..', '..', '..', 'examples');
  for (const [cwd, args] of [
    [path.join(repository, 'live'), ['scan', '.', '--format', 'sarif']],
    [examples, ['scan', '.', '--format', 'sarif']],
  ] as const) {
    const result = runCli(cwd, ...args);
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    const log = JSON.parse(result.stdout) as SarifLog;
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.ok(log.runs[0].results.length > 0);
  }
  // Run from a subdirectory, paths are still relative to the repository's top, which is the base.
  const log = JSON.parse(runCli(path.join(repository, 'live'), 'scan', '.', '--format', 'sarif').stdout) as SarifLog;
  assert.deepEqual(log.runs[0].originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(repository).href + '/' } });
  assert.deepEqual([...new Set(log.runs[0].results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))].sort(), [
    'live/broken.tf',
    'live/main.tf',
  ]);
  for (const rule of log.runs[0].tool.driver.rules) {
    assert.match(rule.helpUri ?? '', /^https:\/\/github\.com\/premortem-dev\/premortem\/blob\/main\/rules\/[a-z0-9-]+\.md$/);
    assert.ok(rule.help?.markdown.startsWith(`# ${rule.id}\n`), `${rule.id} carries its page`);
  }
});

test('a finding about what a plan does to a resource carries its address in the result properties', () => {
  const planned = finding('aws-plan-destroys-stateful-data', 'error', 'main.tf', range(1, 1), 'This plan deletes aws_db_instance.main.', {
    resource: 'aws_db_instance.main',
  });
  const results = sarif([planned, finding('mystery-rule', 'info', 'a.tf', range(1, 1), 'Hm.')]).runs[0].results;
  assert.deepEqual(results.find((r) => r.ruleId === 'aws-plan-destroys-stateful-data')!.properties, { resource: 'aws_db_instance.main' });
  assert.equal(results.find((r) => r.ruleId === 'mystery-rule')!.properties, undefined);
});
