// Over the real plan test/fixtures/plans/data-stores: v1 holds a data store of each kind, with and without a
// way back; v2 deletes most of them (one through a `removed` block, one by leaving a module, one with its
// whole module), replaces three (two old-first, one new-first), forgets one and updates one.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import rule from '../../rules/aws-plan-destroys-stateful-data';
import { scan } from '../../server/src/core/scan';
import { PLANS, planRuleTester, type PlanInvalidCase } from '../support/plan-rule-tester';

const scenario = 'data-stores';
/** Resources that left the root module, and whose module call is gone: the first line of its first file. */
const FIRST_LINE = { file: 'databases.tf', line: 1, column: 1, endLine: 1, endColumn: 105 } as const;
const lost = (
  name: string,
  resource: string,
  where: Pick<PlanInvalidCase, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>,
  ...mentions: string[]
): PlanInvalidCase => ({
  name,
  scenario,
  resource,
  messageId: 'noWayBack',
  severity: 'error',
  ...where,
  mentions,
});
const wayBack = (name: string, resource: string, ...mentions: string[]): PlanInvalidCase => ({
  name,
  scenario,
  resource,
  messageId: 'wayBack',
  severity: 'warning',
  ...FIRST_LINE,
  mentions,
});

planRuleTester(rule, {
  valid: [
    { name: 'a bucket a removed block forgets (destroy = false) is not deleted', scenario, resource: 'aws_s3_bucket.archive' },
    { name: 'a database updated in place', scenario, resource: 'aws_db_instance.catalog' },
    { name: 'a table the plan creates', scenario, resource: 'aws_dynamodb_table.orders' },
    { name: 'a table the plan leaves alone', scenario, resource: 'module.store.aws_dynamodb_table.stock' },
    { name: 'a backup selection holds no data of its own', scenario, resource: 'aws_backup_selection.shared' },
  ],
  invalid: [
    lost(
      'a database without protection, final snapshot or kept backups',
      'aws_db_instance.orders',
      FIRST_LINE,
      'deletes aws_db_instance.orders',
      'skip_final_snapshot is true',
      'delete_automated_backups is true',
    ),
    wayBack('a database with a final snapshot', 'aws_db_instance.billing', 'billing-final'),
    wayBack('a database with deletion protection: the apply fails', 'aws_db_instance.ledger', 'deletion_protection is on'),
    {
      name: 'a database replaced old-first that keeps its automated backups, on its block',
      scenario,
      resource: 'aws_db_instance.reports',
      messageId: 'wayBack',
      severity: 'warning',
      file: 'databases.tf',
      line: 4,
      column: 1,
      endLine: 4,
      endColumn: 37,
      mentions: ['replaces aws_db_instance.reports', 'delete_automated_backups = false', '7 days'],
    },
    lost(
      'a cluster replaced old-first with no way back, on its block',
      'aws_rds_cluster.analytics',
      { file: 'databases.tf', line: 26, column: 1, endLine: 26, endColumn: 39 },
      'replaces aws_rds_cluster.analytics',
    ),
    lost('a table without deletion protection or point-in-time recovery', 'aws_dynamodb_table.sessions', FIRST_LINE, 'point-in-time recovery is off'),
    wayBack('a table with point-in-time recovery', 'aws_dynamodb_table.events', 'point-in-time recovery is on', '35 days'),
    lost(
      'a table replaced new-first still loses the old table',
      'aws_dynamodb_table.carts',
      { file: 'tables.tf', line: 2, column: 1, endLine: 2, endColumn: 38 },
      'replaces aws_dynamodb_table.carts',
    ),
    lost('a table that left a module that is still called: on the module call', 'module.store.aws_dynamodb_table.ledger', {
      file: 'tables.tf',
      line: 26,
      column: 1,
      endLine: 26,
      endColumn: 15,
    }),
    lost('a bucket whose module call is gone: the first line', 'module.legacy.aws_s3_bucket.exports', FIRST_LINE, 'force_destroy is true'),
    lost('a bucket with force_destroy', 'aws_s3_bucket.uploads', FIRST_LINE, 'force_destroy is true'),
    wayBack('a bucket without force_destroy: the delete fails while it holds objects', 'aws_s3_bucket.assets', 'force_destroy is false'),
    lost(
      'a zone a removed block destroys: on the removed block',
      'aws_route53_zone.internal',
      { file: 'storage.tf', line: 12, column: 1, endLine: 12, endColumn: 8 },
      'every record',
    ),
    lost('a secret without a recovery window', 'aws_secretsmanager_secret.api_key', FIRST_LINE, 'recovery_window_in_days is 0'),
    wayBack('a secret with the default recovery window', 'aws_secretsmanager_secret.db_password', '30 days'),
    wayBack('a key is only scheduled for deletion', 'aws_kms_key.data', '10 days'),
    wayBack('a file system an AWS Backup selection covers', 'aws_efs_file_system.shared', 'aws_backup_selection.shared'),
    wayBack('a file system with a backup policy', 'aws_efs_file_system.home', 'aws_efs_backup_policy.home'),
    lost('a file system nothing backs up', 'aws_efs_file_system.scratch', FIRST_LINE, 'no AWS Backup selection'),
    wayBack('a volume with a final snapshot', 'aws_ebs_volume.journal', 'final_snapshot = true'),
    lost('a volume without one', 'aws_ebs_volume.cache', FIRST_LINE, 'final_snapshot is false'),
    wayBack('a replication group with a final snapshot', 'aws_elasticache_replication_group.sessions', 'sessions-final'),
    lost('a replication group without one', 'aws_elasticache_replication_group.queue', FIRST_LINE, 'no final_snapshot_identifier'),
    {
      name: 'a Kubernetes control plane',
      scenario,
      resource: 'aws_eks_cluster.main',
      messageId: 'controlPlane',
      severity: 'warning',
      ...FIRST_LINE,
      mentions: ['goes down with it'],
    },
  ],
});

type PlanChange = { address: string; change: { before: Record<string, unknown> | null } };

/** The data-stores plan with `edit` applied to its changes, scanned with this rule alone: its findings by resource. */
async function scanEdited(edit: (change: (address: string) => PlanChange['change']) => void) {
  const dir = path.join(PLANS, scenario);
  const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan-update.json'), 'utf8'));
  edit((address) => (plan.resource_changes as PlanChange[]).find((c) => c.address === address)!.change);
  const outcome = await scan({
    paths: ['v2'],
    cwd: dir,
    rules: [rule],
    onlyRules: [rule.meta.id],
    plan: { file: 'plan-update.json', text: JSON.stringify(plan) },
  });
  assert.deepEqual(outcome.failures, []);
  return new Map(outcome.findings.map((f) => [f.resource, f]));
}

test('aws-plan-destroys-stateful-data: what the state does not say is never an error', async () => {
  const findings = await scanEdited((change) => delete change('aws_db_instance.orders').before!['skip_final_snapshot']);
  const finding = findings.get('aws_db_instance.orders');
  assert.equal(finding?.messageId, 'unknownWayBack');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /cannot tell .* whether a final snapshot is taken/);
});

test('aws-plan-destroys-stateful-data: a backup selection this plan creates has taken no backup yet', async () => {
  const findings = await scanEdited((change) => {
    change('aws_backup_selection.shared').before = null;
  });
  assert.equal(findings.get('aws_efs_file_system.shared')?.messageId, 'noWayBack');
});

test('aws-plan-destroys-stateful-data: a selection by tag covers a resource that carries the tag', async () => {
  const findings = await scanEdited((change) => {
    Object.assign(change('aws_backup_selection.shared').before!, { resources: [], selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: 'daily' }] });
    change('aws_efs_file_system.scratch').before!['tags'] = { backup: 'daily' };
  });
  assert.equal(findings.get('aws_efs_file_system.scratch')?.messageId, 'wayBack');
  assert.equal(findings.get('aws_efs_file_system.shared')?.messageId, 'noWayBack');
});

test('aws-plan-destroys-stateful-data: a wildcard ARN selects every resource it matches', async () => {
  const findings = await scanEdited((change) => {
    change('aws_backup_selection.shared').before!['resources'] = ['arn:aws:efs:us-east-1:111122223333:*'];
  });
  assert.equal(findings.get('aws_efs_file_system.scratch')?.messageId, 'wayBack');
  assert.match(findings.get('aws_efs_file_system.scratch')!.message, /aws_backup_selection\.shared covers it/);
});
