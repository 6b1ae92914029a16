// PG-001. Loom, October 27 2025: logical replication slots stopped keeping up, and a slot keeps every WAL
// segment its consumer has not confirmed. With max_slot_wal_keep_size at its default (-1, no limit) an idle or
// lagging slot fills the database's storage; without a slot-lag alarm nobody hears about it first.
import { addressOf, asNumber, asString, defineRule, type Block, type Expression, type RuleContext, type Value } from './api';
import { clustersOf } from './support/aurora-clusters';
import { engineOf, parametersOf } from './support/rds-parameters';
import { matchesTarget, matchesValue, targetsOf, type Match, type Targets } from './support/resource-targets';

type MessageId = 'unboundedWal' | 'unboundedWalNoAlarm' | 'auroraNoSlotAlarm';

/** CloudWatch metrics (namespace AWS/RDS) that show a slot holding WAL, or the storage it eats. */
const SLOT_METRICS: ReadonlySet<string> = new Set(['OldestReplicationSlotLag', 'ReplicationSlotDiskUsage', 'TransactionLogsDiskUsage', 'FreeStorageSpace']);

/** Where a resource names the parameter group it uses. */
const GROUP_USERS: Readonly<Record<string, readonly { type: string; argument: string; identifier: string }[]>> = {
  aws_db_parameter_group: [
    { type: 'aws_db_instance', argument: 'parameter_group_name', identifier: 'identifier' },
    { type: 'aws_rds_cluster_instance', argument: 'db_parameter_group_name', identifier: 'identifier' },
  ],
  aws_rds_cluster_parameter_group: [{ type: 'aws_rds_cluster', argument: 'db_cluster_parameter_group_name', identifier: 'cluster_identifier' }],
};

type AlarmStatus = 'present' | 'absent' | 'unknown';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-rds-logical-replication-unbounded-wal',
    title: 'Bound the WAL a replication slot can keep',
    description:
      'With logical replication on and no max_slot_wal_keep_size, one idle or lagging replication slot keeps WAL without limit until the database runs out of storage.',
    category: 'capacity',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_db_parameter_group', 'aws_rds_cluster_parameter_group'] }],
    fixable: 'none',
    messages: {
      unboundedWal:
        'Logical replication is on and max_slot_wal_keep_size is unlimited, so an idle or lagging replication slot keeps WAL until storage runs out. Set max_slot_wal_keep_size (in MB) to a size that fits the free storage.',
      unboundedWalNoAlarm:
        'Logical replication is on, max_slot_wal_keep_size is unlimited and no CloudWatch alarm in this module watches replication slot lag or storage for the databases using this group, so an idle slot can fill the storage unnoticed. Set max_slot_wal_keep_size (in MB) and alarm on OldestReplicationSlotLag.',
      auroraNoSlotAlarm:
        'Logical replication is on and no CloudWatch alarm in this module watches replication slot lag for the clusters using this group, so a stuck slot grows WAL unnoticed. Alarm on OldestReplicationSlotLag or TransactionLogsDiskUsage.',
    },
    incident: 'Loom, October 2025: replication slots fell behind',
    reads: [
      'aws_db_parameter_group.name',
      'aws_db_parameter_group.family',
      'aws_db_parameter_group.parameter.name',
      'aws_db_parameter_group.parameter.value',
      'aws_rds_cluster_parameter_group.name',
      'aws_rds_cluster_parameter_group.family',
      'aws_rds_cluster_parameter_group.parameter.name',
      'aws_rds_cluster_parameter_group.parameter.value',
      'aws_db_instance.parameter_group_name',
      'aws_db_instance.identifier',
      'aws_rds_cluster.db_cluster_parameter_group_name',
      'aws_rds_cluster.cluster_identifier',
      'aws_rds_cluster_instance.db_parameter_group_name',
      'aws_rds_cluster_instance.cluster_identifier',
      'aws_rds_cluster_instance.identifier',
      'aws_cloudwatch_metric_alarm.namespace',
      'aws_cloudwatch_metric_alarm.metric_name',
      'aws_cloudwatch_metric_alarm.dimensions',
      'aws_cloudwatch_metric_alarm.metric_query.metric.namespace',
      'aws_cloudwatch_metric_alarm.metric_query.metric.metric_name',
      'aws_cloudwatch_metric_alarm.metric_query.metric.dimensions',
    ],
    since: '0.1.0',
  },

  check(group: Block, ctx) {
    const engine = engineOf(group, ctx);
    const clusterGroup = group.labels[0] === 'aws_rds_cluster_parameter_group';
    const aurora = engine.kind === 'aurora-postgresql';
    // Aurora takes the setting from the cluster group only; max_slot_wal_keep_size exists from PostgreSQL 13.
    if (aurora ? !clusterGroup : !(engine.kind === 'postgres' && engine.major !== undefined && engine.major >= 13)) return;

    const { parameters, incomplete } = parametersOf(group, ctx);
    const logical = parameters.find((p) => p.name === 'rds.logical_replication' && p.value.known && asString(p.value.value) === '1');
    if (!logical?.valueAttribute) return;
    let at: Expression = logical.valueAttribute.expr;
    const bound = parameters.find((p) => p.name === 'max_slot_wal_keep_size');
    if (bound) {
      const size = bound.value.known ? asNumber(bound.value.value) : undefined;
      if (size === undefined || size >= 0 || !bound.valueAttribute) return; // bounded, or a value we cannot see
      at = bound.valueAttribute.expr;
    } else if (incomplete) {
      return; // a parameter we cannot see may be the bound
    }

    const alarms = slotAlarmStatus(group, ctx);
    if (aurora) {
      if (alarms === 'absent') ctx.report({ at, messageId: 'auroraNoSlotAlarm', severity: 'info' });
      return;
    }
    ctx.report({ at, messageId: alarms === 'absent' ? 'unboundedWalNoAlarm' : 'unboundedWal' });
  },
});

/** Whether some CloudWatch alarm watches a slot metric of a database that uses this group. */
function slotAlarmStatus(group: Block, ctx: RuleContext<MessageId>): AlarmStatus {
  const targets = databasesUsing(group, ctx);
  if (!targets) return 'unknown';
  let status: AlarmStatus = 'absent';
  for (const block of ctx.module.resourcesOfType('aws_cloudwatch_metric_alarm')) {
    for (const alarm of ctx.instances(block)) {
      const metrics = [alarm, ...ctx.nestedBlocks(alarm, 'metric_query').flatMap((query) => ctx.nestedBlocks(query, 'metric'))];
      if (ctx.mayHaveUnknownBlocks(alarm, 'metric_query')) status = 'unknown';
      for (const metric of metrics) {
        if (metric !== alarm || metric.body.attributes.some((a) => a.name === 'metric_name')) {
          const match = watchesSlot(metric, targets, ctx);
          if (match === 'yes') return 'present';
          if (match === 'unknown') status = 'unknown';
        }
      }
    }
  }
  return status;
}

/**
 * The databases (and, for clusters, their member instances) that use the group, as alarm targets;
 * undefined when nothing in this module uses it, so its alarms may live elsewhere.
 */
function databasesUsing(group: Block, ctx: RuleContext<MessageId>): Targets | undefined {
  const groupTargets = targetsOf([{ instance: group, identifierArgument: 'name' }], ctx);
  const databases: { instance: Block; identifierArgument: string }[] = [];
  for (const user of GROUP_USERS[group.labels[0]!] ?? []) {
    for (const block of ctx.module.resourcesOfType(user.type)) {
      for (const instance of ctx.instances(block)) {
        const attribute = instance.body.attributes.find((a) => a.name === user.argument);
        if (attribute && matchesTarget(attribute.expr, instance, groupTargets, ctx) === 'yes') {
          databases.push({ instance, identifierArgument: user.identifier });
        }
      }
    }
  }
  if (databases.length === 0) return undefined;
  const clusterAddresses = new Set(databases.filter((d) => d.instance.labels[0] === 'aws_rds_cluster').map((d) => addressOf(d.instance)));
  if (clusterAddresses.size > 0) {
    for (const cluster of clustersOf(ctx.module, ctx)) {
      if (!cluster.cluster || !clusterAddresses.has(addressOf(cluster.cluster))) continue;
      for (const member of cluster.members) databases.push({ instance: member.instance, identifierArgument: 'identifier' });
    }
  }
  return targetsOf(databases, ctx);
}

/** Whether one metric (of an alarm, or of a metric_query) is a slot metric of one of the targets. */
function watchesSlot(metric: Block, targets: Targets, ctx: RuleContext<MessageId>): Match {
  const name = ctx.attributeValue(metric, 'metric_name');
  const namespace = ctx.attributeValue(metric, 'namespace');
  const nameText = name.known ? asString(name.value) : undefined;
  const namespaceText = namespace.known ? asString(namespace.value) : undefined;
  if (nameText !== undefined && !SLOT_METRICS.has(nameText)) return 'no';
  if (namespaceText !== undefined && namespaceText !== 'AWS/RDS') return 'no';
  const dimensions = dimensionsMatch(metric, targets, ctx);
  if (dimensions === 'no') return 'no';
  return nameText !== undefined && namespaceText !== undefined && dimensions === 'yes' ? 'yes' : 'unknown';
}

const DIMENSION_KEYS: ReadonlySet<string> = new Set(['DBInstanceIdentifier', 'DBClusterIdentifier']);

function dimensionsMatch(metric: Block, targets: Targets, ctx: RuleContext<MessageId>): Match {
  const attribute = metric.body.attributes.find((a) => a.name === 'dimensions');
  if (!attribute) return 'unknown';
  const results: Match[] = [];
  if (attribute.expr.kind === 'object') {
    for (const item of attribute.expr.items) {
      const key = ctx.valueOf(item.key, metric);
      const keyText = key.known ? asString(key.value) : undefined;
      if (keyText === undefined) results.push('unknown');
      else if (DIMENSION_KEYS.has(keyText)) results.push(matchesTarget(item.value, metric, targets, ctx));
    }
  } else {
    const value = ctx.valueOf(attribute.expr, metric);
    if (!value.known || value.value === null || typeof value.value !== 'object' || Array.isArray(value.value)) return 'unknown';
    for (const [key, item] of Object.entries(value.value as Readonly<Record<string, Value>>)) {
      if (DIMENSION_KEYS.has(key)) results.push(matchesValue(item, targets));
    }
  }
  if (results.includes('yes')) return 'yes';
  return results.includes('unknown') ? 'unknown' : 'no';
}
