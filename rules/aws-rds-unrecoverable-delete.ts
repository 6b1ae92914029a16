// Recovery family. DataTalks.Club, February 2026: a `terraform destroy` deleted the production RDS instance and
// its automated snapshots with it. GitLab (January 2017) and Atlassian (April 2022) lost data the same way:
// a delete that nothing could undo. An RDS database has three ways back from a delete: deletion protection
// refuses it, a final snapshot keeps the data, retained automated backups allow a restore. Here all three are
// off, and the only one whose default is off by choice, the final snapshot, was turned off explicitly.
import { defineRule, isExpanded, type Block, type Expression, type RelatedLocation, type RuleContext, type Severity, type Suggestion } from './api';
import { boolSetting, isLiteral, maySet, numberSetting, preventsDestroy, type Setting } from './support/settings';

type MessageId = 'noWayBack' | 'cannotVerify' | 'enableDeletionProtection' | 'takeFinalSnapshot' | 'keepFinalSnapshot';

/** What protects the data from a delete: present, absent, or not known here. */
type Guard = { readonly state: 'on' } | { readonly state: 'off'; readonly why: string } | { readonly state: 'unknown'; readonly what: string };

export default defineRule<MessageId>({
  meta: {
    id: 'aws-rds-unrecoverable-delete',
    title: 'Keep a way back from deleting an RDS database',
    description:
      'With skip_final_snapshot = true, deletion protection off and no automated backups kept after the delete, one mistaken destroy or forced replacement deletes the database and everything it could be restored from.',
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_db_instance', 'aws_rds_cluster'] }],
    fixable: 'suggestion',
    messages: {
      noWayBack:
        'Deleting this {kind} leaves nothing to restore from: {missing}. One mistaken destroy or forced replacement loses its data for good. Set deletion_protection = true, or let RDS take a final snapshot.',
      cannotVerify:
        'This {kind} takes no final snapshot when it is deleted (skip_final_snapshot = true){missing}, and premortem cannot see {unknown}: unless that keeps a way back, one mistaken destroy loses its data for good. Set deletion_protection = true, or let RDS take a final snapshot.',
      enableDeletionProtection: 'Set deletion_protection = true (a destroy or replacement then fails until it is turned off).',
      takeFinalSnapshot: 'Set skip_final_snapshot = false, with final_snapshot_identifier = {snapshot}.',
      keepFinalSnapshot: 'Set skip_final_snapshot = false (final_snapshot_identifier names the snapshot).',
    },
    incident: 'DataTalks.Club, February 2026: terraform destroy took the RDS instance and its automated snapshots',
    reads: [
      'aws_db_instance.skip_final_snapshot',
      'aws_db_instance.final_snapshot_identifier',
      'aws_db_instance.deletion_protection',
      'aws_db_instance.delete_automated_backups',
      'aws_db_instance.backup_retention_period',
      'aws_db_instance.replicate_source_db',
      'aws_db_instance.identifier',
      'aws_rds_cluster.skip_final_snapshot',
      'aws_rds_cluster.final_snapshot_identifier',
      'aws_rds_cluster.deletion_protection',
      'aws_rds_cluster.delete_automated_backups',
      'aws_rds_cluster.replication_source_identifier',
      'aws_rds_cluster.global_cluster_identifier',
      'aws_rds_cluster.master_username',
      'aws_rds_cluster.snapshot_identifier',
      'aws_rds_cluster.cluster_identifier',
    ],
    since: '0.1.0',
  },

  check(database: Block, ctx) {
    const cluster = database.labels[0] === 'aws_rds_cluster';
    // A read replica holds a copy of another database's data (and RDS requires skipping its final snapshot).
    if (maySet(ctx, database, cluster ? 'replication_source_identifier' : 'replicate_source_db')) return;
    if (cluster && isGlobalSecondary(ctx, database)) return;
    if (preventsDestroy(database, ctx)) return;
    // The final snapshot is on by default in the provider: only an explicit true takes it away.
    const skip = boolSetting(ctx, database, 'skip_final_snapshot', false);
    if (skip.state !== 'known' || !skip.value) return;

    const guards = [deletionProtection(ctx, database), retainedBackups(ctx, database, cluster)];
    if (guards.some((g) => g.state === 'on')) return;
    const off = guards.flatMap((g) => (g.state === 'off' ? [g.why] : []));
    const unknown = guards.flatMap((g) => (g.state === 'unknown' ? [g.what] : []));
    const kind = cluster ? 'DB cluster' : 'DB instance';
    const severity: Severity = unknown.length > 0 ? 'info' : 'warning';
    const related = relatedSettings(database, cluster);
    const suggest = suggestions(ctx, database, cluster, skip);
    if (unknown.length > 0) {
      ctx.report({
        at: skip.attribute.expr,
        messageId: 'cannotVerify',
        data: { kind, missing: off.map((why) => `, ${why}`).join(''), unknown: joinWords(unknown) },
        severity,
        related,
        suggest,
      });
      return;
    }
    ctx.report({
      at: skip.attribute.expr,
      messageId: 'noWayBack',
      data: { kind, missing: joinWords(['no final snapshot is taken (skip_final_snapshot = true)', ...off]) },
      severity,
      related,
      suggest,
    });
  },
});

/**
 * A secondary cluster of an Aurora global database: it joins a global cluster and brings no data of its own
 * (no master user, no snapshot), so its data lives in the primary's region too.
 */
function isGlobalSecondary(ctx: RuleContext<MessageId>, cluster: Block): boolean {
  return maySet(ctx, cluster, 'global_cluster_identifier') && !maySet(ctx, cluster, 'master_username') && !maySet(ctx, cluster, 'snapshot_identifier');
}

function deletionProtection(ctx: RuleContext<MessageId>, database: Block): Guard {
  const setting = boolSetting(ctx, database, 'deletion_protection', false);
  if (setting.state === 'unknown') return { state: 'unknown', what: `deletion_protection (${ctx.sourceText(setting.attribute.expr)})` };
  if (setting.value) return { state: 'on' };
  return {
    state: 'off',
    why: setting.state === 'known' ? 'deletion protection is off (deletion_protection = false)' : 'deletion protection is off (deletion_protection is not set)',
  };
}

/** Automated backups that outlive the delete: kept only with delete_automated_backups = false and a retention above 0. */
function retainedBackups(ctx: RuleContext<MessageId>, database: Block, cluster: boolean): Guard {
  // A DB instance created without backup_retention_period keeps one day; a DB cluster keeps 1 to 35 days.
  const retention: Setting<number> = cluster ? { state: 'default', value: 1 } : numberSetting(ctx, database, 'backup_retention_period', 1);
  if (retention.state !== 'unknown' && retention.value === 0) return { state: 'off', why: 'there are no automated backups (backup_retention_period = 0)' };
  const remove = boolSetting(ctx, database, 'delete_automated_backups', true);
  if (remove.state === 'unknown') return { state: 'unknown', what: `delete_automated_backups (${ctx.sourceText(remove.attribute.expr)})` };
  if (remove.value) {
    return {
      state: 'off',
      why:
        remove.state === 'known'
          ? 'the automated backups are deleted with it (delete_automated_backups = true)'
          : 'the automated backups are deleted with it (delete_automated_backups defaults to true)',
    };
  }
  if (retention.state === 'unknown') return { state: 'unknown', what: `backup_retention_period (${ctx.sourceText(retention.attribute.expr)})` };
  return { state: 'on' };
}

function relatedSettings(database: Block, cluster: boolean): RelatedLocation[] {
  const names = ['deletion_protection', 'delete_automated_backups', ...(cluster ? [] : ['backup_retention_period'])];
  const related: RelatedLocation[] = [];
  for (const name of names) {
    const attribute = database.body.attributes.find((a) => a.name === name);
    if (attribute) related.push({ at: attribute.expr, message: `${name} is set here.` });
  }
  return related;
}

/**
 * Edits in this resource only: offered when skip_final_snapshot is written here as a literal (the finding is
 * then on this line) and the argument each suggestion changes is absent or a literal too.
 */
function suggestions(ctx: RuleContext<MessageId>, database: Block, cluster: boolean, skip: Setting<boolean>): Suggestion<MessageId>[] {
  if (!skip.attribute || skip.attribute.expr.kind !== 'literal') return [];
  const out: Suggestion<MessageId>[] = [];
  if (isLiteral(boolSetting(ctx, database, 'deletion_protection', false))) {
    out.push({ messageId: 'enableDeletionProtection', edits: (fixer) => fixer.setAttribute(database, 'deletion_protection', 'true') });
  }
  const hasName = database.body.attributes.some((a) => a.name === 'final_snapshot_identifier');
  const snapshot = hasName ? undefined : finalSnapshotName(ctx, database, cluster);
  if (hasName) out.push({ messageId: 'keepFinalSnapshot', edits: (fixer) => fixer.setAttribute(database, 'skip_final_snapshot', 'false') });
  else if (snapshot) {
    out.push({
      messageId: 'takeFinalSnapshot',
      data: { snapshot },
      edits: (fixer) => {
        fixer.setAttribute(database, 'skip_final_snapshot', 'false');
        fixer.setAttribute(database, 'final_snapshot_identifier', snapshot);
      },
    });
  }
  return out;
}

/**
 * A final snapshot name derived from the database's identifier (`"orders-final"`, `"${var.name}-final"`), or from
 * the resource label when it has none; undefined where instances of one block would share the name.
 */
function finalSnapshotName(ctx: RuleContext<MessageId>, database: Block, cluster: boolean): string | undefined {
  const identifier = database.body.attributes.find((a) => a.name === (cluster ? 'cluster_identifier' : 'identifier'));
  if (identifier) {
    const expr: Expression = identifier.expr;
    if (expr.kind === 'literal' && typeof expr.value === 'string') return `"${snapshotSafe(expr.value)}-final"`;
    if (expr.kind === 'traversal' || expr.kind === 'variable') return `"\${${ctx.sourceText(expr)}}-final"`;
    return undefined;
  }
  if (isExpanded(database) || database.body.attributes.some((a) => a.name === 'identifier_prefix' || a.name === 'cluster_identifier_prefix')) return undefined;
  return `"${snapshotSafe(database.labels[1] ?? 'database')}-final"`;
}

/** Letters, digits and single hyphens, starting with a letter, as RDS requires of snapshot identifiers. */
function snapshotSafe(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(cleaned) ? cleaned : `db-${cleaned}`;
}

function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
