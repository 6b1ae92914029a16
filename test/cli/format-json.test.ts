import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatJson } from '../../server/src/cli/output/format-json';
import { finding, input, range } from './format-fixtures';

test('prints the documented shape, sorted, with relative paths and 1-based positions', () => {
  const output = formatJson(input());
  assert.deepEqual(JSON.parse(output), {
    version: '1.2.3',
    findings: [
      {
        ruleId: 'syntax-error',
        severity: 'error',
        message: 'Missing closing brace "}" for block "resource".',
        file: 'b.tf',
        range: { start: { line: 2, column: 1 }, end: { line: 2, column: 2 } },
      },
      {
        ruleId: 'aws-lb-deletion-protection',
        severity: 'error',
        message: 'Le répertoire « logs » peut être supprimé.',
        file: 'main.tf',
        range: { start: { line: 3, column: 5 }, end: { line: 3, column: 19 } },
        related: [
          {
            file: 'modules/net work/vars.tf',
            range: { start: { line: 7, column: 1 }, end: { line: 7, column: 9 } },
            message: 'Défini ici.',
          },
        ],
      },
      {
        ruleId: 'aws-s3-bucket-versioning',
        severity: 'warning',
        message: 'Versioning is off, so a deleted object is gone for good.',
        file: 'main.tf',
        range: { start: { line: 12, column: 3 }, end: { line: 12, column: 30 } },
        suggestions: [
          {
            message: 'Enable versioning.',
            edits: [
              {
                file: 'main.tf',
                range: { start: { line: 14, column: 1 }, end: { line: 14, column: 1 } },
                newText: '  versioning { enabled = true }\n',
              },
            ],
          },
        ],
      },
      {
        ruleId: 'unused-suppression',
        severity: 'info',
        message: 'This suppression matches nothing.',
        file: 'modules/net work/vars.tf',
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 40 } },
        fix: {
          edits: [
            {
              file: 'modules/net work/vars.tf',
              range: { start: { line: 1, column: 1 }, end: { line: 2, column: 1 } },
              newText: '',
            },
          ],
        },
      },
    ],
    summary: { modules: 2, files: 5, findings: 4, bySeverity: { error: 2, warning: 1, info: 1 }, durationMs: 120 },
  });
});

test('is indented by two spaces, ends with a newline and keeps non-ASCII text as is', () => {
  const output = formatJson(input());
  assert.equal(output, JSON.stringify(JSON.parse(output), null, 2) + '\n');
  assert.ok(output.includes('"message": "Le répertoire « logs » peut être supprimé."'));
  assert.ok(!output.includes('offset'));
  assert.ok(!output.includes('messageId'));
});

test('omits empty optional keys', () => {
  const bare = finding('syntax-error', 'error', 'a.tf', range(1, 1), 'Bad.', { related: [], suggestions: [], fix: [] });
  const [only] = JSON.parse(formatJson(input([bare]))).findings;
  assert.deepEqual(Object.keys(only), ['ruleId', 'severity', 'message', 'file', 'range']);
});

test('breaks position ties by rule id', () => {
  const same = range(4, 2);
  const findings = [
    finding('b-rule', 'info', 'a.tf', same, 'B.'),
    finding('a-rule', 'info', 'a.tf', same, 'A.'),
    finding('c-rule', 'info', 'a.tf', range(4, 1), 'C.'),
  ];
  const ids = JSON.parse(formatJson(input(findings))).findings.map((item: { ruleId: string }) => item.ruleId);
  assert.deepEqual(ids, ['c-rule', 'a-rule', 'b-rule']);
});

test('a finding about what a plan does to a resource carries its address as resource', () => {
  const planned = finding('aws-plan-destroys-stateful-data', 'error', 'main.tf', range(1, 1), 'This plan deletes module.db["eu"].aws_db_instance.main.', {
    resource: 'module.db["eu"].aws_db_instance.main',
  });
  const [only] = JSON.parse(formatJson(input([planned]))).findings;
  assert.equal(only.resource, 'module.db["eu"].aws_db_instance.main');
  assert.deepEqual(Object.keys(only), ['ruleId', 'severity', 'message', 'file', 'range', 'resource']);
});
