// The CLI with rules written as data: scan finds .premortem/rules in a path's parents up to the repository's
// top, a broken rule file is named with line and key while every other rule still reports (exit 2), the
// config's severity and off, suppression comments, SARIF, `premortem rules` and `premortem rules test`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/run-cli';
import { writeWorkspace } from '../support/workspace';

const RULE = fs.readFileSync(
  path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data-rules', 'issue-example', '.premortem', 'rules', 'payment-queue-retention.yaml'),
  'utf8',
);

const QUEUE = 'resource "aws_sqs_queue" "payments" {\n  name                      = "payments-events"\n  message_retention_seconds = 86400\n}\n';
/** Also reported by a built-in rule (aws-sqs-no-dead-letter-queue is not: no consumer), so "other rules still run" shows. */
const STATE_BUCKET = 'terraform {\n  backend "s3" {\n    bucket = "state"\n    key    = "x"\n    region = "eu-west-1"\n  }\n}\n';

const EXAMPLES = `valid:
  - |
    resource "aws_sqs_queue" "q" {
      name = "payments-a"
    }
invalid:
  - name: one hour
    code: |
      resource "aws_sqs_queue" "q" {
        name                      = "payments-a"
        message_retention_seconds = 3600
      }
`;

function repo(files: Readonly<Record<string, string>>): string {
  return writeWorkspace({ '.git/HEAD': 'ref: refs/heads/main\n', ...files });
}

function ruleIds(stdout: string): string[] {
  return (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId).sort();
}

test("scan runs the rule files of the scanned path's parents up to the repository top", () => {
  const dir = repo({ '.premortem/rules/retention.yaml': RULE, 'live/main.tf': QUEUE + STATE_BUCKET });
  const run = runCli(path.join(dir, 'live'), 'scan', '.', '--format', 'json');
  assert.equal(run.status, 1, run.stderr);
  assert.deepEqual(ruleIds(run.stdout), ['acme/payment-queue-retention', 'terraform-s3-backend-without-locking']);
  const text = runCli(path.join(dir, 'live'), 'scan', '.');
  assert.match(text.stdout, /3:31 {2}warning {2}acme\/payment-queue-retention +This payment queue keeps messages for 86400 seconds;/);
  assert.match(text.stdout, /acme\/payment-queue-retention +\.\.\/\.premortem\/rules\/retention\.yaml/);
});

test('rule files above the repository top are not read', () => {
  const outer = writeWorkspace({ '.premortem/rules/retention.yaml': RULE, 'inner/.git/HEAD': 'ref: refs/heads/main\n', 'inner/main.tf': QUEUE });
  const run = runCli(path.join(outer, 'inner'), 'scan', '.', '--format', 'json');
  assert.deepEqual(ruleIds(run.stdout), []);
});

test("a malformed rule file: its error on stderr, every other rule's findings, exit 2", () => {
  const dir = repo({
    '.premortem/rules/retention.yaml': RULE,
    '.premortem/rules/broken.yml': RULE.replace('acme/payment-queue-retention', 'acme/other').replace('    matches:', '    matchs:'),
    'main.tf': QUEUE + STATE_BUCKET,
  });
  const run = runCli(dir, 'scan', '.', '--format', 'json');
  assert.equal(run.status, 2);
  assert.equal(run.stderr, 'premortem: .premortem/rules/broken.yml:10:5 when[0].matchs: unknown key (did you mean "matches"?)\n');
  assert.deepEqual(ruleIds(run.stdout), ['acme/payment-queue-retention', 'terraform-s3-backend-without-locking']);
});

test("a rule file that takes a built-in rule's id is refused", () => {
  const dir = repo({ '.premortem/rules/r.yaml': RULE.replace('acme/payment-queue-retention', 'aws-hardcoded-ami-id'), 'main.tf': QUEUE });
  const run = runCli(dir, 'scan', '.', '--format', 'json');
  assert.equal(run.status, 2);
  assert.equal(
    run.stderr,
    'premortem: .premortem/rules/r.yaml:1:1 id: "aws-hardcoded-ami-id" is already the id of a built-in rule; give this rule its own id\n',
  );
});

test(".premortem.json sets a data rule's severity or turns it off; --rule selects it", () => {
  const dir = repo({ '.premortem/rules/retention.yaml': RULE, 'main.tf': QUEUE + STATE_BUCKET });
  fs.writeFileSync(path.join(dir, '.premortem.json'), JSON.stringify({ rules: { 'acme/payment-queue-retention': 'error' } }));
  const error = JSON.parse(runCli(dir, 'scan', '.', '--format', 'json', '--rule', 'acme/payment-queue-retention').stdout) as {
    findings: { ruleId: string; severity: string }[];
  };
  assert.deepEqual(
    error.findings.map((f) => [f.ruleId, f.severity]),
    [['acme/payment-queue-retention', 'error']],
  );
  fs.writeFileSync(path.join(dir, '.premortem.json'), JSON.stringify({ rules: { 'acme/payment-queue-retention': 'off' } }));
  assert.deepEqual(ruleIds(runCli(dir, 'scan', '.', '--format', 'json').stdout), ['terraform-s3-backend-without-locking']);
});

test('a premortem-ignore comment silences a data rule as it does a built-in', () => {
  const dir = repo({
    '.premortem/rules/retention.yaml': RULE,
    'main.tf': QUEUE.replace(
      '  message_retention_seconds',
      '  # premortem-ignore: acme/payment-queue-retention -- replayed from S3\n  message_retention_seconds',
    ),
  });
  const run = runCli(dir, 'scan', '.', '--format', 'json');
  assert.equal(run.status, 0, run.stdout);
  assert.deepEqual(ruleIds(run.stdout), []);
});

test("SARIF describes a data rule with its incident's URL", () => {
  const dir = repo({ '.premortem/rules/retention.yaml': RULE, 'main.tf': QUEUE });
  const log = JSON.parse(runCli(dir, 'scan', '.', '--format', 'sarif').stdout) as {
    runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string }[] }[];
  };
  const rule = log.runs[0]!.tool.driver.rules.find((r) => r.id === 'acme/payment-queue-retention');
  assert.equal(rule?.helpUri, 'https://wiki.example.com/postmortems/2025-03-payments');
  assert.deepEqual(
    log.runs[0]!.results.map((r) => r.ruleId),
    ['acme/payment-queue-retention'],
  );
});

test('--cache: a changed rule file is part of the key', () => {
  const dir = repo({ '.premortem/rules/retention.yaml': RULE, 'main.tf': QUEUE });
  assert.deepEqual(ruleIds(runCli(dir, 'scan', '.', '--format', 'json', '--cache').stdout), ['acme/payment-queue-retention']);
  fs.writeFileSync(path.join(dir, '.premortem/rules/retention.yaml'), RULE.replace('^payments-', '^orders-'));
  assert.deepEqual(ruleIds(runCli(dir, 'scan', '.', '--format', 'json', '--cache').stdout), []);
});

test('premortem rules lists built-in and user rules; JSON names each source and scope', () => {
  const dir = repo({ '.premortem/rules/retention.yaml': RULE });
  const run = runCli(dir, 'rules', '--format', 'json');
  assert.equal(run.status, 0, run.stderr);
  const listing = JSON.parse(run.stdout) as {
    id: string;
    title: string;
    severity: string;
    category: string;
    incident: string;
    source: string;
    scope: string | null;
  }[];
  assert.deepEqual(Object.keys(listing[0]!), ['id', 'title', 'severity', 'category', 'incident', 'source', 'scope']);
  assert.ok(listing.some((r) => r.id === 'aws-hardcoded-ami-id' && r.source === 'builtin' && r.scope === null));
  assert.deepEqual(listing.at(-1), {
    id: 'acme/payment-queue-retention',
    title: 'Payment queues keep messages for at least four days',
    severity: 'warning',
    category: 'correctness',
    incident: 'ACME payments, March 2025: events expired during a three-day consumer outage',
    source: '.premortem/rules/retention.yaml',
    scope: '.',
  });
  assert.match(
    runCli(dir, 'rules').stdout,
    /acme\/payment-queue-retention +warning +Payment queues keep messages for at least four days {2}\(\.premortem\/rules\/retention\.yaml; applies to modules under \.\/\)\n/,
  );
});

test('premortem rules test passes (exit 0) when every example behaves', () => {
  const dir = repo({ '.premortem/rules/retention.yaml': RULE + EXAMPLES });
  const run = runCli(dir, 'rules', 'test');
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, 'ok    acme/payment-queue-retention (.premortem/rules/retention.yaml): 2 examples pass\n\n1 rule files, 2 examples, 0 failed\n');
});

test('premortem rules test fails (exit 1) and lists a valid example that reports and an invalid one that does not', () => {
  const dir = repo({
    '.premortem/rules/retention.yaml':
      RULE + EXAMPLES.replace('name = "payments-a"', 'name = "payments-a"\n      message_retention_seconds = 60').replace('3600', '999999'),
  });
  const run = runCli(dir, 'rules', 'test');
  assert.equal(run.status, 1);
  assert.equal(
    run.stdout,
    'FAIL  acme/payment-queue-retention (.premortem/rules/retention.yaml): 2 of 2 examples fail\n' +
      '        valid example "valid[0]": reported at 3:31: This payment queue keeps messages for 60 seconds; keep them for at least 345600 (four days) so that a weekend outage loses nothing.\n' +
      '        invalid example "one hour": reported nothing\n\n1 rule files, 2 examples, 2 failed\n',
  );
});

test('premortem rules test with a broken rule file exits 2 and still tests the others', () => {
  const dir = repo({ '.premortem/rules/retention.yaml': RULE + EXAMPLES, '.premortem/rules/zz.yaml': 'id: x\n' });
  const run = runCli(dir, 'rules', 'test');
  assert.equal(run.status, 2);
  assert.equal(run.stderr, 'premortem: .premortem/rules/zz.yaml:1:1 missing "title"\n');
  assert.match(run.stdout, /^ok {4}acme\/payment-queue-retention/);
});

test("premortem rules --help and help rules print the command's help", () => {
  const dir = repo({});
  for (const args of [
    ['rules', '--help'],
    ['help', 'rules'],
  ]) {
    const run = runCli(dir, ...args);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: premortem rules \[paths\.\.\.\] \[--format text\|json\]\n {7}premortem rules test \[paths\.\.\.\]\n/);
  }
});

test('--jobs: worker threads load the rule files too', () => {
  const files: Record<string, string> = { '.premortem/rules/retention.yaml': RULE };
  for (let i = 0; i < 40; i++) files[`m${i}/main.tf`] = QUEUE;
  const dir = repo(files);
  const run = runCli(dir, 'scan', '.', '--format', 'json', '--jobs', '2');
  assert.equal(run.status, 1, run.stderr);
  assert.equal(ruleIds(run.stdout).filter((id) => id === 'acme/payment-queue-retention').length, 40);
});

test('premortem review runs the rule files too', () => {
  const dir = repo({ '.premortem/rules/retention.yaml': RULE, 'main.tf': QUEUE });
  const run = runCli(dir, 'review', '.', '--format', 'json');
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /acme\/payment-queue-retention/);
});

/** A rule that reports every queue, with its own id. */
function everyQueue(id: string): string {
  return `id: ${id}\ntitle: Every queue\nseverity: warning\nincident:\n  name: test\nresource: aws_sqs_queue\nwhen:\n  attribute: name\n  present: true\nmessage: "a queue"\n`;
}

test('scan from the top: a nested rule file reports only on the modules under its folder', () => {
  const dir = repo({
    '.premortem/rules/top.yaml': everyQueue('acme/top'),
    'teams/payments/.premortem/rules/pay.yaml': everyQueue('acme/pay'),
    'main.tf': QUEUE,
    'teams/payments/main.tf': QUEUE,
    'teams/payments/api/main.tf': QUEUE,
    'teams/other/main.tf': QUEUE,
  });
  const findings = (JSON.parse(runCli(dir, 'scan', '.', '--format', 'json').stdout) as { findings: { ruleId: string; file: string }[] }).findings;
  const where = (id: string): string[] =>
    findings
      .filter((f) => f.ruleId === id)
      .map((f) => path.dirname(f.file).split(path.sep).join('/'))
      .sort();
  assert.deepEqual(where('acme/top'), ['.', 'teams/other', 'teams/payments', 'teams/payments/api']);
  assert.deepEqual(where('acme/pay'), ['teams/payments', 'teams/payments/api']);
  // Scanning a folder outside the nested scope: its rule is not even listed.
  const other = runCli(dir, 'rules', 'teams/other', '--format', 'json');
  const listed = (JSON.parse(other.stdout) as { id: string; scope: string | null }[]).filter((r) => r.id.startsWith('acme/')).map((r) => [r.id, r.scope]);
  assert.deepEqual(listed, [['acme/top', '.']]);
  const listing = runCli(path.join(dir, 'teams'), 'rules', '..').stdout;
  assert.match(listing, /acme\/pay +warning +Every queue {2}\(payments\/\.premortem\/rules\/pay\.yaml; applies to modules under payments\/\)\n/);
  assert.match(listing, /acme\/top +warning +Every queue {2}\(\.\.\/\.premortem\/rules\/top\.yaml; applies to modules under \.\.\/\)\n/);
});

test('two rule files claim one id: the nested one is named with the other, the rest still runs, exit 2', () => {
  const dir = repo({
    '.premortem/rules/top.yaml': everyQueue('acme/q'),
    'teams/payments/.premortem/rules/copy.yaml': everyQueue('acme/q'),
    'teams/payments/main.tf': QUEUE,
  });
  const run = runCli(dir, 'scan', 'teams/payments', '--format', 'json');
  assert.equal(run.status, 2);
  assert.equal(
    run.stderr,
    `premortem: ${path.join('teams/payments/.premortem/rules/copy.yaml')}:1:1 id: "acme/q" is already the id of the rule in ${path.join('.premortem/rules/top.yaml')}; give this rule its own id\n`,
  );
  assert.deepEqual(ruleIds(run.stdout), ['acme/q']);
});

test('premortem rules test runs the examples of nested rule files too', () => {
  const dir = repo({
    '.premortem/rules/retention.yaml': RULE + EXAMPLES,
    'teams/payments/.premortem/rules/retention.yaml': RULE.replace('acme/payment-queue-retention', 'acme/payments-team-retention') + EXAMPLES,
  });
  const run = runCli(dir, 'rules', 'test');
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(
    run.stdout,
    'ok    acme/payment-queue-retention (.premortem/rules/retention.yaml): 2 examples pass\n' +
      `ok    acme/payments-team-retention (${path.join('teams/payments/.premortem/rules/retention.yaml')}): 2 examples pass\n\n` +
      '2 rule files, 4 examples, 0 failed\n',
  );
});

test('blast-radius lists the findings of rule files in scope, names a broken one and exits 2', () => {
  const cases: { ruleAt: string; text: string; reported: boolean; status: number }[] = [
    { ruleAt: '.premortem/rules/q.yaml', text: everyQueue('acme/every-queue'), reported: true, status: 1 },
    { ruleAt: 'v2/.premortem/rules/q.yaml', text: everyQueue('acme/every-queue'), reported: true, status: 1 },
    // The other configuration's folder: not the scope of the module the plan was made from.
    { ruleAt: 'v1/.premortem/rules/q.yaml', text: everyQueue('acme/every-queue'), reported: false, status: 1 },
    { ruleAt: '.premortem/rules/q.yaml', text: 'id: acme/every-queue\n', reported: false, status: 2 },
  ];
  for (const { ruleAt, text, reported, status } of cases) {
    const dir = repo({});
    fs.cpSync(path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'plans', 'shop'), dir, { recursive: true });
    fs.mkdirSync(path.dirname(path.join(dir, ruleAt)), { recursive: true });
    fs.writeFileSync(path.join(dir, ruleAt), text);
    const run = runCli(dir, 'blast-radius', '--plan', 'plan-update.json', 'v2', '--format', 'json', '--fail-on', 'warning');
    assert.equal(run.status, status, `${ruleAt}: ${run.stderr}`);
    assert.equal(/"ruleId": "acme\/every-queue"/.test(run.stdout), reported, ruleAt);
    assert.equal(run.stderr, status === 2 ? `premortem: ${path.join(ruleAt)}:1:1 missing "title"\n` : '', ruleAt);
  }
});

test('drift reads the rule files: a config may set their rules, and a broken one is named (exit 2)', () => {
  const module = {
    '.premortem.json': JSON.stringify({ rules: { 'acme/payment-queue-retention': 'error' } }),
    'main.tf': 'variable "size" {}\n',
    'envs/prod.tfvars': 'size = 1\n',
    'envs/staging.tfvars': 'size = 2\n',
  };
  const cases: { files: Record<string, string>; status: number; stderr: string }[] = [
    { files: { '.premortem/rules/retention.yaml': RULE }, status: 0, stderr: '' },
    {
      files: { '.premortem/rules/retention.yaml': RULE, '.premortem/rules/zz.yaml': 'id: x\n' },
      status: 2,
      stderr: `premortem: ${path.join('.premortem/rules/zz.yaml')}:1:1 missing "title"\n`,
    },
  ];
  for (const { files, status, stderr } of cases) {
    const run = runCli(repo({ ...module, ...files }), 'drift', '.');
    assert.equal(run.status, status, run.stderr);
    assert.equal(run.stderr, stderr);
  }
});
