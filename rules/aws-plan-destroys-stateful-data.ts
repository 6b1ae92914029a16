// GitLab (January 2017), Atlassian (April 2022), DataTalks.Club (February 2026): one command deleted data, and
// the ways back everyone counted on were not there. A plan that deletes or replaces a data store destroys what
// it holds; what decides whether that can be undone is in the state the destroy runs with: deletion
// protection, a final snapshot, backups kept apart from the resource, a recovery window.
import type { Plan, PlanObject, ResourceChange, Value } from './api';
import { actionText, attributeOf, boolAt, destroys, firstBlock, listInWords, numberAt, stringAt } from './support/plan';
import { defineRule } from './api';

type MessageId = 'noWayBack' | 'wayBack' | 'unknownWayBack' | 'controlPlane';

/** What the state says about getting the data back: ways back, reasons there is none, and what is not known. */
interface Verdict {
  readonly ways: string[];
  readonly lost: string[];
  readonly unknown: string[];
  /** What to change, and apply, before a change like this one. */
  remedy: string;
}

/** Types AWS Backup can back up (and restore after the resource is gone) that this rule reads. */
const BACKED_UP_BY_AWS_BACKUP: ReadonlySet<string> = new Set([
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_dynamodb_table',
  'aws_efs_file_system',
  'aws_ebs_volume',
  'aws_s3_bucket',
]);

/** Control planes: deleting one takes down everything that runs on it. */
const CONTROL_PLANES: ReadonlySet<string> = new Set(['aws_eks_cluster']);

/** Said after each remedy: setting it in the same change as the destroy does nothing. */
const STATE_FIRST = 'and apply that on its own first: a destroy runs with the settings in the state, not those in the configuration.';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-plan-destroys-stateful-data',
    title: 'Keep a way back before a plan destroys data',
    description:
      'A plan that deletes or replaces a database, table, bucket, file system, volume, cache, secret or key destroys what it holds; without deletion protection, a final snapshot, a backup kept apart or a recovery window, one mistaken apply loses it for good.',
    category: 'data-loss',
    severity: 'error',
    recommended: true,
    appliesTo: [
      {
        block: 'resource',
        labels: [
          'aws_db_instance',
          'aws_rds_cluster',
          'aws_dynamodb_table',
          'aws_s3_bucket',
          'aws_route53_zone',
          'aws_secretsmanager_secret',
          'aws_kms_key',
          'aws_efs_file_system',
          'aws_ebs_volume',
          'aws_elasticache_replication_group',
          'aws_eks_cluster',
          'aws_backup_selection',
          'aws_efs_backup_policy',
        ],
      },
    ],
    fixable: 'none',
    messages: {
      noWayBack: 'This plan {change}, and nothing brings its data back: {reasons}. {remedy}',
      wayBack: 'This plan {change}; the way back: {ways}.',
      unknownWayBack: 'This plan {change}, and premortem cannot tell whether anything brings its data back: the state does not say {unknown}.',
      controlPlane:
        'This plan {change}: everything running on the cluster goes down with it, and what the cluster held (its workloads, secrets and settings) must be recreated.',
    },
    incident: 'GitLab, January 2017; Atlassian, April 2022; DataTalks.Club, February 2026: data deleted with no way back',
    reads: [
      'aws_db_instance.deletion_protection',
      'aws_db_instance.skip_final_snapshot',
      'aws_db_instance.final_snapshot_identifier',
      'aws_db_instance.delete_automated_backups',
      'aws_db_instance.backup_retention_period',
      'aws_db_instance.arn',
      'aws_db_instance.tags',
      'aws_rds_cluster.deletion_protection',
      'aws_rds_cluster.skip_final_snapshot',
      'aws_rds_cluster.final_snapshot_identifier',
      'aws_rds_cluster.delete_automated_backups',
      'aws_rds_cluster.backup_retention_period',
      'aws_rds_cluster.arn',
      'aws_rds_cluster.tags',
      'aws_dynamodb_table.deletion_protection_enabled',
      'aws_dynamodb_table.point_in_time_recovery.enabled',
      'aws_dynamodb_table.arn',
      'aws_dynamodb_table.tags',
      'aws_s3_bucket.force_destroy',
      'aws_s3_bucket.arn',
      'aws_s3_bucket.tags',
      'aws_route53_zone.force_destroy',
      'aws_secretsmanager_secret.recovery_window_in_days',
      'aws_kms_key.deletion_window_in_days',
      'aws_efs_file_system.id',
      'aws_efs_file_system.arn',
      'aws_efs_file_system.tags',
      'aws_efs_backup_policy.file_system_id',
      'aws_efs_backup_policy.backup_policy.status',
      'aws_ebs_volume.final_snapshot',
      'aws_ebs_volume.arn',
      'aws_ebs_volume.tags',
      'aws_elasticache_replication_group.final_snapshot_identifier',
      'aws_backup_selection.resources',
      'aws_backup_selection.not_resources',
      'aws_backup_selection.selection_tag.type',
      'aws_backup_selection.selection_tag.key',
      'aws_backup_selection.selection_tag.value',
      'aws_backup_selection.condition',
    ],
    since: '0.1.0',
    runsOn: 'plan',
  },

  checkPlan(plan, ctx) {
    for (const change of plan.changes) {
      if (change.mode !== 'managed' || !destroys(change)) continue;
      const data = { change: actionText(change) };
      if (CONTROL_PLANES.has(change.type)) {
        ctx.report({ resource: change.address, messageId: 'controlPlane', severity: 'warning', data });
        continue;
      }
      const verdict = judge(plan, change);
      if (!verdict) continue;
      if (verdict.ways.length > 0)
        ctx.report({ resource: change.address, messageId: 'wayBack', severity: 'warning', data: { ...data, ways: listInWords(verdict.ways) } });
      else if (verdict.unknown.length > 0)
        ctx.report({ resource: change.address, messageId: 'unknownWayBack', severity: 'warning', data: { ...data, unknown: listInWords(verdict.unknown) } });
      else ctx.report({ resource: change.address, messageId: 'noWayBack', data: { ...data, reasons: listInWords(verdict.lost), remedy: verdict.remedy } });
    }
  },
});

/** The verdict on a destroyed resource of a type this rule knows; undefined for the others. */
function judge(plan: Plan, change: ResourceChange): Verdict | undefined {
  const before = change.before;
  const verdict: Verdict = { ways: [], lost: [], unknown: [], remedy: '' };
  switch (change.type) {
    case 'aws_db_instance':
    case 'aws_rds_cluster':
      judgeDatabase(before, verdict);
      break;
    case 'aws_dynamodb_table':
      judgeTable(before, verdict);
      break;
    case 'aws_s3_bucket':
      judgeForceDestroy(
        before,
        verdict,
        'the delete fails while the bucket holds objects (force_destroy is false)',
        'force_destroy is true, so the bucket is emptied, every object and version with it',
      );
      break;
    case 'aws_route53_zone':
      judgeForceDestroy(
        before,
        verdict,
        'the delete fails while the zone holds records besides its NS and SOA (force_destroy is false)',
        'force_destroy is true, so every record in the zone is deleted with it',
      );
      break;
    case 'aws_secretsmanager_secret':
      judgeSecret(before, verdict);
      break;
    case 'aws_kms_key': {
      const days = numberAt(before, 'deletion_window_in_days', 30);
      verdict.ways.push(
        `the key is only scheduled for deletion, which can be cancelled for ${days ?? '7 to 30'} days (deletion_window_in_days); after that, whatever it encrypted cannot be read`,
      );
      break;
    }
    case 'aws_efs_file_system':
      judgeEfsBackupPolicy(plan, change, verdict);
      verdict.lost.push('no AWS Backup selection or backup policy covers it');
      verdict.remedy = 'Cover it with an AWS Backup plan (aws_efs_backup_policy or aws_backup_selection) and let a backup complete before this change.';
      break;
    case 'aws_ebs_volume': {
      const snapshot = boolAt(before, 'final_snapshot', false);
      if (snapshot === true) verdict.ways.push('a final snapshot is taken before the delete (final_snapshot = true)');
      else if (snapshot === undefined) verdict.unknown.push('whether final_snapshot is set');
      verdict.lost.push('final_snapshot is false and no AWS Backup selection covers it');
      verdict.remedy = `Set final_snapshot = true ${STATE_FIRST}`;
      break;
    }
    case 'aws_elasticache_replication_group': {
      const snapshot = stringAt(before, 'final_snapshot_identifier');
      if (snapshot) verdict.ways.push(`a final snapshot ("${snapshot}") is taken before the delete`);
      else if (snapshot === undefined) verdict.unknown.push('whether a final_snapshot_identifier is set');
      verdict.lost.push('no final_snapshot_identifier is set, and its automatic backups are deleted with it');
      verdict.remedy = `Set final_snapshot_identifier ${STATE_FIRST}`;
      break;
    }
    default:
      return undefined;
  }
  if (verdict.ways.length === 0 && BACKED_UP_BY_AWS_BACKUP.has(change.type)) judgeAwsBackup(plan, change, verdict);
  return verdict;
}

function judgeDatabase(before: PlanObject | null, verdict: Verdict): void {
  const protectedFromDelete = boolAt(before, 'deletion_protection', false);
  const skip = boolAt(before, 'skip_final_snapshot', false);
  const deleteBackups = boolAt(before, 'delete_automated_backups', true);
  const retention = numberAt(before, 'backup_retention_period', undefined);
  if (protectedFromDelete === true) verdict.ways.push('deletion_protection is on, so the apply fails before anything is deleted');
  else if (protectedFromDelete === undefined) verdict.unknown.push('whether deletion_protection is on');
  if (skip === false) {
    const name = stringAt(before, 'final_snapshot_identifier');
    verdict.ways.push(
      name
        ? `a final snapshot ("${name}") is taken before the delete`
        : 'skip_final_snapshot is false but no final_snapshot_identifier is set, so the delete fails',
    );
  } else if (skip === undefined) verdict.unknown.push('whether a final snapshot is taken');
  if (deleteBackups === false && retention !== undefined && retention > 0)
    verdict.ways.push(`its automated backups are kept (delete_automated_backups = false), for a point-in-time restore within ${retention} days`);
  else if (deleteBackups === undefined || (deleteBackups === false && retention === undefined)) verdict.unknown.push('whether its automated backups are kept');
  verdict.lost.push(
    'deletion_protection is off',
    'skip_final_snapshot is true',
    deleteBackups === false
      ? 'it keeps no automated backups (backup_retention_period is 0)'
      : 'its automated backups are deleted with it (delete_automated_backups is true)',
  );
  verdict.remedy = `Set deletion_protection = true (or skip_final_snapshot = false with a final_snapshot_identifier) ${STATE_FIRST}`;
}

function judgeTable(before: PlanObject | null, verdict: Verdict): void {
  const protectedFromDelete = boolAt(before, 'deletion_protection_enabled', false);
  const recovery = firstBlock(before, 'point_in_time_recovery');
  const pitr = recovery === null ? false : recovery === undefined ? undefined : boolAt(recovery, 'enabled', false);
  if (protectedFromDelete === true) verdict.ways.push('deletion_protection_enabled is on, so the apply fails before anything is deleted');
  else if (protectedFromDelete === undefined) verdict.unknown.push('whether deletion_protection_enabled is on');
  if (pitr === true) verdict.ways.push('point-in-time recovery is on, so DynamoDB keeps a system backup of the table for 35 days');
  else if (pitr === undefined) verdict.unknown.push('whether point-in-time recovery is on');
  verdict.lost.push('deletion_protection_enabled is off', 'point-in-time recovery is off');
  verdict.remedy = `Set deletion_protection_enabled = true (or turn on point_in_time_recovery) ${STATE_FIRST}`;
}

function judgeForceDestroy(before: PlanObject | null, verdict: Verdict, guarded: string, lost: string): void {
  const force = boolAt(before, 'force_destroy', false);
  if (force === false) verdict.ways.push(guarded);
  else if (force === undefined) verdict.unknown.push('whether force_destroy is set');
  verdict.lost.push(lost);
  verdict.remedy = `Set force_destroy = false ${STATE_FIRST}`;
}

function judgeSecret(before: PlanObject | null, verdict: Verdict): void {
  const days = numberAt(before, 'recovery_window_in_days', 30);
  if (days !== undefined && days > 0) verdict.ways.push(`the secret can be restored for ${days} days (recovery_window_in_days)`);
  else if (days === undefined) verdict.unknown.push('its recovery_window_in_days');
  verdict.lost.push('recovery_window_in_days is 0, so the secret is deleted at once');
  verdict.remedy = `Set recovery_window_in_days to 7 or more ${STATE_FIRST}`;
}

/** An EFS backup policy that was on before this plan: AWS Backup's daily backups of the file system. */
function judgeEfsBackupPolicy(plan: Plan, change: ResourceChange, verdict: Verdict): void {
  const id = stringAt(change.before, 'id');
  for (const policy of plan.changes) {
    if (policy.type !== 'aws_efs_backup_policy' || !policy.before) continue;
    const target = stringAt(policy.before, 'file_system_id');
    if (target === undefined || id === undefined) continue;
    if (target !== id) continue;
    const status = stringAt(firstBlock(policy.before, 'backup_policy') ?? null, 'status');
    if (status === 'ENABLED')
      verdict.ways.push(`its backup policy (${policy.address}) is on, so AWS Backup keeps daily recovery points of it, which outlive the file system`);
  }
}

/**
 * The AWS Backup selections that existed before this plan and cover the resource: their recovery points
 * outlive it. A selection created by this plan has taken no backup yet.
 */
function judgeAwsBackup(plan: Plan, change: ResourceChange, verdict: Verdict): void {
  for (const selection of plan.changes) {
    if (selection.type !== 'aws_backup_selection' || !selection.before) continue;
    const covered = covers(selection.before, change.before);
    if (covered === true) verdict.ways.push(`the AWS Backup selection ${selection.address} covers it, and its recovery points outlive it`);
    else if (covered === undefined) verdict.unknown.push(`whether the AWS Backup selection ${selection.address} covers it`);
  }
}

/** Whether a backup selection selects a resource (by ARN, wildcard or tag); undefined when that cannot be told. */
function covers(selection: PlanObject, resource: PlanObject | null): boolean | undefined {
  const arn = stringAt(resource, 'arn');
  const excluded = stringList(attributeOf(selection, 'not_resources'));
  const resources = stringList(attributeOf(selection, 'resources'));
  const tags = attributeOf(selection, 'selection_tag');
  const conditions = attributeOf(selection, 'condition');
  if (arn === undefined || excluded === undefined || resources === undefined || tags === undefined) return undefined;
  if (excluded.some((pattern) => arnMatches(pattern, arn))) return false;
  if (resources.some((pattern) => arnMatches(pattern, arn))) return true;
  const byTag = tagMatch(tags, attributeOf(resource, 'tags'));
  if (byTag !== false) return byTag;
  // Conditions narrow a selection down; with nothing else selected they select nothing premortem can check.
  return Array.isArray(conditions) && conditions.length > 0 && resources.length === 0 ? undefined : false;
}

/** Whether the resource carries one of the selection's tags (STRINGEQUALS); undefined when that cannot be told. */
function tagMatch(selectionTags: Value, resourceTags: Value | undefined): boolean | undefined {
  if (!Array.isArray(selectionTags)) return selectionTags === null ? false : undefined;
  if (selectionTags.length === 0) return false;
  if (resourceTags === undefined) return undefined;
  const tags = resourceTags !== null && typeof resourceTags === 'object' && !Array.isArray(resourceTags) ? (resourceTags as PlanObject) : {};
  let unsure = false;
  for (const tag of selectionTags as readonly Value[]) {
    const entry = tag !== null && typeof tag === 'object' && !Array.isArray(tag) ? (tag as PlanObject) : undefined;
    const key = stringAt(entry ?? null, 'key');
    const value = stringAt(entry ?? null, 'value');
    if (!entry || stringAt(entry, 'type') !== 'STRINGEQUALS' || key === undefined || value === undefined) unsure = true;
    else if (tags[key] === value) return true;
  }
  return unsure ? undefined : false;
}

/** `*` and `?` as AWS Backup reads them in a resource ARN pattern. */
function arnMatches(pattern: string, arn: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === arn;
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(arn);
}

/** A list of known strings; undefined when it, or one of its elements, is not known. */
function stringList(value: Value | undefined): string[] | undefined {
  if (value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const items = value as readonly Value[];
  return items.every((item) => typeof item === 'string') ? (items as string[]) : undefined;
}
