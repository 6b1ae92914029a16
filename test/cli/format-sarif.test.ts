import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../../server/src/core/finding';
import { docUrl } from '../../server/src/core/doc-url';
import { FINGERPRINT_KEY, formatSarif, type SarifLog } from '../../server/src/cli/format-sarif';
import { CWD, FINDINGS, finding, input, range, RULES } from './format-fixtures';

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
    helpUri: 'https://github.com/premortem-dev/premortem/blob/v1.2.3/rules/aws-lb-deletion-protection.md',
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['data-loss'] },
  });
  assert.deepEqual(
    driver.rules.map((rule) => rule.defaultConfiguration.level),
    ['error', 'warning', 'error', 'note'],
  );
  assert.equal(driver.rules[3]!.helpUri, docUrl('unused-suppression', '1.2.3'));
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

test('fingerprints differ for identical findings and for a different message, file or rule', () => {
  const twice = [
    finding('aws-s3-bucket-versioning', 'warning', 'a.tf', range(1, 1), 'Same.'),
    finding('aws-s3-bucket-versioning', 'warning', 'a.tf', range(9, 1), 'Same.'),
    finding('aws-s3-bucket-versioning', 'warning', 'a.tf', range(5, 1), 'Other.'),
    finding('aws-s3-bucket-versioning', 'warning', 'b.tf', range(1, 1), 'Same.'),
    finding('aws-lb-deletion-protection', 'warning', 'a.tf', range(1, 1), 'Same.'),
  ];
  const all = fingerprints(sarif(twice));
  assert.equal(new Set(all).size, all.length);
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

test('a finding about what a plan does to a resource carries its address in the result properties', () => {
  const planned = finding('aws-plan-destroys-stateful-data', 'error', 'main.tf', range(1, 1), 'This plan deletes aws_db_instance.main.', { resource: 'aws_db_instance.main' });
  const results = sarif([planned, finding('mystery-rule', 'info', 'a.tf', range(1, 1), 'Hm.')]).runs[0].results;
  assert.deepEqual(results.find((r) => r.ruleId === 'aws-plan-destroys-stateful-data')!.properties, { resource: 'aws_db_instance.main' });
  assert.equal(results.find((r) => r.ruleId === 'mystery-rule')!.properties, undefined);
});
