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
import { isPlannedModuleFile } from '../../server/src/core/plan/planned-module';
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
  assert.deepEqual(outcome.findings.map((f) => describe(root, f)), []);
  assert.equal(outcome.summary.opaqueModuleCalls, 1);
});

test('scan --plan: the plan’s variables, its planned module and its values fill in, and nothing sensitive is printed', async () => {
  const root = workspace();
  const outcome = await scan({ paths: ['app'], cwd: root, rules: RULES, plan: { file: 'plan.json', text: PLAN_TEXT } });
  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(outcome.findings.map((f) => describe(root, f)).sort(), [
    'app/main.tf:13:19 aws-hardcoded-ami-id hardcoded',
    'app/main.tf:18:19 aws-hardcoded-ami-id hardcoded',
    'app/main.tf:22:1 aws-sqs-visibility-below-lambda-timeout belowTimeout',
    'app/main.tf:39:1 aws-lambda-sqs-no-backpressure noConcurrencyCap',
    'app/main.tf:39:1 aws-lambda-sqs-no-backpressure noPartialBatch',
  ]);
  const queue = outcome.findings.find((f) => f.ruleId === 'aws-sqs-visibility-below-lambda-timeout')!;
  assert.match(queue.message, /^module\.webhooks\.aws_sqs_queue\.this\[0\]: This queue hides a received message for 30 s, less than the 300 s/);
  assert.ok((queue.related ?? []).every((r) => !isPlannedModuleFile(r.file)), 'no location inside the module written from the plan');
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
    const expr = (parseFile(path.join(root, 'app', 'probe.tf'), `probe = ${text}\n`).body.attributes[0]!.expr as Expression);
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
  await assert.rejects(scan({ paths: [path.join(root, 'other.tf')], cwd: root, rules: RULES, plan: { file: 'plan.json', text: PLAN_TEXT } }), (error: unknown) => {
    assert.ok(error instanceof PlanError);
    assert.match(error.message, /^plan\.json: the plan was not made from the root module scanned \(\. lacks aws_instance\.app, aws_instance\.bastion, aws_lambda_event_source_mapping\.webhooks and 4 more\); scan the directory it was made in$/);
    return true;
  });
});

test('scan --plan in the CLI: exit codes, standard input, and no sensitive value in any format', () => {
  const root = workspace();
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'scan', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, input: PLAN_TEXT });
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
  assert.match(wrong.stderr, /^premortem: plan\.json: the plan was not made from the root module scanned/);
});
