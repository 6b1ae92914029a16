// Every module instance is linted with its caller's values: the workspaces in test/fixtures/modules, each
// scanned as the CLI scans them. Each case states every finding (where it is, which instances it names)
// and the related locations that walk the calls.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../rules/index';
import type { Finding } from '../../server/src/core/finding';
import { scan } from '../../server/src/core/scan';
import { findTerraform, terraformValidate } from '../support/terraform';
import { writeWorkspace } from '../support/workspace';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'modules');

/**
 * A fixture workspace in a fresh copy of all of them (one calls another's module), outside the repository's
 * `test/` folder, which the AMI rule treats as test configurations.
 */
function workspace(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-modules-'));
  fs.cpSync(FIXTURES, dir, { recursive: true });
  return path.join(dir, name);
}

interface Expected {
  /** `file:line:column ruleId messageId`, the file relative to the workspace. */
  readonly at: string;
  readonly severity?: Finding['severity'];
  readonly instances?: readonly string[];
  /** `file:line message` of each related location, in order. */
  readonly related?: readonly string[];
}

function describe(root: string, finding: Finding): string {
  return `${path.relative(root, finding.file)}:${finding.range.start.line}:${finding.range.start.column} ${finding.ruleId} ${finding.messageId}`;
}

function describeRelated(root: string, finding: Finding): string[] {
  return (finding.related ?? []).map((r) => `${path.relative(root, r.file)}:${r.range.start.line} ${r.message}`);
}

async function scanned(root: string, paths: readonly string[] = ['.']) {
  return scan({ paths, cwd: root, rules: RULES });
}

interface Case {
  readonly name: string;
  readonly fixture: string;
  readonly paths?: readonly string[];
  readonly findings: readonly Expected[];
  readonly opaqueModuleCalls?: number;
}

const CASES: readonly Case[] = [
  {
    name: 'a dynamic block built from the caller’s routes is reported at the caller’s value',
    fixture: 'cdn-routes-from-caller',
    findings: [
      {
        at: 'live/main.tf:18:37 aws-cloudfront-static-path-forwards-cookies legacyForwards',
        severity: 'warning',
        instances: ['module.edge.aws_cloudfront_distribution.this'],
        related: [
          'modules/edge/main.tf:44 The value reaches module.edge.aws_cloudfront_distribution.this here.',
          'live/main.tf:13 module.edge is called here.',
        ],
      },
    ],
  },
  {
    name: 'a count the caller turns on: the literal in the module, the caller’s switch in related',
    fixture: 'secondary-switched-on',
    findings: [
      {
        at: 'modules/workers/main.tf:25:19 aws-hardcoded-ami-id hardcoded',
        severity: 'warning',
        instances: ['module.workers.aws_instance.secondary[0]'],
        related: ['live/main.tf:15 This value brings module.workers.aws_instance.secondary[0] into being.', 'live/main.tf:12 module.workers is called here.'],
      },
    ],
  },
  {
    name: 'a downloaded registry queue consumed through module.webhooks.queue_arn: the error at the caller’s 30',
    fixture: 'downloaded-queue',
    findings: [
      {
        at: 'app/main.tf:16:32 aws-sqs-visibility-below-lambda-timeout belowTimeout',
        severity: 'error',
        instances: ['module.webhooks.aws_sqs_queue.this[0]'],
        related: [
          'app/.terraform/modules/webhooks/main.tf:7 The value reaches module.webhooks.aws_sqs_queue.this[0] here.',
          'app/main.tf:11 module.webhooks is called here.',
          'app/main.tf:25 The function may run for 300 s (5 minutes).',
          'app/main.tf:28 This mapping connects the queue to the function.',
        ],
      },
      { at: 'app/main.tf:28:1 aws-lambda-sqs-no-backpressure noConcurrencyCap' },
      { at: 'app/main.tf:28:1 aws-lambda-sqs-no-backpressure noPartialBatch' },
    ],
  },
  {
    name: 'nested two deep: the caller’s literal, with the argument it passes through',
    fixture: 'image-through-two-modules',
    findings: [
      {
        at: 'live/main.tf:15:11 aws-hardcoded-ami-id hardcoded',
        instances: ['module.checkout.module.fleet.aws_launch_template.this'],
        related: [
          'modules/fleet/main.tf:11 The value reaches module.checkout.module.fleet.aws_launch_template.this here.',
          'modules/service/main.tf:14 Passed to module.checkout.module.fleet as var.image_id here.',
          'live/main.tf:11 module.checkout is called here.',
          'modules/service/main.tf:10 module.checkout.module.fleet is called here.',
        ],
      },
    ],
  },
  {
    name: 'for_each over a module call: only the instance whose value is risky, traced into the for_each map',
    fixture: 'edge-per-region',
    findings: [
      {
        at: 'live/main.tf:14:22 aws-cloudfront-static-path-forwards-cookies legacyForwards',
        instances: ['module.edge["eu"].aws_cloudfront_distribution.this'],
        related: [
          '../cdn-routes-from-caller/modules/edge/main.tf:44 The value reaches module.edge["eu"].aws_cloudfront_distribution.this here.',
          'live/main.tf:20 Passed to module.edge["eu"] as var.routes here.',
          'live/main.tf:11 module.edge["eu"] is one of the instances this call makes (for_each).',
        ],
      },
    ],
  },
  {
    name: 'one module called twice: the risky call only, and a literal in the module once for both instances',
    fixture: 'blue-green',
    findings: [
      { at: 'live/main.tf:24:14 aws-hardcoded-ami-id hardcoded', instances: ['module.blue.aws_instance.worker'] },
      {
        at: 'modules/worker/main.tf:12:19 aws-hardcoded-ami-id hardcoded',
        instances: ['module.blue.aws_instance.bastion', 'module.green.aws_instance.bastion'],
        related: ['live/main.tf:21 module.blue is called here.', 'live/main.tf:27 module.green is called here.'],
      },
    ],
  },
  {
    name: 'a key of the root that encrypts a database inside a called module: reported at the key',
    fixture: 'kms-key-for-child-database',
    findings: [
      {
        at: 'live/main.tf:15:29 aws-kms-short-deletion-window shortWindow',
        severity: 'warning',
        related: ['modules/db/main.tf:5 aws_db_instance.this is encrypted with this key.'],
      },
    ],
  },
  {
    name: 'remote modules that were never downloaded: no finding, one note that counts the calls',
    fixture: 'network-not-initialised',
    findings: [],
    opaqueModuleCalls: 2,
  },
  {
    name: 'a risky default every caller overrides is not reported; a suppression above a call silences its instance',
    fixture: 'safe-caller-risky-default',
    findings: [],
  },
  {
    name: 'a module scanned without its callers is linted on its defaults',
    fixture: 'safe-caller-risky-default',
    paths: ['modules/bastion'],
    findings: [{ at: 'modules/bastion/main.tf:8:19 aws-hardcoded-ami-id hardcoded' }],
  },
];

for (const c of CASES) {
  test(`module instances: ${c.name}`, async () => {
    const root = workspace(c.fixture);
    const outcome = await scanned(root, c.paths);
    assert.deepEqual(outcome.failures, []);
    const fixtureRoot = root;
    assert.deepEqual(outcome.findings.map((f) => describe(fixtureRoot, f)).sort(), c.findings.map((e) => e.at).sort());
    for (const expected of c.findings) {
      const finding = outcome.findings.find((f) => describe(fixtureRoot, f) === expected.at)!;
      if (expected.severity) assert.equal(finding.severity, expected.severity, expected.at);
      if (expected.instances) {
        assert.deepEqual(finding.instances, expected.instances, expected.at);
        assert.ok(finding.message.startsWith(`${expected.instances.join(' and ')}: `), finding.message);
      }
      if (expected.related) assert.deepEqual(describeRelated(fixtureRoot, finding), expected.related, expected.at);
    }
    assert.equal(outcome.summary.opaqueModuleCalls ?? 0, c.opaqueModuleCalls ?? 0);
  });
}

test('module instances: the same CloudFront routes written inline are reported by the same rule', async () => {
  const root = workspace('cdn-routes-from-caller');
  const module = fs.readFileSync(path.join(root, 'modules/edge/main.tf'), 'utf8');
  fs.rmSync(path.join(root, 'live'), { recursive: true });
  fs.writeFileSync(path.join(root, 'modules/edge/main.tf'), module.replace('var.routes', '[{ path = "/static/*", cookies = "all", min_ttl = 86400 }]'));
  const outcome = await scanned(root);
  assert.deepEqual(
    outcome.findings.map((f) => `${f.ruleId} ${f.messageId}`),
    ['aws-cloudfront-static-path-forwards-cookies legacyForwards'],
  );
});

test('module instances: a suppression in the caller or in the module silences what the module reports', async () => {
  const root = workspace('secondary-switched-on');
  const live = path.join(root, 'live/main.tf');
  fs.writeFileSync(
    live,
    fs
      .readFileSync(live, 'utf8')
      .replace('module "workers" {', '# premortem-ignore: aws-hardcoded-ami-id -- the image is pinned until the next release\nmodule "workers" {'),
  );
  assert.deepEqual((await scanned(root)).findings, [], 'a suppression above the module call');
  const other = workspace('secondary-switched-on');
  const workers = path.join(other, 'modules/workers/main.tf');
  fs.writeFileSync(
    workers,
    fs
      .readFileSync(workers, 'utf8')
      .replace(
        '  ami           = "ami-0c55b159cbfafe1f0"',
        '  # premortem-ignore: aws-hardcoded-ami-id -- tested image\n  ami           = "ami-0c55b159cbfafe1f0"',
      ),
  );
  assert.deepEqual((await scanned(other)).findings, [], 'a suppression in the module');
});

test('module instances: a module called by two roots is reported once, naming both', async () => {
  const root = workspace('blue-green');
  fs.cpSync(path.join(root, 'live'), path.join(root, 'live-eu'), { recursive: true });
  const outcome = await scanned(root);
  const bastion = outcome.findings.filter((f) => f.file.endsWith(path.join('modules', 'worker', 'main.tf')));
  assert.equal(bastion.length, 1);
  assert.deepEqual(bastion[0]!.instances, ['module.blue.aws_instance.bastion', 'module.green.aws_instance.bastion']);
  assert.equal(outcome.findings.filter((f) => f.ruleId === 'aws-hardcoded-ami-id').length, 3, 'the blue call of each root, and the bastion once');
});

test('module instances: a downloaded module’s literal is reported on the call in the configuration', async () => {
  const root = workspace('downloaded-queue');
  const queue = path.join(root, 'app/.terraform/modules/webhooks/main.tf');
  fs.writeFileSync(
    queue,
    fs.readFileSync(queue, 'utf8').replace('visibility_timeout_seconds = var.visibility_timeout_seconds', 'visibility_timeout_seconds = 20'),
  );
  const outcome = await scanned(root);
  const error = outcome.findings.find((f) => f.ruleId === 'aws-sqs-visibility-below-lambda-timeout')!;
  assert.equal(`${path.relative(root, error.file)}:${error.range.start.line}:${error.range.start.column}`, 'app/main.tf:11:1');
  assert.equal(error.related?.[0]?.message, 'Written here, in a module that terraform init downloaded.');
  assert.equal(path.relative(root, error.related[0]!.file), 'app/.terraform/modules/webhooks/main.tf');
});

test('module instances: every fixture root with local modules passes terraform validate', { timeout: 600_000 }, (t) => {
  const tool = findTerraform();
  if ('skip' in tool) return t.skip(`terraform validate not run: ${tool.skip}`);
  // One configuration that calls each root, so Terraform loads the provider once; remote sources cannot be
  // installed offline, so the fixtures of downloaded and opaque modules are left out.
  const roots = [
    'cdn-routes-from-caller/live',
    'secondary-switched-on/live',
    'image-through-two-modules/live',
    'edge-per-region/live',
    'blue-green/live',
    'safe-caller-risky-default/live',
  ];
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '.terraform') walk(full);
      else if (entry.isFile() && entry.name.endsWith('.tf')) files[path.relative(FIXTURES, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(FIXTURES);
  files['main.tf'] = roots.map((root, i) => `module "root_${i}" {\n  source = "./${root}"\n}\n`).join('\n');
  const result = terraformValidate(tool, files);
  assert.ok(result.valid, result.diagnostics.join('\n'));
});

function files(entries: Record<string, string>): string {
  return writeWorkspace(entries, 'premortem-modules-');
}

const QUEUE_MODULE =
  'variable "vis" {\n  type = number\n}\n\nresource "aws_sqs_queue" "q" {\n  name                       = "q"\n  visibility_timeout_seconds = var.vis\n}\n\noutput "arn" {\n  value = aws_sqs_queue.q.arn\n}\n';
const consumer = (name: string, timeout: number, source: string): string =>
  `resource "aws_lambda_function" "${name}" {\n  function_name = "${name}"\n  role          = "arn:aws:iam::111122223333:role/${name}"\n  handler       = "index.handler"\n  runtime       = "nodejs20.x"\n  filename      = "${name}.zip"\n  timeout       = ${timeout}\n}\n\nresource "aws_lambda_event_source_mapping" "${name}" {\n  event_source_arn = ${source}\n  function_name    = aws_lambda_function.${name}.arn\n}\n`;

test('module instances: a finding about a sibling instance of the same module is placed in that instance', async () => {
  const root = files({
    'modules/worker/main.tf':
      `variable "vis" {\n  type = number\n}\n\nvariable "source_arn" {\n  type    = string\n  default = null\n}\n\nresource "aws_sqs_queue" "q" {\n  name                       = "q"\n  visibility_timeout_seconds = var.vis\n}\n\noutput "arn" {\n  value = aws_sqs_queue.q.arn\n}\n\n${consumer('fn', 300, 'var.source_arn')}`.replace(
        'resource "aws_lambda_event_source_mapping" "fn" {',
        'resource "aws_lambda_event_source_mapping" "fn" {\n  count = var.source_arn == null ? 0 : 1',
      ),
    'live/main.tf':
      'module "a" {\n  source = "../modules/worker"\n  vis    = 30\n}\n\nmodule "b" {\n  source     = "../modules/worker"\n  vis        = 3600\n  source_arn = module.a.arn\n}\n',
  });
  const outcome = await scanned(root);
  const error = outcome.findings.find((f) => f.ruleId === 'aws-sqs-visibility-below-lambda-timeout')!;
  assert.equal(describe(root, error), 'live/main.tf:3:12 aws-sqs-visibility-below-lambda-timeout belowTimeout', 'module a’s 30, not module b’s 3600');
  assert.deepEqual(error.instances, ['module.a.aws_sqs_queue.q']);
});

test('module instances: different findings at one place stay apart; only the same finding merges', async () => {
  const root = files({
    'q/main.tf': QUEUE_MODULE,
    'main.tf': `module "q" {\n  source = "./q"\n  vis    = 30\n}\n\n${consumer('a', 300, 'module.q.arn')}\n${consumer('b', 600, 'module.q.arn')}`,
  });
  const outcome = await scanned(root);
  const errors = outcome.findings.filter((f) => f.ruleId === 'aws-sqs-visibility-below-lambda-timeout');
  assert.deepEqual(
    errors.map((f) => describe(root, f)),
    ['main.tf:3:12 aws-sqs-visibility-below-lambda-timeout belowTimeout', 'main.tf:3:12 aws-sqs-visibility-below-lambda-timeout belowTimeout'],
  );
  assert.deepEqual(errors.map((f) => /Set visibility_timeout_seconds = (\d+)/.exec(f.message)?.[1]).sort(), ['1800', '3600']);
});

test('module instances: a tree stops at its instance limit and says so instead of running on', async () => {
  // Each level calls the next with count = 8: 8^5 instances five levels down.
  const level = (next: string | undefined): string => (next ? `module "next" {\n  source = "${next}"\n  count  = 8\n}\n` : 'resource "aws_sqs_queue" "q" {}\n');
  const entries: Record<string, string> = { 'main.tf': level('./l1') };
  for (let i = 1; i <= 5; i++) entries[`${'l1/l2/l3/l4/l5'.split('/').slice(0, i).join('/')}/main.tf`] = level(i < 5 ? `./l${i + 1}` : undefined);
  const root = files(entries);
  const started = performance.now();
  const outcome = await scanned(root);
  assert.ok(performance.now() - started < 30_000, 'the lint ends');
  assert.deepEqual(outcome.truncatedTrees, [root]);
  assert.ok(outcome.summary.instances! <= 5000);
});

test('module instances: a module’s consumer checked against the caller’s queue it receives through a variable', async () => {
  const root = files({
    'consumer/main.tf': `variable "queue_arn" {\n  type = string\n}\n\n${consumer('worker', 120, 'var.queue_arn')}`,
    'main.tf':
      'resource "aws_sqs_queue" "jobs" {\n  name                       = "jobs"\n  visibility_timeout_seconds = 60\n}\n\nmodule "worker" {\n  source    = "./consumer"\n  queue_arn = aws_sqs_queue.jobs.arn\n}\n',
  });
  const outcome = await scanned(root);
  const error = outcome.findings.find((f) => f.ruleId === 'aws-sqs-visibility-below-lambda-timeout')!;
  assert.equal(describe(root, error), 'main.tf:3:32 aws-sqs-visibility-below-lambda-timeout belowTimeout', 'on the caller’s queue');
  assert.match(error.message, /less than the 120 s \(2 minutes\) timeout of aws_lambda_function\.worker/);
});
