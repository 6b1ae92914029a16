// `scan --plan`: a real plan (test/fixtures/plans/release, made by scripts/generate-plans.mjs) fills in what
// the configuration of the root it was made from cannot say. Its variables came from a var file premortem
// does not load, its queue module came from the registry and was never downloaded, one variable is
// sensitive. The CLI cases run the bundled dist/cli.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../rules/index';
import { UNKNOWN, type Expression } from '../../rules/api';
import { ModuleInstance } from '../../server/src/core/instances/module-instance';
import { createModuleLoader, loadRootModule } from '../../server/src/core/graph/module-loader';
import { parseFile } from '../../server/src/core/parse';
import { planHost } from '../../server/src/core/plan/plan-host';
import { isPlannedModuleFile, plannedModule } from '../../server/src/core/plan/planned-module';
import { readPlanValues } from '../../server/src/core/plan/plan-values';
import { PlanError } from '../../server/src/core/plan/read-plan';
import { scan } from '../../server/src/core/scan';

const SCENARIO = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'plans', 'release');
const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const PLAN_TEXT = fs.readFileSync(path.join(SCENARIO, 'plan.json'), 'utf8');
const SENSITIVE_IMAGE = 'ami-0d1e2f3a4b5c69708';

/** The scenario's root in a temporary directory (outside `test/`, which the AMI rule treats as tests), with the plan beside it. */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-scan-'));
  fs.cpSync(path.join(SCENARIO, 'root'), path.join(dir, 'app'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'plan.json'), PLAN_TEXT);
  return dir;
}

const describe = (root: string, f: { file: string; range: { start: { line: number; column: number } }; ruleId: string; messageId: string }): string =>
  `${path.relative(root, f.file)}:${f.range.start.line}:${f.range.start.column} ${f.ruleId} ${f.messageId}`;

test('scan --plan: without the plan, the unset variables and the module that was never downloaded hide the risks', async () => {
  const root = workspace();
  const outcome = await scan({ paths: ['app'], cwd: root, rules: RULES });
  assert.deepEqual(
    outcome.findings.map((f) => describe(root, f)),
    [],
  );
  assert.equal(outcome.summary.opaqueModuleCalls, 1);
});

test('scan --plan: the plan’s variables, its planned module and its values fill in, and nothing sensitive is printed', async () => {
  const root = workspace();
  const outcome = await scan({ paths: ['app'], cwd: root, rules: RULES, plan: { file: 'plan.json', text: PLAN_TEXT } });
  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(outcome.findings.map((f) => describe(root, f)).sort(), [
    'app/main.tf:13:19 aws-hardcoded-ami-id hardcoded',
    'app/main.tf:18:19 aws-hardcoded-ami-id hardcoded',
    'app/main.tf:27:32 aws-sqs-visibility-below-lambda-timeout belowTimeout',
    'app/main.tf:39:1 aws-lambda-sqs-no-backpressure noConcurrencyCap',
    'app/main.tf:39:1 aws-lambda-sqs-no-backpressure noPartialBatch',
  ]);
  const queue = outcome.findings.find((f) => f.ruleId === 'aws-sqs-visibility-below-lambda-timeout')!;
  assert.match(queue.message, /^module\.webhooks\.aws_sqs_queue\.this\[0\]: This queue hides a received message for 30 s, less than the 300 s/);
  assert.ok(
    (queue.related ?? []).every((r) => !isPlannedModuleFile(r.file)),
    'no location inside the module written from the plan',
  );
  assert.equal(outcome.summary.opaqueModuleCalls, 0, 'the plan let premortem see inside');
  const images = outcome.findings.filter((f) => f.ruleId === 'aws-hardcoded-ami-id').map((f) => f.message);
  assert.match(images[0]!, /^The AMI ami-0f9e8d7c6b5a49382 is hard-coded/);
  assert.match(images[1]!, /^The AMI \(sensitive\) is hard-coded/);
  assert.ok(!JSON.stringify(outcome).includes(SENSITIVE_IMAGE), 'the sensitive value appears nowhere in the result');
});

test('scan --plan: data sources take their planned values, what the plan cannot know stays unknown', () => {
  const root = workspace();
  const values = readPlanValues(PLAN_TEXT, 'plan.json');
  const module = loadRootModule(path.join(root, 'app'))!;
  const instance = ModuleInstance.root(module, { loadModule: createModuleLoader(), manifest: () => new Map(), ...planHost(values, path.join(root, 'app')) });
  const value = (text: string): unknown => {
    const expr = parseFile(path.join(root, 'app', 'probe.tf'), `probe = ${text}\n`).body.attributes[0]!.expr as Expression;
    const evaluated = instance.evaluator.valueOf(expr);
    return evaluated.known ? evaluated.value : UNKNOWN;
  };
  assert.match(String(value('data.aws_iam_policy_document.publish.json')), /"sqs:SendMessage"/);
  assert.equal(value('var.image_id'), 'ami-0f9e8d7c6b5a49382');
  assert.equal(value('aws_lambda_function.webhook_sender.arn'), UNKNOWN, 'an ARN is known only after apply');
  assert.equal(value('module.webhooks.queue_arn'), UNKNOWN);
  assert.equal(value('aws_lambda_function.webhook_sender.timeout'), 300);
});

test('scan --plan: a plan that matches none of the scanned roots is an error', async () => {
  const root = workspace();
  fs.writeFileSync(path.join(root, 'other.tf'), 'resource "aws_sqs_queue" "other" {}\n');
  await assert.rejects(
    scan({ paths: [path.join(root, 'other.tf')], cwd: root, rules: RULES, plan: { file: 'plan.json', text: PLAN_TEXT } }),
    (error: unknown) => {
      assert.ok(error instanceof PlanError);
      assert.match(
        error.message,
        /^plan\.json: the plan was not made from the module scanned \(\. lacks aws_instance\.app, aws_instance\.bastion, aws_lambda_event_source_mapping\.webhooks and 4 more\); scan the directory it was made in$/,
      );
      return true;
    },
  );
});

test('scan --plan in the CLI: exit codes, standard input, and no sensitive value in any format', () => {
  const root = workspace();
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'scan', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, input: PLAN_TEXT });
  for (const format of ['text', 'json', 'sarif']) {
    const result = run('app', '--plan', 'plan.json', '--format', format);
    assert.equal(result.status, 1, `${format}: the error finding fails the run`);
    assert.ok(!result.stdout.includes(SENSITIVE_IMAGE), `${format}: the sensitive value is not printed`);
  }
  assert.match(run('app', '--plan', '-').stdout, /5 problems \(1 error, 2 warnings, 2 info\)/);
  const elsewhere = run('.', '--plan', 'missing.json');
  assert.equal(elsewhere.status, 2);
  assert.match(elsewhere.stderr, /^premortem: cannot read the plan missing\.json: ENOENT\n$/);
  fs.mkdirSync(path.join(root, 'other'));
  fs.writeFileSync(path.join(root, 'other', 'main.tf'), 'resource "aws_sqs_queue" "other" {}\n');
  const wrong = run('other', '--plan', 'plan.json');
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /^premortem: plan\.json: the plan was not made from the module scanned/);
});

/** A plan's JSON with one module call `q` (from the registry) whose code premortem cannot read. */
function queueModulePlan(after: Record<string, unknown>, index: unknown = 0): string {
  const address = `module.q.aws_sqs_queue.this${typeof index === 'number' ? `[${index}]` : ''}`;
  return JSON.stringify({
    format_version: '1.2',
    configuration: {
      root_module: {
        module_calls: {
          q: {
            source: 'example/queue/aws',
            module: {
              variables: { create: {}, vis: {} },
              outputs: { arn: { expression: { references: ['var.create', 'aws_sqs_queue.this[0].arn', 'aws_sqs_queue.this[0]', 'aws_sqs_queue.this'] } } },
              resources: [
                { address: 'aws_sqs_queue.this', expressions: { name: { constant_value: 'q' }, visibility_timeout_seconds: { references: ['var.vis'] } } },
              ],
              module_calls: { inner: { source: './modules/inner', module: { resources: [{ address: 'aws_sqs_queue.inner' }] } } },
            },
          },
        },
      },
    },
    resource_changes: [
      {
        address,
        module_address: 'module.q',
        mode: 'managed',
        type: 'aws_sqs_queue',
        name: 'this',
        index,
        change: { actions: ['create'], after, after_unknown: { arn: true } },
      },
      {
        address: 'module.q.module.inner.aws_sqs_queue.inner',
        module_address: 'module.q.module.inner',
        mode: 'managed',
        type: 'aws_sqs_queue',
        name: 'inner',
        change: { actions: ['create'], after: { name: 'inner' }, after_unknown: {} },
      },
    ],
  });
}

test('scan --plan: a module written from a plan keeps what its configuration says and always parses', () => {
  const root = workspace();
  const odd = {
    name: 'q',
    visibility_timeout_seconds: 30,
    tags: { 'a${b}': 'x"y\n\u0001%{z}', 'not an identifier': 'v' },
    'not an identifier': 1,
    count: 9,
    statement: [{ 'key with space': 1, actions: ['sqs:*'] }],
  };
  const values = readPlanValues(queueModulePlan(odd), 'plan.json');
  const module = plannedModule(values, root, 'module.q')!;
  assert.deepEqual(module.files[0]!.errors, [], module.files[0]!.text);
  assert.equal(module.outputs.get('arn')!.body.attributes[0]!.expr.range.start.offset > 0, true);
  const outputText = module.files[0]!.text.split('\n').find((line) => line.includes('value ='))!;
  assert.equal(outputText.trim(), 'value = aws_sqs_queue.this[0].arn', "the resource it names, not the condition's variable");
  const queue = module.resource('aws_sqs_queue', 'this')!;
  const text = (name: string) =>
    module.files[0]!.text.slice(
      queue.body.attributes.find((a) => a.name === name)!.expr.range.start.offset,
      queue.body.attributes.find((a) => a.name === name)!.expr.range.end.offset,
    );
  assert.equal(text('name'), '"q"', 'a literal in the configuration stays a literal');
  assert.equal(text('visibility_timeout_seconds'), 'premortem_planned(var.vis, 30)', 'a variable passed on stays the variable');
  assert.equal(
    queue.body.attributes.some((a) => a.name === 'count' && a.expr.kind === 'literal' && a.expr.value === 9),
    false,
    'an attribute named count is not written as the meta-argument',
  );
  // Indexes Terraform could not have made are left out, never a crash.
  for (const index of [1e10, 0.5, -1])
    assert.equal(plannedModule(readPlanValues(queueModulePlan(odd, index), 'plan.json'), root, 'module.q')!.resource('aws_sqs_queue', 'this'), undefined);
});

test('scan --plan: a local module call inside a module written from a plan is the plan’s too', () => {
  const root = workspace();
  fs.writeFileSync(path.join(root, 'app', 'main.tf'), 'module "q" {\n  source = "example/queue/aws"\n  vis    = 30\n}\n');
  const values = readPlanValues(queueModulePlan({ name: 'q', visibility_timeout_seconds: 30 }), 'plan.json');
  const module = loadRootModule(path.join(root, 'app'))!;
  const instance = ModuleInstance.root(module, { loadModule: createModuleLoader(), manifest: () => new Map(), ...planHost(values, path.join(root, 'app')) });
  const [q] = instance.childInstances();
  const [inner] = q!.childInstances();
  assert.equal(inner?.address, 'module.q.module.inner');
  assert.ok(inner!.module.resource('aws_sqs_queue', 'inner'));
  // The caller's 30 is the planned 30: it is the caller's value, traced to where the caller wrote it.
  const vis = q!.module.resource('aws_sqs_queue', 'this')!.body.attributes.find((a) => a.name === 'visibility_timeout_seconds')!;
  const evaluated = q!.evaluator.valueOf(vis.expr, q!.module.resource('aws_sqs_queue', 'this'));
  assert.deepEqual(evaluated, { known: true, value: 30, inputs: ['vis'] });
});

test('scan --plan: an AMI a data source returned is not a hard-coded one', async () => {
  const root = workspace();
  fs.appendFileSync(
    path.join(root, 'app', 'main.tf'),
    '\ndata "aws_ami" "base" {\n  most_recent = true\n  owners      = ["amazon"]\n}\n\nresource "aws_instance" "looked_up" {\n  ami           = data.aws_ami.base.id\n  instance_type = "t3.small"\n}\n',
  );
  const plan = JSON.parse(PLAN_TEXT);
  plan.planned_values.root_module.resources.push({
    address: 'data.aws_ami.base',
    mode: 'data',
    type: 'aws_ami',
    name: 'base',
    values: { id: 'ami-0e4d3c2b1a0f98765' },
    sensitive_values: {},
  });
  const outcome = await scan({ paths: ['app'], cwd: root, rules: RULES, plan: { file: 'plan.json', text: JSON.stringify(plan) } });
  const images = outcome.findings.filter((f) => f.ruleId === 'aws-hardcoded-ami-id').map((f) => describe(root, f));
  assert.deepEqual(
    images,
    ['app/main.tf:13:19 aws-hardcoded-ami-id hardcoded', 'app/main.tf:18:19 aws-hardcoded-ami-id hardcoded'],
    'the looked-up image is not reported',
  );
});

test('scan --plan: a plan made in a module repository’s root applies there, though its examples call it', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-scan-'));
  fs.writeFileSync(
    path.join(root, 'main.tf'),
    'variable "image_id" {\n  type = string\n}\n\nresource "aws_instance" "app" {\n  ami           = var.image_id\n  instance_type = "t3.small"\n}\n',
  );
  fs.mkdirSync(path.join(root, 'examples', 'basic'), { recursive: true });
  fs.writeFileSync(path.join(root, 'examples', 'basic', 'main.tf'), 'module "app" {\n  source   = "../../"\n  image_id = "ami-0a1b2c3d4e5f6a7b8"\n}\n');
  const plan = {
    format_version: '1.2',
    variables: { image_id: { value: 'ami-0f9e8d7c6b5a49382' } },
    configuration: { root_module: { resources: [{ address: 'aws_instance.app' }] } },
    resource_changes: [],
  };
  const outcome = await scan({ paths: ['.'], cwd: root, rules: RULES, plan: { file: 'plan.json', text: JSON.stringify(plan) } });
  const images = outcome.findings.filter((f) => f.ruleId === 'aws-hardcoded-ami-id');
  assert.deepEqual(images.map((f) => describe(root, f)).sort(), [
    'examples/basic/main.tf:3:14 aws-hardcoded-ami-id hardcoded',
    'main.tf:6:19 aws-hardcoded-ami-id hardcoded',
  ]);
  assert.match(images.find((f) => f.file === path.join(root, 'main.tf'))!.message, /ami-0f9e8d7c6b5a49382/, 'the plan’s value, in the root it was made from');
});
