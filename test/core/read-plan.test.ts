// Reading `terraform show -json` output: instance addresses, the keys a plan knows, prior-state
// dependencies, and clear errors for files that are not plans.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instanceKeySuffix } from '../../server/src/core/graph/dependency-graph';
import { PlanError, readPlan, splitAddress, withoutLastKey } from '../../server/src/core/plan/read-plan';

test('addresses split into name runs and keys, with dots and brackets inside quoted keys kept whole', () => {
  assert.deepEqual(splitAddress('module.a["x.y"].aws_b.c[0]'), ['module.a', '["x.y"]', '.aws_b.c', '[0]']);
  assert.deepEqual(splitAddress('aws_b.c["k]\\"q"]'), ['aws_b.c', '["k]\\"q"]']);
  assert.equal(withoutLastKey('module.app["eu"].aws_lb.main[1]'), 'module.app["eu"].aws_lb.main');
  assert.equal(withoutLastKey('module.app["eu"].aws_lb.main'), 'module.app["eu"].aws_lb.main');
});

const change = (address: string, index: unknown, actions: string[], type = 'aws_sqs_queue') => ({
  address,
  mode: 'managed',
  type,
  name: 'q',
  ...(index === undefined ? {} : { index }),
  change: { actions },
});

test('instance keys of resources and of module calls come from the addresses the plan lists', () => {
  const plan = readPlan(
    JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        change('module.app["eu"].aws_sqs_queue.q[0]', 0, ['create']),
        change('module.app["us"].aws_sqs_queue.q[0]', 0, ['create']),
        change('module.app["us"].module.db[2].aws_sqs_queue.q', undefined, ['no-op']),
      ],
    }),
    'plan.json',
  );
  assert.deepEqual(plan.instanceKeys.get('module.app'), ['eu', 'us']);
  assert.deepEqual(plan.instanceKeys.get('module.app["eu"].aws_sqs_queue.q'), [0]);
  assert.deepEqual(plan.instanceKeys.get('module.app["us"].module.db'), [2]);
  assert.equal(plan.changes[0]!.resourceAddress, 'module.app["eu"].aws_sqs_queue.q');
});

test('a key Terraform quotes (a quote, a template sequence, a control character) reads back as the key, and is written again as Terraform writes it', () => {
  const key = 'a${b}"c\bd';
  const address = `module.app${instanceKeySuffix(key)}`;
  assert.equal(address, 'module.app["a$${b}\\"c\\u0008d"]');
  const plan = readPlan(
    JSON.stringify({ format_version: '1.2', resource_changes: [change(`${address}.aws_sqs_queue.q`, undefined, ['create'])] }),
    'plan.json',
  );
  assert.deepEqual(plan.instanceKeys.get('module.app'), [key]);
});

test('prior-state dependencies and changed root outputs are read', () => {
  const plan = readPlan(
    JSON.stringify({
      format_version: '1.2',
      resource_changes: [],
      output_changes: { same: { actions: ['no-op'] }, moved: { actions: ['update'] } },
      prior_state: { values: { root_module: { child_modules: [{ resources: [{ address: 'module.m.aws_x.y', depends_on: ['module.m.aws_z.w'] }] }] } } },
    }),
    'plan.json',
  );
  assert.deepEqual([...plan.priorDependencies], [['module.m.aws_x.y', ['module.m.aws_z.w']]]);
  assert.deepEqual([...plan.changedOutputs], ['output.moved']);
});

test('files that are not plans fail with a message that says how to make one', () => {
  assert.throws(
    () => readPlan('{ not json', 'p.json'),
    (e: unknown) => e instanceof PlanError && /p\.json: not JSON/.test(e.message),
  );
  assert.throws(
    () => readPlan('{"name": "premortem"}', 'p.json'),
    (e: unknown) => e instanceof PlanError && /terraform show -json/.test(e.message),
  );
  assert.throws(
    () =>
      readPlan(
        JSON.stringify({ format_version: '1.2', resource_changes: [{ address: 'x', mode: 'managed', type: 't', change: { actions: ['explode'] } }] }),
        'p.json',
      ),
    PlanError,
  );
});
