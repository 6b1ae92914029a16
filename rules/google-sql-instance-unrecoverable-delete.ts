// Recovery family, Google Cloud. UniSuper, May 2024: a parameter left blank when its private cloud was set up
// defaulted to a one-year term, and Google Cloud deleted the whole environment, in both of its regions; only backups
// kept with another provider brought it back. Cloud SQL deletes an instance's backups with it. The google provider
// refuses to destroy an instance unless `deletion_protection = false` is written; once it is, and nothing else keeps
// a way back (Cloud SQL's own deletion protection, backups retained after the delete, a final backup), one
// mistaken destroy or forced replacement loses the data for good.
import { asString, defineRule, getAttribute, type Attribute, type Block, type RuleContext, type Severity, type Suggestion } from './api';
import { boolSetting, isLiteral, maySet, preventsDestroy } from './support/settings';

type MessageId = 'noWayBack' | 'cannotVerify' | 'keepTerraformProtection' | 'enableCloudSqlProtection';

type Guard = { readonly state: 'on' } | { readonly state: 'off'; readonly why: string } | { readonly state: 'unknown'; readonly what: string };

export default defineRule<MessageId>({
  meta: {
    id: 'google-sql-instance-unrecoverable-delete',
    title: 'Keep a way back from deleting a Cloud SQL instance',
    description:
      'With deletion_protection = false, Cloud SQL deletion protection off and no backup that outlives the instance, one mistaken destroy or forced replacement deletes the database and every backup of it.',
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['google_sql_database_instance'] }],
    fixable: 'suggestion',
    messages: {
      noWayBack:
        "Deleting {instance} leaves nothing to restore from: {missing}. Cloud SQL deletes an instance's backups with it, so one mistaken destroy or forced replacement loses its data for good. Set deletion_protection = true (the provider's default), or settings.deletion_protection_enabled = true.",
      cannotVerify:
        "Terraform may delete {instance} (deletion_protection = false){missing}, and premortem cannot see {unknown}: unless that keeps a way back, one mistaken destroy loses its data and its backups for good. Set deletion_protection = true (the provider's default), or settings.deletion_protection_enabled = true.",
      keepTerraformProtection: 'Set deletion_protection = true (Terraform then refuses to destroy or replace the instance).',
      enableCloudSqlProtection: 'Set settings.deletion_protection_enabled = true (Cloud SQL then refuses every delete, from Terraform, gcloud or the console).',
    },
    incident: 'UniSuper on Google Cloud, May 2024: a blank parameter defaulted to deletion',
    reads: [
      'google_sql_database_instance.name',
      'google_sql_database_instance.deletion_protection',
      'google_sql_database_instance.master_instance_name',
      'google_sql_database_instance.settings.deletion_protection_enabled',
      'google_sql_database_instance.settings.retain_backups_on_delete',
      'google_sql_database_instance.settings.backup_configuration.enabled',
      'google_sql_database_instance.settings.final_backup_config.enabled',
    ],
    since: '0.1.0',
  },

  check(instance: Block, ctx) {
    // A read replica copies its primary's data, and is deleted and made again from it.
    if (maySet(ctx, instance, 'master_instance_name') || preventsDestroy(instance, ctx)) return;
    // The provider refuses to destroy an instance unless deletion_protection = false is written.
    const terraform = boolSetting(ctx, instance, 'deletion_protection', true);
    if (terraform.state !== 'known' || terraform.value) return;

    const settings = ctx.nestedBlocks(instance, 'settings');
    const dynamicSettings = ctx.mayHaveUnknownBlocks(instance, 'settings');
    const guards = dynamicSettings
      ? [{ state: 'unknown', what: 'the dynamic settings block' } as const]
      : [cloudSqlProtection(settings[0], ctx), retainedBackups(settings[0], ctx), finalBackup(settings[0], ctx)];
    if (guards.some((g) => g.state === 'on')) return;
    const off = guards.flatMap((g) => (g.state === 'off' ? [g.why] : []));
    const unknown = guards.flatMap((g) => (g.state === 'unknown' ? [g.what] : []));
    const severity: Severity = unknown.length > 0 ? 'info' : 'warning';
    const name = describeInstance(instance, ctx);
    const suggest = suggestions(instance, settings, dynamicSettings, ctx, terraform.attribute);
    if (unknown.length > 0) {
      ctx.report({
        at: terraform.attribute.expr,
        messageId: 'cannotVerify',
        severity,
        data: { instance: name, missing: off.map((why) => `, ${why}`).join(''), unknown: joinWords(unknown) },
        suggest,
      });
      return;
    }
    ctx.report({
      at: terraform.attribute.expr,
      messageId: 'noWayBack',
      severity,
      data: { instance: name, missing: joinWords(['Terraform may delete it (deletion_protection = false)', ...off]) },
      suggest,
    });
  },
});

/** `settings.deletion_protection_enabled`: Cloud SQL refuses the delete, whoever asks. Defaults to false. */
function cloudSqlProtection(settings: Block | undefined, ctx: RuleContext<MessageId>): Guard {
  if (!settings) return { state: 'off', why: 'Cloud SQL deletion protection is off (no settings block)' };
  const setting = boolSetting(ctx, settings, 'deletion_protection_enabled', false);
  if (setting.state === 'unknown') return { state: 'unknown', what: `settings.deletion_protection_enabled (${ctx.sourceText(setting.attribute.expr)})` };
  if (setting.value) return { state: 'on' };
  return {
    state: 'off',
    why:
      setting.state === 'known'
        ? 'Cloud SQL deletion protection is off (settings.deletion_protection_enabled = false)'
        : 'Cloud SQL deletion protection is off (settings.deletion_protection_enabled is not set)',
  };
}

/** Automated backups kept after the delete: `retain_backups_on_delete = true` with backups turned on. */
function retainedBackups(settings: Block | undefined, ctx: RuleContext<MessageId>): Guard {
  const backups = settings ? ctx.nestedBlocks(settings, 'backup_configuration')[0] : undefined;
  const enabledAttribute = backups ? getAttribute(backups, 'enabled') : undefined;
  const enabled = backups && enabledAttribute ? boolSetting(ctx, backups, 'enabled', false) : undefined;
  if (enabled?.state === 'known' && !enabled.value) return { state: 'off', why: 'it takes no automated backups (backup_configuration.enabled = false)' };
  const retain = settings ? boolSetting(ctx, settings, 'retain_backups_on_delete', false) : undefined;
  if (retain?.state === 'unknown') return { state: 'unknown', what: `settings.retain_backups_on_delete (${ctx.sourceText(retain.attribute.expr)})` };
  if (!retain?.value) {
    const setting = retain?.state === 'known' ? 'settings.retain_backups_on_delete = false' : 'settings.retain_backups_on_delete is not set';
    return { state: 'off', why: enabled?.state === 'known' ? `its backups are deleted with it (${setting})` : `no backup outlives it (${setting})` };
  }
  if (enabled?.state === 'unknown') return { state: 'unknown', what: `settings.backup_configuration.enabled (${ctx.sourceText(enabled.attribute.expr)})` };
  if (enabled === undefined) return { state: 'unknown', what: 'whether automated backups are on (settings.backup_configuration.enabled is not set)' };
  return { state: 'on' };
}

/** `settings.final_backup_config { enabled = true }`: Cloud SQL takes a backup as it deletes the instance, and keeps it. */
function finalBackup(settings: Block | undefined, ctx: RuleContext<MessageId>): Guard {
  const config = settings ? ctx.nestedBlocks(settings, 'final_backup_config')[0] : undefined;
  if (settings && ctx.mayHaveUnknownBlocks(settings, 'final_backup_config')) return { state: 'unknown', what: 'the dynamic final_backup_config block' };
  if (!config) return { state: 'off', why: 'no final backup is taken (no settings.final_backup_config)' };
  const enabled = boolSetting(ctx, config, 'enabled', false);
  if (enabled.state === 'unknown') return { state: 'unknown', what: `settings.final_backup_config.enabled (${ctx.sourceText(enabled.attribute.expr)})` };
  if (enabled.value) return { state: 'on' };
  return { state: 'off', why: 'no final backup is taken (settings.final_backup_config.enabled is not true)' };
}

/** `the Cloud SQL instance "orders"`, or `this Cloud SQL instance` when its name is not known. */
function describeInstance(instance: Block, ctx: RuleContext<MessageId>): string {
  const name = ctx.attributeValue(instance, 'name');
  const known = name.known ? asString(name.value) : undefined;
  return known !== undefined ? `the Cloud SQL instance "${known}"` : 'this Cloud SQL instance';
}

/** Edits of this instance's own arguments, where each is a literal or absent. */
function suggestions(
  instance: Block,
  settings: readonly Block[],
  dynamicSettings: boolean,
  ctx: RuleContext<MessageId>,
  deletionProtection: Attribute,
): Suggestion<MessageId>[] {
  const out: Suggestion<MessageId>[] = [];
  if (deletionProtection.expr.kind === 'literal') {
    out.push({ messageId: 'keepTerraformProtection', edits: (fixer) => fixer.setAttribute(instance, 'deletion_protection', 'true') });
  }
  const written = instance.body.blocks.filter((b) => b.type === 'settings');
  const only = written.length === 1 && !dynamicSettings && settings.length === 1 ? written[0] : undefined;
  if (only && isLiteral(boolSetting(ctx, only, 'deletion_protection_enabled', false))) {
    out.push({ messageId: 'enableCloudSqlProtection', edits: (fixer) => fixer.setAttribute(only, 'deletion_protection_enabled', 'true') });
  }
  return out;
}

function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
