// Recovery family. Code Spaces, June 2014: an intruder in the AWS console deleted the EBS snapshots, S3 buckets
// and machines, backups included, because they all lived in one account under one set of keys; the company
// closed. An AWS Backup vault with no vault lock and no copy to another account is the same single basket: whoever
// can delete in the account can delete every recovery point in it, and `force_destroy = true` lets one
// `terraform destroy` do it.
import { addressOf, asString, defineRule, getAttribute, isExpanded, type Block, type Expression, type RuleContext } from './api';
import { followReference, referencedBlock } from './support/references';
import { boolSetting } from './support/settings';

type MessageId = 'unprotected' | 'forceDestroy' | 'removeForceDestroy';

/** Whether something holds: yes, no, or premortem cannot tell. */
type Answer = 'yes' | 'no' | 'maybe';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-backup-vault-unprotected',
    title: 'Lock backup vaults, or copy their recovery points to another account',
    description:
      'A backup vault with no vault lock and no copy to another account can be emptied by anyone who can delete in the account, an intruder or a cleanup script, together with the data it protects; with force_destroy = true one terraform destroy does it.',
    category: 'recovery',
    severity: 'info',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_backup_vault'] }],
    fixable: 'suggestion',
    messages: {
      unprotected:
        'Nothing protects the recovery points in {vault}: it has no vault lock and no copy to another account, so anyone who can delete in this account, an intruder or a cleanup script, can delete them along with the data they back up. Add an aws_backup_vault_lock_configuration, or copy recovery points to a vault in another account.',
      forceDestroy:
        'force_destroy = true on {vault}, which has no vault lock and no copy to another account: one terraform destroy, or a change that replaces the vault, deletes every recovery point in it. Remove force_destroy, and lock the vault or copy its recovery points to another account.',
      removeForceDestroy: 'Remove force_destroy (a destroy then fails while the vault holds recovery points).',
    },
    incident: 'Code Spaces, June 2014: snapshots and backups deleted along with everything else',
    reads: [
      'aws_backup_vault.name',
      'aws_backup_vault.force_destroy',
      'aws_backup_vault_lock_configuration.backup_vault_name',
      'aws_backup_plan.rule.target_vault_name',
      'aws_backup_plan.rule.copy_action.destination_vault_arn',
    ],
    since: '0.1.0',
  },

  check(vault: Block, ctx) {
    if (isLocked(vault, ctx) !== 'no' || copiesToAnotherAccount(vault, ctx) !== 'no') return;
    const data = { vault: describeVault(vault, ctx) };
    const force = boolSetting(ctx, vault, 'force_destroy', false);
    if (force.state === 'known' && force.value && force.attribute) {
      const attribute = force.attribute;
      ctx.report({
        at: attribute.expr,
        messageId: 'forceDestroy',
        severity: 'warning',
        data,
        suggest: attribute.expr.kind === 'literal' ? [{ messageId: 'removeForceDestroy', edits: (fixer) => fixer.removeAttribute(attribute) }] : [],
      });
      return;
    }
    ctx.report({ at: vault, messageId: 'unprotected', data });
  },
});

/** An `aws_backup_vault_lock_configuration` of this module (that exists) names the vault. */
function isLocked(vault: Block, ctx: RuleContext<MessageId>): Answer {
  let answer: Answer = 'no';
  for (const lock of ctx.module.resourcesOfType('aws_backup_vault_lock_configuration')) {
    for (const instance of ctx.instances(lock)) {
      const name = getAttribute(instance, 'backup_vault_name');
      if (!name) continue;
      const names = namesVault(name.expr, instance, vault, ctx);
      if (names === 'no') continue;
      // A lock under a count or for_each premortem cannot expand may not exist at all.
      if (names === 'yes' && !(isExpanded(lock) && !instance.instance)) return 'yes';
      answer = 'maybe';
    }
  }
  return answer;
}

/**
 * A backup plan rule that fills this vault copies its recovery points to a vault that may be in another account:
 * `maybe` for anything but a vault of this configuration on the same provider configuration.
 */
function copiesToAnotherAccount(vault: Block, ctx: RuleContext<MessageId>): Answer {
  let answer: Answer = 'no';
  for (const plan of ctx.module.resourcesOfType('aws_backup_plan')) {
    for (const instance of ctx.instances(plan)) {
      if (ctx.mayHaveUnknownBlocks(instance, 'rule')) answer = 'maybe';
      for (const rule of ctx.nestedBlocks(instance, 'rule')) {
        const target = getAttribute(rule, 'target_vault_name');
        if (!target || namesVault(target.expr, rule, vault, ctx) === 'no') continue;
        if (ctx.mayHaveUnknownBlocks(rule, 'copy_action')) answer = 'maybe';
        for (const copy of ctx.nestedBlocks(rule, 'copy_action')) {
          const destination = getAttribute(copy, 'destination_vault_arn');
          if (destination && !sameAccountVault(destination.expr, copy, vault, ctx)) answer = 'maybe';
        }
      }
    }
  }
  return answer;
}

/** The destination is a vault of this configuration created through the same provider configuration as `vault`. */
function sameAccountVault(expr: Expression, within: Block, vault: Block, ctx: RuleContext<MessageId>): boolean {
  const resolved = followReference(expr, ctx, within);
  if (!resolved || resolved.block.type !== 'resource' || resolved.block.labels[0] !== 'aws_backup_vault') return false;
  return providerOf(referencedBlock(resolved), ctx) === providerOf(vault, ctx);
}

/** The provider configuration a resource uses: `aws` or `aws.alias`, as written. */
function providerOf(block: Block, ctx: RuleContext<MessageId>): string {
  const provider = getAttribute(block, 'provider');
  return provider ? ctx.sourceText(provider.expr).replace(/\s+/g, '') : 'aws';
}

/** Whether an expression (a vault name or ARN) names this vault. */
function namesVault(expr: Expression, within: Block, vault: Block, ctx: RuleContext<MessageId>): Answer {
  const address = addressOf(vault);
  const references = ctx.referencesIn(expr);
  if (references.some((r) => r.address === address)) return 'yes';
  const value = ctx.valueOf(expr, within);
  const name = ctx.attributeValue(vault, 'name');
  const vaultName = name.known ? asString(name.value) : undefined;
  if (value.known) {
    const text = asString(value.value);
    if (text === undefined || vaultName === undefined) return 'maybe';
    return text === vaultName || text.endsWith(`:backup-vault:${vaultName}`) ? 'yes' : 'no';
  }
  // Another vault of this module, by reference, is not this one.
  const others = references.filter((r) => r.kind === 'resource');
  return others.length > 0 && others.length === references.length ? 'no' : 'maybe';
}

/** `the backup vault "rds-prod"`, or `this backup vault` when its name is not known. */
function describeVault(vault: Block, ctx: RuleContext<MessageId>): string {
  const name = ctx.attributeValue(vault, 'name');
  const known = name.known ? asString(name.value) : undefined;
  return known !== undefined ? `the backup vault "${known}"` : 'this backup vault';
}
