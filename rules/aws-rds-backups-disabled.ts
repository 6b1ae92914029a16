// Recovery family. GitLab.com, 31 January 2017: an engineer deleted the primary database's data directory, and
// of the backup methods in place none worked; six hours of data were lost for good. `backup_retention_period = 0`
// is an RDS instance with its automated backups switched off: no point-in-time restore, so a dropped table, a
// bad migration or a deleted instance cannot be taken back.
import { addressOf, defineRule, type Block, type Module, type Reference, type RuleContext, type Suggestion } from './api';
import { isLiteral, maySet, numberSetting } from './support/settings';

type MessageId = 'noBackups' | 'clusterMinimum' | 'keepBackups';

/** Resources that watch, extend or belong to a database rather than use it. */
const NOT_DEPENDENTS: ReadonlySet<string> = new Set([
  'aws_rds_cluster_instance',
  'aws_rds_cluster_endpoint',
  'aws_rds_cluster_role_association',
  'aws_rds_cluster_activity_stream',
  'aws_db_instance_role_association',
  'aws_db_instance_automated_backups_replication',
  'aws_db_event_subscription',
  'aws_db_snapshot',
  'aws_db_cluster_snapshot',
  'aws_cloudwatch_metric_alarm',
  'aws_appautoscaling_target',
  'aws_appautoscaling_policy',
  // Rotates the database's own master password (its master_user_secret): the database's, not a user of it.
  'aws_secretsmanager_secret_rotation',
]);

/** How many local values deep to follow a reference before giving up. */
const MAX_LOCAL_HOPS = 8;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-rds-backups-disabled',
    title: 'Keep automated backups on for databases others depend on',
    description:
      "backup_retention_period = 0 switches off an RDS instance's automated backups, so a dropped table, a bad migration or a deleted instance cannot be restored; on a database other resources use, that loss is theirs too.",
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_db_instance', 'aws_rds_cluster'] }],
    fixable: 'suggestion',
    messages: {
      noBackups:
        'backup_retention_period = 0 turns off automated backups of this DB instance, used by {dependents}: there is no point-in-time restore, so a dropped table, a bad migration or a deleted instance is lost for good. Set backup_retention_period to 7 days or more.',
      clusterMinimum:
        "RDS keeps a DB cluster's automated backups for 1 to 35 days and does not accept backup_retention_period = 0: it cannot turn them off, and the apply may fail. Set backup_retention_period to 7 days or more.",
      keepBackups: 'Set backup_retention_period = 7 (RDS restarts an instance to turn backups on: apply it in a quiet hour).',
    },
    incident: 'GitLab.com, January 2017: none of the backups worked when the database was deleted',
    reads: ['aws_db_instance.backup_retention_period', 'aws_db_instance.replicate_source_db', 'aws_rds_cluster.backup_retention_period'],
    since: '0.1.0',
  },

  check(database: Block, ctx) {
    const retention = numberSetting(ctx, database, 'backup_retention_period', 1);
    if (retention.state !== 'known' || retention.value !== 0) return;
    const suggest: Suggestion<MessageId>[] = isLiteral(retention)
      ? [{ messageId: 'keepBackups', edits: (fixer) => fixer.setAttribute(database, 'backup_retention_period', '7') }]
      : [];
    if (database.labels[0] === 'aws_rds_cluster') {
      ctx.report({ at: retention.attribute.expr, messageId: 'clusterMinimum', severity: 'info', suggest });
      return;
    }
    // A read replica copies its source; PostgreSQL replicas cannot even keep backups of their own.
    if (maySet(ctx, database, 'replicate_source_db')) return;
    const dependents = dependentsOf(database, ctx);
    if (dependents.length === 0) return;
    ctx.report({
      at: retention.attribute.expr,
      messageId: 'noBackups',
      data: { dependents: describe(dependents) },
      related: dependents.slice(0, 5).map((d) => ({ at: d.reference.range, file: d.reference.file, message: `${d.address} uses this database.` })),
      suggest,
    });
  },
});

interface Dependent {
  readonly address: string;
  readonly reference: Reference;
}

/**
 * The resources, data sources and module calls of this module that use the database, directly or through
 * local values; not outputs (what reads them is outside this module) and not the resources that only watch or
 * belong to it (alarms, cluster members, role associations).
 */
function dependentsOf(database: Block, ctx: RuleContext<MessageId>): Dependent[] {
  const address = addressOf(database);
  if (!address) return [];
  const module = ctx.module;
  const found = new Map<string, Dependent>();
  const seen = new Set<string>([address]);
  let pending: Reference[] = [...module.referencesTo(address)];
  for (let hop = 0; hop <= MAX_LOCAL_HOPS && pending.length > 0; hop++) {
    const next: Reference[] = [];
    for (const reference of pending) {
      const from = reference.from;
      if (from.type === 'locals') {
        const local = localHolding(module, reference);
        if (local && !seen.has(local)) {
          seen.add(local);
          next.push(...module.referencesTo(local));
        }
        continue;
      }
      if (from.type !== 'resource' && from.type !== 'data' && from.type !== 'module') continue;
      if (from.type === 'resource' && NOT_DEPENDENTS.has(from.labels[0] ?? '')) continue;
      if (ctx.instances(from).length === 0) continue; // count = 0: it does not exist
      const dependent = addressOf(from);
      if (!dependent || dependent === address || found.has(dependent)) continue;
      found.set(dependent, { address: dependent, reference });
    }
    pending = next;
  }
  return [...found.values()];
}

/** `local.name` for the local value whose expression holds the reference. */
function localHolding(module: Module, reference: Reference): string | undefined {
  for (const [name, attribute] of module.locals) {
    if (attribute.file !== reference.file) continue;
    if (attribute.range.start.offset <= reference.range.start.offset && reference.range.end.offset <= attribute.range.end.offset) return `local.${name}`;
  }
  return undefined;
}

function describe(dependents: readonly Dependent[]): string {
  const names = dependents.map((d) => d.address);
  if (names.length <= 3) return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} others`;
}
