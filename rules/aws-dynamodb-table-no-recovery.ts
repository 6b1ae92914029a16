// Recovery family. Atlassian, April 2022: a script meant to mark data for deletion ran in "permanently
// delete" mode, and what it removed had to be rebuilt from backups, site by site, for up to two weeks. A DynamoDB
// table with neither point-in-time recovery nor deletion protection is a permanent delete waiting for its
// script: one destroy, one forced replacement or one DeleteTable call, and no backup of it remains.
import { addressOf, asBool, asString, defineRule, getAttribute, type Block, type RuleContext, type Severity, type Suggestion } from './api';
import { boolSetting, isLiteral, preventsDestroy } from './support/settings';

type MessageId = 'noRecovery' | 'cannotVerify' | 'enablePointInTimeRecovery' | 'enableDeletionProtection';

type Guard = { readonly state: 'on' } | { readonly state: 'off'; readonly why: string } | { readonly state: 'unknown'; readonly what: string };

/** The hash key of a Terraform state lock table (S3 backend's `dynamodb_table`). */
const LOCK_TABLE_HASH_KEY = 'LockID';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-dynamodb-table-no-recovery',
    title: 'Give DynamoDB tables point-in-time recovery or deletion protection',
    description:
      'A DynamoDB table with neither point-in-time recovery nor deletion protection is gone for good after one destroy, forced replacement or DeleteTable call: no backup of it is kept.',
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_dynamodb_table'] }],
    fixable: 'suggestion',
    messages: {
      noRecovery:
        'Deleting {table} loses its items for good: {missing}. Turn on point-in-time recovery (point_in_time_recovery { enabled = true }), or set deletion_protection_enabled = true.',
      cannotVerify:
        'For {table}, {missing}, and premortem cannot see {unknown}: unless that protects it, one destroy or replacement loses its items for good. Turn on point-in-time recovery, or set deletion_protection_enabled = true.',
      enablePointInTimeRecovery: 'Turn on point-in-time recovery (continuous backups; when the table is deleted, DynamoDB keeps a backup of it for 35 days).',
      enableDeletionProtection: 'Set deletion_protection_enabled = true (a destroy or replacement then fails until it is turned off).',
    },
    incident: 'Atlassian, April 2022: a permanent delete where a soft delete was possible',
    reads: [
      'aws_dynamodb_table.name',
      'aws_dynamodb_table.hash_key',
      'aws_dynamodb_table.range_key',
      'aws_dynamodb_table.deletion_protection_enabled',
      'aws_dynamodb_table.point_in_time_recovery.enabled',
      'aws_backup_selection.resources',
    ],
    since: '0.1.0',
  },

  check(table: Block, ctx) {
    if (isLockTable(table, ctx) || preventsDestroy(table, ctx) || isBackedUp(table, ctx)) return;
    const guards = [pointInTimeRecovery(table, ctx), deletionProtection(table, ctx)];
    if (guards.some((g) => g.state === 'on')) return;
    const off = guards.flatMap((g) => (g.state === 'off' ? [g.why] : []));
    const unknown = guards.flatMap((g) => (g.state === 'unknown' ? [g.what] : []));
    const severity: Severity = unknown.length > 0 ? 'info' : 'warning';
    const name = describeTable(table, ctx);
    const suggest = suggestions(table, ctx);
    if (unknown.length > 0) {
      ctx.report({ at: table, messageId: 'cannotVerify', severity, data: { table: name, missing: off.join(' and '), unknown: unknown.join(' or ') }, suggest });
      return;
    }
    ctx.report({ at: table, messageId: 'noRecovery', severity, data: { table: name, missing: off.join(' and ') }, suggest });
  },
});

/**
 * A Terraform state lock table: hash key "LockID" and no range key. It holds only locks and state digests,
 * which Terraform writes again on the next run, so there is nothing to recover.
 */
function isLockTable(table: Block, ctx: RuleContext<MessageId>): boolean {
  const hashKey = ctx.attributeValue(table, 'hash_key');
  if (!hashKey.known || asString(hashKey.value) !== LOCK_TABLE_HASH_KEY) return false;
  return getAttribute(table, 'range_key') === undefined;
}

/** An AWS Backup selection of this module names the table: its recovery points outlive a delete. */
function isBackedUp(table: Block, ctx: RuleContext<MessageId>): boolean {
  const address = addressOf(table);
  return ctx.module.resourcesOfType('aws_backup_selection').some((selection) => {
    const resources = getAttribute(selection, 'resources');
    return resources !== undefined && ctx.referencesIn(resources.expr).some((reference) => reference.address === address);
  });
}

function pointInTimeRecovery(table: Block, ctx: RuleContext<MessageId>): Guard {
  const blocks = ctx.nestedBlocks(table, 'point_in_time_recovery');
  let unknown: string | undefined;
  for (const block of blocks) {
    const enabled = getAttribute(block, 'enabled');
    if (!enabled) continue;
    const value = ctx.valueOf(enabled.expr, block);
    if (!value.known) unknown = `point_in_time_recovery.enabled (${ctx.sourceText(enabled.expr)})`;
    else if (asBool(value.value) === true) return { state: 'on' };
  }
  if (ctx.mayHaveUnknownBlocks(table, 'point_in_time_recovery')) unknown ??= 'the dynamic point_in_time_recovery block';
  if (unknown) return { state: 'unknown', what: unknown };
  return {
    state: 'off',
    why: blocks.length > 0 ? 'point-in-time recovery is off (enabled = false)' : 'point-in-time recovery is off (no point_in_time_recovery block)',
  };
}

function deletionProtection(table: Block, ctx: RuleContext<MessageId>): Guard {
  const setting = boolSetting(ctx, table, 'deletion_protection_enabled', false);
  if (setting.state === 'unknown') return { state: 'unknown', what: `deletion_protection_enabled (${ctx.sourceText(setting.attribute.expr)})` };
  if (setting.value) return { state: 'on' };
  return { state: 'off', why: setting.state === 'known' ? 'deletion protection is off (deletion_protection_enabled = false)' : 'deletion protection is off' };
}

/** `the DynamoDB table "orders"`, or `this DynamoDB table` when its name is not known. */
function describeTable(table: Block, ctx: RuleContext<MessageId>): string {
  const name = ctx.attributeValue(table, 'name');
  const known = name.known ? asString(name.value) : undefined;
  return known !== undefined ? `the DynamoDB table "${known}"` : 'this DynamoDB table';
}

/** Edits of this table's own arguments, where each is absent or written as a literal. */
function suggestions(table: Block, ctx: RuleContext<MessageId>): Suggestion<MessageId>[] {
  const out: Suggestion<MessageId>[] = [];
  const written = table.body.blocks.filter((b) => b.type === 'point_in_time_recovery');
  const dynamic = table.body.blocks.some((b) => b.type === 'dynamic' && b.labels[0] === 'point_in_time_recovery');
  const enabled = written[0] ? getAttribute(written[0], 'enabled') : undefined;
  if (!dynamic && written.length <= 1 && (!enabled || enabled.expr.kind === 'literal')) {
    out.push({
      messageId: 'enablePointInTimeRecovery',
      edits: (fixer) => fixer.setAttribute(fixer.ensureBlock(table, 'point_in_time_recovery'), 'enabled', 'true'),
    });
  }
  if (isLiteral(boolSetting(ctx, table, 'deletion_protection_enabled', false))) {
    out.push({ messageId: 'enableDeletionProtection', edits: (fixer) => fixer.setAttribute(table, 'deletion_protection_enabled', 'true') });
  }
  return out;
}
