// Recovery family, Azure. Code Spaces, June 2014: an intruder in the cloud console deleted data, snapshots and
// backups together, and the company closed. A Key Vault is soft-deleted, but without purge protection anyone who
// may delete it may also purge it at once, and the azurerm provider purges a vault it destroys by default
// (`features { key_vault { purge_soft_delete_on_destroy = true } }`). With the retention also at its 7-day
// minimum, the vault's keys, secrets and certificates are one mistake, and one week, away from being gone.
import { asString, defineRule, type Block, type RuleContext, type Severity, type Suggestion } from './api';
import { boolSetting, isLiteral, numberSetting, preventsDestroy } from './support/settings';

type MessageId = 'purgeable' | 'cannotVerify' | 'enablePurgeProtection';

/** The shortest soft-delete retention Azure allows. */
const MINIMUM_RETENTION_DAYS = 7;

export default defineRule<MessageId>({
  meta: {
    id: 'azure-key-vault-purgeable',
    title: 'Turn on purge protection for Key Vaults kept only the minimum 7 days after a delete',
    description:
      'A Key Vault without purge protection and with soft_delete_retention_days = 7 can be purged at once by a terraform destroy (the provider purges by default) or by anyone who may delete it, and otherwise stays recoverable for only a week: its keys, and the data they encrypt, are then gone for good.',
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['azurerm_key_vault'] }],
    fixable: 'suggestion',
    messages: {
      purgeable:
        '{vault} is kept for only {days} days after a delete (soft_delete_retention_days = {days}) and {protection}: a terraform destroy purges it at once (the azurerm provider purges destroyed vaults by default), and so can anyone allowed to purge, taking its keys, secrets and certificates, and the data those keys encrypt, for good. Set purge_protection_enabled = true.',
      cannotVerify:
        '{vault} is kept for only {days} days after a delete (soft_delete_retention_days = {days}), and premortem cannot see purge_protection_enabled ({expression}): unless it is true, a terraform destroy purges the vault at once, with its keys, secrets and certificates. Set purge_protection_enabled = true.',
      enablePurgeProtection:
        'Set purge_protection_enabled = true (it cannot be turned off again, and a deleted vault then stays recoverable for the whole retention period).',
    },
    incident: 'Code Spaces, June 2014: data, snapshots and backups deleted together',
    reads: ['azurerm_key_vault.purge_protection_enabled', 'azurerm_key_vault.soft_delete_retention_days'],
    since: '0.1.0',
  },

  check(vault: Block, ctx) {
    if (preventsDestroy(vault, ctx)) return;
    // The retention defaults to 90 days; only the explicit minimum makes this rule speak.
    const retention = numberSetting(ctx, vault, 'soft_delete_retention_days', 90);
    if (retention.state !== 'known' || retention.value > MINIMUM_RETENTION_DAYS) return;
    const protection = boolSetting(ctx, vault, 'purge_protection_enabled', false);
    if (protection.state !== 'unknown' && protection.value) return;
    const days = retention.value;
    const severity: Severity = protection.state === 'unknown' ? 'info' : 'warning';
    const suggest = suggestions(vault, ctx);
    if (protection.state === 'unknown') {
      ctx.report({
        at: retention.attribute.expr,
        messageId: 'cannotVerify',
        severity,
        data: { vault: describeVault(vault, ctx), days, expression: ctx.sourceText(protection.attribute.expr) },
        suggest,
      });
      return;
    }
    const state =
      protection.state === 'known'
        ? 'purge protection is off (purge_protection_enabled = false)'
        : 'purge protection is off (purge_protection_enabled defaults to false)';
    ctx.report({
      at: retention.attribute.expr,
      messageId: 'purgeable',
      severity,
      data: { vault: describeVault(vault, ctx), days, protection: state },
      related: protection.attribute ? [{ at: protection.attribute.expr, message: 'purge_protection_enabled is set here.' }] : [],
      suggest,
    });
  },
});

/** Turning purge protection on is an in-place update; the retention cannot be changed once set, so it is left alone. */
function suggestions(vault: Block, ctx: RuleContext<MessageId>): Suggestion<MessageId>[] {
  if (!isLiteral(boolSetting(ctx, vault, 'purge_protection_enabled', false))) return [];
  return [{ messageId: 'enablePurgeProtection', edits: (fixer) => fixer.setAttribute(vault, 'purge_protection_enabled', 'true') }];
}

/** `The Key Vault "payments-kv"`, or `This Key Vault` when its name is not known. */
function describeVault(vault: Block, ctx: RuleContext<MessageId>): string {
  const name = ctx.attributeValue(vault, 'name');
  const known = name.known ? asString(name.value) : undefined;
  return known !== undefined ? `The Key Vault "${known}"` : 'This Key Vault';
}
