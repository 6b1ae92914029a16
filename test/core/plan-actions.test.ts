// The engine side of rules about plan actions: a plan's resource changes as rules see them (real plan
// test/fixtures/plans/data-stores), and resource addresses taken apart for anchoring.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { UNKNOWN } from '../../rules/api';
import { parseResourceAddress } from '../../server/src/core/plan/plan-anchor';
import { readPlanValues } from '../../server/src/core/plan/plan-values';
import { planView } from '../../server/src/core/plan/plan-view';

const PLANS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'plans');
const read = (scenario: string) => readPlanValues(fs.readFileSync(path.join(PLANS, scenario, 'plan-update.json'), 'utf8'), 'plan-update.json');

test('a resource change has its actions exactly as the plan has them, values before and after, and why', () => {
  const plan = planView(read('data-stores'));
  const actions = (address: string) => plan.change(address)?.actions;
  assert.deepEqual(actions('aws_db_instance.orders'), ['delete']);
  assert.deepEqual(actions('aws_rds_cluster.analytics'), ['delete', 'create']);
  assert.deepEqual(actions('aws_dynamodb_table.carts'), ['create', 'delete']);
  assert.deepEqual(actions('aws_s3_bucket.archive'), ['forget']);
  assert.deepEqual(actions('module.store.aws_dynamodb_table.stock'), ['no-op']);

  const orders = plan.change('aws_db_instance.orders')!;
  assert.equal(orders.after, null);
  assert.equal(orders.before?.['skip_final_snapshot'], true);
  assert.equal(orders.actionReason, 'delete_because_no_resource_config');

  const carts = plan.change('aws_dynamodb_table.carts')!;
  assert.equal(carts.before?.['name'], 'carts');
  assert.equal(carts.after?.['name'], 'carts-v2');
  assert.equal(carts.after?.['arn'], UNKNOWN);
  assert.equal(carts.actionReason, 'replace_because_cannot_update');

  const ledger = plan.change('module.store.aws_dynamodb_table.ledger')!;
  assert.deepEqual([ledger.moduleAddress, ledger.type, ledger.name, ledger.mode], ['module.store', 'aws_dynamodb_table', 'ledger', 'managed']);
});

test('a value before the change that the plan marks sensitive is never printed', () => {
  const values = read('data-stores');
  assert.ok(values.sensitive.has('not-a-real-password'));
});

test('resource addresses are taken apart into module calls (with keys) and the resource (with its key)', () => {
  assert.deepEqual(parseResourceAddress('aws_lb.web'), { calls: [], local: 'aws_lb.web', mode: 'managed', type: 'aws_lb', name: 'web' });
  assert.deepEqual(parseResourceAddress('module.a["x.y"].module.b[0].aws_instance.web["k"]'), {
    calls: [
      { name: 'a', key: 'x.y' },
      { name: 'b', key: 0 },
    ],
    local: 'aws_instance.web',
    mode: 'managed',
    type: 'aws_instance',
    name: 'web',
    key: 'k',
  });
  assert.deepEqual(parseResourceAddress('module.cell.data.aws_ami.x'), {
    calls: [{ name: 'cell' }],
    local: 'data.aws_ami.x',
    mode: 'data',
    type: 'aws_ami',
    name: 'x',
  });
  assert.equal(parseResourceAddress('module.cell'), undefined);
  assert.equal(parseResourceAddress('aws_lb.web.arn'), undefined);
});

test('what refers to a resource: its module instance, and its caller through the module outputs; not through a local', () => {
  const plan = planView(read('traffic'));
  const referrers = (address: string) =>
    plan
      .referencesTo(plan.change(address)!)
      .map((r) => `${r.from.address} ${r.argument}${r.through ? ` via ${r.through}` : ''}`)
      .sort();
  assert.deepEqual(referrers('aws_lb.web'), [
    'aws_cloudfront_distribution.cdn origin',
    'aws_lb_listener.web load_balancer_arn',
    'aws_route53_record.www alias',
  ]);
  assert.deepEqual(referrers('module.edge.aws_eip.this'), ['aws_route53_record.edge records via module.edge.public_ip']);
  assert.deepEqual(referrers('aws_instance.mail'), []);
  assert.deepEqual(referrers('aws_lb_target_group.web'), [
    'aws_lb_listener.web default_action',
    'aws_lb_target_group_attachment.app target_group_arn',
    'aws_lb_target_group_attachment.web target_group_arn',
  ]);
});
