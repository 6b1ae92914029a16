// PG-002. In the Loom October 2025 incident, turning on logical replication was the lever; a static parameter
// such as rds.logical_replication cannot be applied "immediate", and that is the provider's default apply
// method, so the apply fails halfway through a change. In Aurora the same parameter also has to sit in the
// cluster parameter group, not the instance one.
//
// Static parameters: PostgreSQL settings that "can only be set at server start" (pg_settings context
// `postmaster`), which RDS marks as static, plus RDS's own rds.logical_replication, documented as static.
// The list is the catalog's (PG-002) and deliberately short: every name on it is static in every PostgreSQL
// version RDS runs. MySQL is left out: there, for example, max_connections is dynamic.
import { asString, defineRule, type Block, type RuleContext } from './api';
import { engineOf, parametersOf, type Engine, type Parameter } from './support/rds-parameters';

type MessageId = 'staticImmediate' | 'staticDefaultImmediate' | 'clusterOnlyParameter' | 'usePendingReboot';

const STATIC_POSTGRES_PARAMETERS: ReadonlySet<string> = new Set([
  'rds.logical_replication',
  'shared_preload_libraries',
  'max_replication_slots',
  'max_wal_senders',
  'max_worker_processes',
  'max_logical_replication_workers',
  'max_connections',
  'track_activity_query_size',
]);

/** Names that MySQL and MariaDB also use (where they are dynamic): reported only when the family is known. */
const SHARED_WITH_OTHER_ENGINES: ReadonlySet<string> = new Set(['max_connections']);

export default defineRule<MessageId>({
  meta: {
    id: 'aws-rds-static-parameter-immediate',
    title: 'Apply static database parameters with pending-reboot',
    description:
      'RDS refuses to apply a static parameter immediately, and immediate is the provider default, so the apply fails in the middle of a change. In Aurora PostgreSQL, rds.logical_replication only works from the cluster parameter group.',
    category: 'change-safety',
    severity: 'error',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_db_parameter_group', 'aws_rds_cluster_parameter_group'] }],
    fixable: 'suggestion',
    messages: {
      staticImmediate:
        '{name} is a static parameter, and RDS rejects apply_method "immediate" for it, so terraform apply fails. Use apply_method = "pending-reboot" and schedule a reboot.',
      staticDefaultImmediate:
        '{name} is a static parameter and apply_method defaults to "immediate", which RDS rejects for it, so terraform apply fails. Set apply_method = "pending-reboot" and schedule a reboot.',
      clusterOnlyParameter:
        "Aurora PostgreSQL reads rds.logical_replication from the DB cluster parameter group, so setting it in an instance parameter group does not turn logical replication on. Move it to the cluster's aws_rds_cluster_parameter_group.",
      usePendingReboot: 'Set apply_method = "pending-reboot" (Terraform does not reboot the database: schedule a reboot for the change to take effect).',
    },
    incident: 'Loom, October 2025: logical replication and WAL growth',
    reads: [
      'aws_db_parameter_group.family',
      'aws_db_parameter_group.parameter.name',
      'aws_db_parameter_group.parameter.apply_method',
      'aws_rds_cluster_parameter_group.family',
      'aws_rds_cluster_parameter_group.parameter.name',
      'aws_rds_cluster_parameter_group.parameter.apply_method',
    ],
    since: '0.1.0',
  },

  check(group: Block, ctx) {
    const engine = engineOf(group, ctx);
    if (engine.kind === 'other') return;
    for (const parameter of parametersOf(group, ctx).parameters) {
      if (parameter.name === undefined) continue;
      if (engine.kind === 'aurora-postgresql' && group.labels[0] === 'aws_db_parameter_group' && parameter.name === 'rds.logical_replication') {
        ctx.report({ at: parameter.nameAttribute!.expr, messageId: 'clusterOnlyParameter', severity: 'warning' });
        continue;
      }
      checkApplyMethod(parameter, parameter.name, engine, ctx);
    }
  },
});

function checkApplyMethod(parameter: Parameter, name: string, engine: Engine, ctx: RuleContext<MessageId>): void {
  if (!STATIC_POSTGRES_PARAMETERS.has(name)) return;
  // An unknown family may be MySQL, where a shared name is dynamic; a PostgreSQL-only name is static anywhere
  // it exists, but without the family it stays a warning.
  if (engine.kind === 'unknown' && SHARED_WITH_OTHER_ENGINES.has(name)) return;
  const severity = engine.kind === 'unknown' ? 'warning' : 'error';
  const attribute = parameter.applyMethodAttribute;
  let explicit = false; // "immediate" written out, rather than absent or null (the provider default)
  if (attribute) {
    if (!parameter.applyMethod.known) return;
    const method = parameter.applyMethod.value;
    if (method !== null && asString(method)?.toLowerCase() !== 'immediate') return;
    explicit = method !== null;
  }
  // The quick fix edits a literal `parameter` block only: in a `dynamic` block the same lines serve every
  // parameter of the collection, dynamic ones included.
  const fixable = parameter.block.dynamicSource === undefined;
  ctx.report({
    at: attribute ? attribute.expr : parameter.block,
    messageId: explicit ? 'staticImmediate' : 'staticDefaultImmediate',
    data: { name },
    severity,
    ...(fixable
      ? { suggest: [{ messageId: 'usePendingReboot' as const, edits: (fixer) => fixer.setAttribute(parameter.block, 'apply_method', '"pending-reboot"') }] }
      : {}),
  });
}
