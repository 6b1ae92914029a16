// Rules written as data (.premortem/rules/*.yaml): the issue's example exactly as written, every operator
// true, false and unknown, cross-resource conditions, fixes, and the one-line errors of malformed files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RuleModule } from '../../rules/api';
import { runExamples } from '../../server/src/core/data-rules/examples';
import { loadRuleFile, parseRuleFile } from '../../server/src/core/data-rules/load-rule-file';
import { RuleFileError } from '../../server/src/core/data-rules/rule-file-error';
import { lintWith, ruleTester, TEST_ROOT } from '../support/rule-tester';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data-rules');

/** The example of issue 15, byte for byte. */
const ISSUE_EXAMPLE = `id: acme/payment-queue-retention
title: Payment queues keep messages for at least four days
severity: warning
incident:
  name: "ACME payments, March 2025: events expired during a three-day consumer outage"
  url: https://wiki.example.com/postmortems/2025-03-payments
resource: aws_sqs_queue
when:
  - attribute: name
    matches: "^payments-"
report:
  attribute: message_retention_seconds
  default: 345600
  less-than: 345600
message: "This payment queue keeps messages for {value} seconds; keep them for at least 345600 (four days) so that a weekend outage loses nothing."
`;

const ISSUE_FILE = path.join(FIXTURES, 'issue-example', '.premortem', 'rules', 'payment-queue-retention.yaml');

test('the issue example is stored byte for byte', () => {
  assert.equal(fs.readFileSync(ISSUE_FILE, 'utf8'), ISSUE_EXAMPLE);
});

// As a file named on the command line (no scope), so that it lints the tester's modules wherever they are.
const issueRule = parseRuleFile(path.join(TEST_ROOT, 'payment-queue-retention.yaml'), ISSUE_EXAMPLE).rule;

test('the issue example loads with its metadata', () => {
  assert.equal(issueRule.meta.id, 'acme/payment-queue-retention');
  assert.equal(issueRule.meta.severity, 'warning');
  assert.equal(issueRule.meta.incident, 'ACME payments, March 2025: events expired during a three-day consumer outage');
  assert.equal(issueRule.meta.incidentUrl, 'https://wiki.example.com/postmortems/2025-03-payments');
  assert.deepEqual(issueRule.meta.appliesTo, [{ block: 'resource', labels: ['aws_sqs_queue'] }]);
});

ruleTester(issueRule as RuleModule, {
  valid: [
    { name: 'absent retention takes the default, which is enough', code: 'resource "aws_sqs_queue" "q" {\n  name = "payments-events"\n}\n' },
    {
      name: 'four days exactly',
      code: 'resource "aws_sqs_queue" "q" {\n  name                      = "payments-events"\n  message_retention_seconds = 345600\n}\n',
    },
    { name: 'not a payment queue', code: 'resource "aws_sqs_queue" "q" {\n  name                      = "orders"\n  message_retention_seconds = 60\n}\n' },
    {
      name: 'unknown name selects nothing',
      code: 'variable "name" {}\nresource "aws_sqs_queue" "q" {\n  name                      = var.name\n  message_retention_seconds = 60\n}\n',
    },
    {
      name: 'unknown retention reports nothing',
      code: 'variable "keep" {}\nresource "aws_sqs_queue" "q" {\n  name                      = "payments-x"\n  message_retention_seconds = var.keep\n}\n',
    },
    { name: 'no name selects nothing', code: 'resource "aws_sqs_queue" "q" {\n  message_retention_seconds = 60\n}\n' },
  ],
  invalid: [
    {
      name: 'one day',
      code: 'resource "aws_sqs_queue" "q" {\n  name                      = "payments-events"\n  message_retention_seconds = 86400\n}\n',
      errors: [
        { messageId: 'report', line: 3, column: 31, endLine: 3, endColumn: 36, severity: 'warning', data: { address: 'aws_sqs_queue.q', value: 86400 } },
      ],
    },
    {
      name: 'a variable with a default is known',
      code: 'variable "keep" {\n  default = "3600"\n}\nresource "aws_sqs_queue" "q" {\n  name                      = "payments-${"x"}"\n  message_retention_seconds = var.keep\n}\n',
      errors: [{ messageId: 'report', line: 6, column: 31, endLine: 6, endColumn: 39, data: { address: 'aws_sqs_queue.q', value: '3600' } }],
    },
  ],
});

test('the issue example fills {value} and names the four days', () => {
  const { findings } = lintWith(issueRule, {
    name: 'm',
    code: 'resource "aws_sqs_queue" "q" {\n  name                      = "payments-events"\n  message_retention_seconds = 86400\n}\n',
  });
  assert.deepEqual(
    findings.map((f) => f.message),
    ['This payment queue keeps messages for 86400 seconds; keep them for at least 345600 (four days) so that a weekend outage loses nothing.'],
  );
});

// ---------------------------------------------------------------------------------------------------------
// Every operator: a rule that reports when the condition holds, over blocks where it is true, false, unknown.

const HEADER = 'id: test/op\ntitle: t\nseverity: warning\nincident:\n  name: n\nresource: aws_thing\nmessage: "value {value} other {other}"\n';

function ruleFrom(body: string, file = path.join(TEST_ROOT, '.premortem', 'rules', 'op.yaml')): RuleModule {
  return parseRuleFile(file, HEADER + body).rule;
}

function reports(rule: RuleModule, code: string): string[] {
  return lintWith(rule, { name: 'case', code }).findings.map((f) => `${f.severity} ${f.message}`);
}

const UNKNOWN_HCL = 'variable "u" {}\n';

interface OperatorCase {
  readonly report: string;
  readonly yes: readonly string[];
  readonly no: readonly string[];
  readonly unknown: readonly string[];
}

const OPERATOR_CASES: Readonly<Record<string, OperatorCase>> = {
  equals: { report: 'attribute: a\n  equals: 3', yes: ['a = 3', 'a = "3"'], no: ['a = 4', ''], unknown: ['a = var.u'] },
  'equals a string': { report: 'attribute: a\n  equals: "x"', yes: ['a = "x"'], no: ['a = "y"'], unknown: ['a = "${var.u}"'] },
  'equals a bool': { report: 'attribute: a\n  equals: false', yes: ['a = false', 'a = "false"'], no: ['a = true'], unknown: ['a = var.u'] },
  in: { report: 'attribute: a\n  in: [x, 2]', yes: ['a = "x"', 'a = 2'], no: ['a = "y"', ''], unknown: ['a = var.u'] },
  matches: {
    report: 'attribute: a\n  matches: "^pay(ments)?-[a-z]+$"',
    yes: ['a = "pay-x"', 'a = "payments-ab"'],
    no: ['a = "xpay-a"', 'a = 3', ''],
    unknown: ['a = var.u'],
  },
  'less-than': { report: 'attribute: a\n  less-than: 10', yes: ['a = 9', 'a = "9.5"'], no: ['a = 10', 'a = "x"', ''], unknown: ['a = var.u'] },
  'greater-than': { report: 'attribute: a\n  greater-than: 10', yes: ['a = 11'], no: ['a = 10', ''], unknown: ['a = var.u'] },
  default: { report: 'attribute: a\n  default: 5\n  less-than: 10', yes: ['', 'a = null'], no: ['a = 20'], unknown: ['a = var.u'] },
  present: { report: 'attribute: a\n  present: true', yes: ['a = 1'], no: ['', 'a = null'], unknown: ['a = var.u'] },
  absent: { report: 'attribute: a\n  absent: true', yes: ['', 'a = null'], no: ['a = 1'], unknown: ['a = var.u'] },
  'path into a map': {
    report: 'attribute: tags.Team\n  equals: pay',
    yes: ['tags = { Team = "pay" }'],
    no: ['tags = { Team = "ops" }', 'tags = {}'],
    unknown: ['tags = { Team = var.u }', 'tags = var.u'],
  },
  'any element': {
    report: 'attribute: tags.*\n  matches: queue',
    yes: ['tags = { A = "x", B = "job-queue" }'],
    no: ['tags = { A = "x" }'],
    unknown: ['tags = { A = "x", B = var.u }'],
  },
  all: {
    report: 'all:\n    - attribute: a\n      equals: 1\n    - attribute: b\n      equals: 2',
    yes: ['a = 1\n  b = 2'],
    no: ['a = 1\n  b = 3', 'a = var.u\n  b = 3'],
    unknown: ['a = var.u\n  b = 2'],
  },
  any: {
    report: 'any:\n    - attribute: a\n      equals: 1\n    - attribute: b\n      equals: 2',
    yes: ['a = 0\n  b = 2', 'a = 1\n  b = var.u'],
    no: ['a = 0\n  b = 0'],
    unknown: ['a = var.u\n  b = 0'],
  },
  not: { report: 'not:\n    attribute: a\n    equals: 1', yes: ['a = 2', ''], no: ['a = 1'], unknown: ['a = var.u'] },
  resource: { report: 'resource: [aws_thing]', yes: ['a = 1'], no: [], unknown: [] },
  file: { report: 'file: "module/*.tf"', yes: ['a = 1'], no: [], unknown: [] },
  'some-block': {
    report: 'some-block: rule\n  where:\n    attribute: days\n    less-than: 7',
    yes: ['rule {\n    days = 3\n  }', 'rule {\n    days = 30\n  }\n  rule {\n    days = 1\n  }'],
    no: ['rule {\n    days = 30\n  }', ''],
    unknown: ['rule {\n    days = var.u\n  }', 'dynamic "rule" {\n    for_each = var.u\n    content {\n      days = 30\n    }\n  }'],
  },
  'no-block': {
    report: 'no-block: rule\n  where:\n    attribute: days\n    less-than: 7',
    yes: ['rule {\n    days = 30\n  }', ''],
    no: ['rule {\n    days = 3\n  }'],
    unknown: ['rule {\n    days = var.u\n  }'],
  },
};

for (const [name, c] of Object.entries(OPERATOR_CASES)) {
  const rule = ruleFrom(`report:\n  ${c.report}\n`);
  const block = (inside: string): string => `${UNKNOWN_HCL}resource "aws_thing" "x" {\n  ${inside}\n}\n`;
  test(`operator ${name}: true reports`, () => {
    for (const inside of c.yes) assert.equal(reports(rule, block(inside)).length, 1, inside);
  });
  test(`operator ${name}: false reports nothing`, () => {
    for (const inside of c.no) assert.deepEqual(reports(rule, block(inside)), [], inside);
  });
  test(`operator ${name}: unknown reports nothing, not even info`, () => {
    for (const inside of c.unknown) assert.deepEqual(reports(rule, block(inside)), [], inside);
  });
}

test('the same conditions under when select blocks: all must hold, unknown selects nothing', () => {
  const rule = ruleFrom('when:\n  - attribute: a\n    equals: 1\n  - attribute: b\n    present: true\n');
  const code = (a: string, b: string): string => `${UNKNOWN_HCL}resource "aws_thing" "x" {\n  a = ${a}\n  b = ${b}\n}\n`;
  assert.equal(reports(rule, code('1', '2')).length, 1);
  assert.deepEqual(reports(rule, code('1', 'null')), []);
  assert.deepEqual(reports(rule, code('2', '2')), []);
  assert.deepEqual(reports(rule, code('var.u', '2')), []);
});

test('exists and none-exists look through the module', () => {
  const none = ruleFrom('report:\n  none-exists:\n    resource: aws_alarm\n    where:\n      attribute: metric\n      in: [Memory]\n');
  const thing = 'resource "aws_thing" "x" {}\n';
  assert.equal(reports(none, thing).length, 1);
  assert.equal(reports(none, `${thing}resource "aws_alarm" "a" {\n  metric = "CPU"\n}\n`).length, 1);
  assert.deepEqual(reports(none, `${thing}resource "aws_alarm" "a" {\n  metric = "Memory"\n}\n`), []);
  assert.deepEqual(
    reports(none, `${UNKNOWN_HCL}${thing}resource "aws_alarm" "a" {\n  metric = var.u\n}\n`),
    [],
    'an alarm whose metric is unknown may watch memory',
  );
});

test('report cases: the first that holds reports with its id, severity and message; unknown stops', () => {
  const rule = ruleFrom(
    'report:\n  - id: tiny\n    severity: error\n    message: "tiny {value}"\n    if:\n      attribute: a\n      less-than: 2\n  - id: small\n    severity: info\n    if:\n      attribute: a\n      less-than: 10\n',
  );
  const code = (a: string): string => `${UNKNOWN_HCL}resource "aws_thing" "x" {\n  a = ${a}\n}\n`;
  assert.deepEqual(reports(rule, code('1')), ['error tiny 1']);
  assert.deepEqual(reports(rule, code('5')), ['info value 5 other {other}']);
  assert.deepEqual(reports(rule, code('50')), []);
  assert.deepEqual(reports(rule, code('var.u')), []);
});

// ---------------------------------------------------------------------------------------------------------
// Cross-resource conditions: follow a reference, compare with a value read from the block it names.

const CROSS = `follow:
  queue:
    attribute: queue_arn
    resource: aws_queue
  function:
    attribute: function_name
    resource: aws_function
    through:
      - resource: aws_alias
        attribute: function_name
    by-name:
      attribute: function_name
      extract: "^(?:arn:[^:]+:lambda:[^:]*:[^:]*:function:)?([^:]+)"
report:
  of: queue
  attribute: visibility
  default: 30
  less-than:
    of: function
    attribute: timeout
    default: 3
    times: 6
fix:
  of: queue
  set:
    attribute: visibility
    value:
      of: function
      attribute: timeout
      default: 3
      times: 6
  message: "Set visibility = {value}."
`;

const crossRule = parseRuleFile(
  path.join(TEST_ROOT, '.premortem', 'rules', 'cross.yaml'),
  HEADER.replace('resource: aws_thing', 'resource: aws_mapping') + CROSS,
).rule;

ruleTester(crossRule, {
  valid: [
    {
      name: 'six times the timeout',
      code: 'resource "aws_queue" "q" {\n  visibility = 60\n}\nresource "aws_function" "f" {\n  timeout = 10\n}\nresource "aws_mapping" "m" {\n  queue_arn     = aws_queue.q.arn\n  function_name = aws_function.f.arn\n}\n',
    },
    {
      name: 'unknown timeout',
      code: 'variable "t" {}\nresource "aws_queue" "q" {\n  visibility = 60\n}\nresource "aws_function" "f" {\n  timeout = var.t\n}\nresource "aws_mapping" "m" {\n  queue_arn     = aws_queue.q.arn\n  function_name = aws_function.f.arn\n}\n',
    },
    {
      name: 'a queue named by a string is not followed',
      code: 'resource "aws_function" "f" {\n  timeout = 60\n}\nresource "aws_mapping" "m" {\n  queue_arn     = "arn:aws:sqs:eu-west-1:1:q"\n  function_name = aws_function.f.arn\n}\n',
    },
    {
      name: 'a reference to another type leads nowhere',
      code: 'resource "aws_other" "q" {}\nresource "aws_function" "f" {\n  timeout = 60\n}\nresource "aws_mapping" "m" {\n  queue_arn     = aws_other.q.arn\n  function_name = aws_function.f.arn\n}\n',
    },
  ],
  invalid: [
    {
      name: 'below six times, through an alias',
      code: 'resource "aws_queue" "q" {\n  visibility = 30\n}\nresource "aws_function" "f" {\n  timeout = 10\n}\nresource "aws_alias" "live" {\n  function_name = aws_function.f.function_name\n}\nresource "aws_mapping" "m" {\n  queue_arn     = aws_queue.q.arn\n  function_name = aws_alias.live.arn\n}\n',
      errors: [
        {
          messageId: 'report',
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 18,
          data: { address: 'aws_mapping.m', queue: 'aws_queue.q', function: 'aws_function.f', value: 30, other: 60 },
          suggestions: [
            {
              messageId: 'fix',
              validate: false,
              output:
                'resource "aws_queue" "q" {\n  visibility = 60\n}\nresource "aws_function" "f" {\n  timeout = 10\n}\nresource "aws_alias" "live" {\n  function_name = aws_function.f.function_name\n}\nresource "aws_mapping" "m" {\n  queue_arn     = aws_queue.q.arn\n  function_name = aws_alias.live.arn\n}\n',
            },
          ],
        },
      ],
    },
    {
      name: 'defaults on both sides, function by name; the finding is on the queue',
      code: 'resource "aws_queue" "q" {}\nresource "aws_function" "f" {\n  function_name = "worker"\n  timeout       = 6\n}\nresource "aws_mapping" "m" {\n  queue_arn     = aws_queue.q.arn\n  function_name = "arn:aws:lambda:eu-west-1:1:function:worker"\n}\n',
      errors: [
        {
          messageId: 'report',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'fix',
              validate: false,
              output:
                'resource "aws_queue" "q" {\n  visibility = 36\n}\nresource "aws_function" "f" {\n  function_name = "worker"\n  timeout       = 6\n}\nresource "aws_mapping" "m" {\n  queue_arn     = aws_queue.q.arn\n  function_name = "arn:aws:lambda:eu-west-1:1:function:worker"\n}\n',
            },
          ],
        },
      ],
    },
  ],
});

test('a fix that removes an argument is a suggestion that leaves the file parsing', () => {
  const rule = ruleFrom('report:\n  attribute: force\n  equals: true\nfix:\n  remove: force\n  message: Remove force.\n');
  const { findings } = lintWith(rule, { name: 'fix', code: 'resource "aws_thing" "x" {\n  force = true\n  keep  = 1\n}\n' });
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.fix, undefined, 'never applied silently');
  assert.deepEqual(
    findings[0]!.suggestions?.map((s) => s.message),
    ['Remove force.'],
  );
});

test('files and modules select blocks by globs relative to the folder that holds .premortem', () => {
  const inModule = ruleFrom('modules: "module"\nreport:\n  attribute: a\n  present: true\n');
  const elsewhere = ruleFrom('files: "other/**"\nreport:\n  attribute: a\n  present: true\n');
  const code = 'resource "aws_thing" "x" {\n  a = 1\n}\n';
  assert.equal(reports(inModule, code).length, 1);
  assert.deepEqual(reports(elsewhere, code), []);
});

// ---------------------------------------------------------------------------------------------------------
// Malformed rule files: one line naming file, line, column and key.

const MALFORMED: readonly (readonly [string, string, string])[] = [
  ['unknown top-level key', ISSUE_EXAMPLE.replace('severity:', 'severty:'), 'x.yaml:3:1 severty: unknown key (did you mean "severity"?)'],
  ['missing key', ISSUE_EXAMPLE.replace(/^title: .*\n/m, ''), 'x.yaml:1:1 missing "title"'],
  ['bad severity', ISSUE_EXAMPLE.replace('severity: warning', 'severity: warn'), 'x.yaml:3:11 severity: must be one of error, warning, info'],
  [
    'misspelt severity',
    ISSUE_EXAMPLE.replace('severity: warning', 'severity: warnin'),
    'x.yaml:3:11 severity: must be one of error, warning, info (did you mean "warning"?)',
  ],
  [
    'unknown operator',
    ISSUE_EXAMPLE.replace('    matches: "^payments-"', '    match: "^payments-"'),
    'x.yaml:10:5 when[0].match: unknown key (did you mean "matches"?)',
  ],
  [
    'no operator',
    ISSUE_EXAMPLE.replace('    matches: "^payments-"\n', ''),
    'x.yaml:9:5 when[0]: a condition needs an operator; "name" needs one of equals, in, matches, less-than, greater-than, present, absent',
  ],
  [
    'two operators',
    ISSUE_EXAMPLE.replace('  less-than: 345600', '  less-than: 345600\n  greater-than: 1'),
    'x.yaml:15:3 report.greater-than: a condition takes one operator, not less-than and greater-than; put several under "all"',
  ],
  [
    'bad regex',
    ISSUE_EXAMPLE.replace('"^payments-"', '"^(payments-"'),
    "x.yaml:10:14 when[0].matches: not an RE2 regular expression (Terraform's syntax): missing closing ): `^(payments-`",
  ],
  [
    'backreference',
    ISSUE_EXAMPLE.replace('"^payments-"', '"(a)\\\\1"'),
    "x.yaml:10:14 when[0].matches: not an RE2 regular expression (Terraform's syntax): invalid escape sequence: `\\1`",
  ],
  [
    'wrong type',
    ISSUE_EXAMPLE.replace('  less-than: 345600', '  less-than: [1]'),
    'x.yaml:14:14 report.less-than: must be a string or a number or true or false or null or a mapping (key: value)',
  ],
  [
    'unknown follow name',
    ISSUE_EXAMPLE.replace('  default: 345600', '  of: queue\n  default: 345600'),
    'x.yaml:13:7 report.of: "queue" is not a name from "follow"; declare it under "follow" first',
  ],
  [
    'bad id',
    ISSUE_EXAMPLE.replace('id: acme/payment-queue-retention', 'id: Acme Rule'),
    'x.yaml:1:5 id: "Acme Rule" is not allowed here: lower-case words separated by hyphens, with an optional namespace before a slash: acme/payment-queue-retention.',
  ],
  ['YAML syntax', ISSUE_EXAMPLE.replace('when:\n', 'when: [\n'), 'x.yaml:9:16 YAML syntax: Nested mappings are not allowed in compact mappings'],
  ['no message', ISSUE_EXAMPLE.replace(/^message: .*\n/m, ''), 'x.yaml:1:1 missing "message"'],
  ['empty', '', 'x.yaml:1:1 the rule file is empty'],
];

for (const [name, text, expected] of MALFORMED) {
  test(`a malformed rule file: ${name}`, () => {
    const file = path.join(TEST_ROOT, 'x.yaml');
    assert.throws(
      () => parseRuleFile(file, text),
      (error: unknown) => {
        assert.ok(error instanceof RuleFileError);
        assert.equal(error.relativeTo(TEST_ROOT), expected);
        return true;
      },
    );
  });
}

test('a JSON rule file names lines and columns too', () => {
  const json = JSON.stringify(
    { id: 'a/b', title: 't', severity: 'info', incident: { name: 'n' }, resource: 'aws_x', report: { attribute: 'a', equal: 1 }, message: 'm' },
    null,
    2,
  );
  assert.throws(
    () => parseRuleFile(path.join(TEST_ROOT, 'r.json'), json),
    (error: unknown) => {
      assert.ok(error instanceof RuleFileError);
      assert.equal(error.relativeTo(TEST_ROOT), 'r.json:11:5 report.equal: unknown key (did you mean "equals"?)');
      return true;
    },
  );
});

// ---------------------------------------------------------------------------------------------------------
// Embedded examples (premortem rules test).

test('embedded examples pass when valid ones are silent and invalid ones report', () => {
  const loaded = parseRuleFile(
    path.join(TEST_ROOT, 'e.yaml'),
    `${ISSUE_EXAMPLE}valid:\n  - |\n    resource "aws_sqs_queue" "q" {\n      name = "payments-a"\n    }\ninvalid:\n  - name: one hour\n    code: |\n      resource "aws_sqs_queue" "q" {\n        name                      = "payments-a"\n        message_retention_seconds = 3600\n      }\n`,
  );
  assert.deepEqual(
    runExamples(loaded).map((r) => [r.kind, r.name, r.failure]),
    [
      ['valid', 'valid[0]', undefined],
      ['invalid', 'one hour', undefined],
    ],
  );
});

test('embedded examples fail when a valid one reports, an invalid one does not, or one does not parse', () => {
  const loaded = parseRuleFile(
    path.join(TEST_ROOT, 'e.yaml'),
    `${ISSUE_EXAMPLE}valid:\n  - |\n    resource "aws_sqs_queue" "q" {\n      name                      = "payments-a"\n      message_retention_seconds = 60\n    }\ninvalid:\n  - |\n    resource "aws_sqs_queue" "q" {\n      name = "payments-a"\n    }\n  - |\n    resource "aws_sqs_queue" "q" {\n`,
  );
  assert.deepEqual(
    runExamples(loaded).map((r) => [r.kind, r.name, r.failure]),
    [
      [
        'valid',
        'valid[0]',
        'reported at 3:31: This payment queue keeps messages for 60 seconds; keep them for at least 345600 (four days) so that a weekend outage loses nothing.',
      ],
      ['invalid', 'invalid[0]', 'reported nothing'],
      ['invalid', 'invalid[1]', 'does not parse: 1:1 This "resource" block has no closing brace "}".'],
    ],
  );
});

// ---------------------------------------------------------------------------------------------------------
// docs/rules-as-data.md shows rule files that work: the worked example and the issue's example, as stored.

test('the docs show the worked example and the issue example exactly as the tested fixtures', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'rules-as-data.md'), 'utf8');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const worked = fs.readFileSync(path.join(FIXTURES, 'worked-example', '.premortem', 'rules', 'production-database-backups.yaml'), 'utf8');
  assert.equal(blocks[0], worked);
  assert.equal(blocks[1], ISSUE_EXAMPLE);
  const results = runExamples(loadRuleFile(path.join(FIXTURES, 'worked-example', '.premortem', 'rules', 'production-database-backups.yaml')));
  assert.equal(results.length, 5);
  assert.deepEqual(
    results.filter((r) => r.failure !== undefined),
    [],
  );
});

test('operators resource and file: false for another type or another file', () => {
  const code = 'resource "aws_thing" "x" {\n  a = 1\n}\n';
  assert.deepEqual(reports(ruleFrom('report:\n  resource: aws_other\n'), code), []);
  assert.deepEqual(reports(ruleFrom('report:\n  file: "other/*.tf"\n'), code), []);
  assert.equal(reports(ruleFrom('report:\n  not:\n    file: "other/*.tf"\n'), code).length, 1);
});

test('a rule file reloaded with the same id runs its new conditions (the dispatch table is not reused)', () => {
  const code = 'resource "aws_thing" "x" {\n  a = 1\n}\n';
  assert.equal(reports(ruleFrom('report:\n  attribute: a\n  equals: 1\n'), code).length, 1);
  assert.deepEqual(reports(ruleFrom('report:\n  attribute: a\n  equals: 2\n'), code), []);
});
