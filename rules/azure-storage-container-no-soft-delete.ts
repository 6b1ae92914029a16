// Recovery family, Azure. Atlassian, April 2022: a script ran in "permanently delete" mode where "mark for deletion"
// was possible, and 775 customers' sites had to be rebuilt from backups for up to two weeks. Deleting a blob
// container deletes every blob in it, and blob soft delete does not bring them back: only container soft delete
// (`blob_properties { container_delete_retention_policy { ... } }`) does, and the azurerm provider leaves it off.
// When this configuration manages containers in the account, one destroy, or one change that replaces a container
// (a new name), deletes their contents for good.
import { addressOf, asString, defineRule, getAttribute, type Block, type Reference, type RuleContext, type Severity, type Suggestion } from './api';
import { knownString } from './support/references';
import { preventsDestroy } from './support/settings';

type MessageId = 'noContainerSoftDelete' | 'cannotVerify' | 'enableContainerSoftDelete';

type Guard = { readonly state: 'on' } | { readonly state: 'off' } | { readonly state: 'unknown'; readonly what: string };

/** Account kinds with blob containers whose blob service supports container soft delete. */
const BLOB_KINDS = new Set(['StorageV2', 'BlobStorage', 'BlockBlobStorage']);
const MAX_CONTAINERS_NAMED = 3;

export default defineRule<MessageId>({
  meta: {
    id: 'azure-storage-container-no-soft-delete',
    title: 'Turn on container soft delete in storage accounts whose containers Terraform manages',
    description:
      'Without container soft delete, destroying or replacing an azurerm_storage_container deletes every blob in it for good; blob soft delete does not bring a deleted container back.',
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['azurerm_storage_account', 'azurerm_storage_container'] }],
    fixable: 'suggestion',
    messages: {
      noContainerSoftDelete:
        '{account} has no container soft delete (no blob_properties.container_delete_retention_policy), and this configuration manages {containers} in it: one destroy, or a change that replaces a container, deletes every blob in it for good{blobNote}. Add blob_properties { container_delete_retention_policy { days = 7 } } or longer.',
      cannotVerify:
        '{account} holds {containers}, managed here, and premortem cannot see {unknown}: unless it turns container soft delete on, one destroy or replacement of a container deletes every blob in it for good. Add blob_properties { container_delete_retention_policy { days = 7 } } or longer.',
      enableContainerSoftDelete:
        'Add blob_properties { container_delete_retention_policy { days = 7 } } (a deleted container can then be restored for 7 days).',
    },
    incident: 'Atlassian, April 2022: a permanent delete where a soft delete was possible',
    reads: [
      'azurerm_storage_account.name',
      'azurerm_storage_account.account_kind',
      'azurerm_storage_account.blob_properties.container_delete_retention_policy',
      'azurerm_storage_account.blob_properties.delete_retention_policy',
      'azurerm_storage_container.name',
      'azurerm_storage_container.storage_account_id',
      'azurerm_storage_container.storage_account_name',
    ],
    since: '0.1.0',
  },

  checkModule(module, ctx) {
    for (const block of module.resourcesOfType('azurerm_storage_account')) {
      // One finding per account block: its instances share the line where the fix goes.
      for (const account of ctx.instances(block)) if (checkAccount(account, ctx)) break;
    }
  },
});

/** Reports the account when containers managed here live in it without container soft delete; true when it did. */
function checkAccount(account: Block, ctx: RuleContext<MessageId>): boolean {
  const kind = ctx.attributeValue(account, 'account_kind');
  const kindName = getAttribute(account, 'account_kind') === undefined ? 'StorageV2' : kind.known ? asString(kind.value) : undefined;
  if (kindName === undefined || !BLOB_KINDS.has(kindName)) return false;
  const containers = containersIn(account, ctx);
  if (containers.length === 0) return false;
  const guard = containerSoftDelete(account, ctx);
  if (guard.state === 'on') return false;
  const names = describeContainers(containers, ctx);
  const severity: Severity = guard.state === 'unknown' ? 'info' : 'warning';
  const related = containers
    .slice(0, MAX_CONTAINERS_NAMED)
    .map((c) => ({ at: c, message: `${addressOf(c) ?? 'This container'} is a container of this account.` }));
  const suggest = suggestions(account);
  const data = { account: describeAccount(account, ctx), containers: names };
  if (guard.state === 'unknown') {
    ctx.report({ at: account, messageId: 'cannotVerify', severity, data: { ...data, unknown: guard.what }, related, suggest });
    return true;
  }
  const blobNote = blobSoftDeleteOff(account, ctx)
    ? '; blob soft delete is off too (no delete_retention_policy), so a blob deleted or overwritten in one is gone for good as well'
    : '';
  ctx.report({ at: account, messageId: 'noContainerSoftDelete', severity, data: { ...data, blobNote }, related, suggest });
  return true;
}

/** The `azurerm_storage_container` instances of this module that live in the account, unless Terraform refuses to destroy them. */
function containersIn(account: Block, ctx: RuleContext<MessageId>): Block[] {
  const address = addressOf(account);
  const accountName = knownString(ctx, getAttribute(account, 'name')?.expr, account);
  const out: Block[] = [];
  for (const block of ctx.module.resourcesOfType('azurerm_storage_container')) {
    for (const container of ctx.instances(block)) {
      if (preventsDestroy(container, ctx)) continue;
      const target = getAttribute(container, 'storage_account_id') ?? getAttribute(container, 'storage_account_name');
      if (!target) continue;
      const named = ctx.referencesIn(target.expr).some((reference) => reference.address === address && sameInstance(reference, account, container, ctx));
      const byName = accountName !== undefined && knownString(ctx, target.expr, container) === accountName;
      if (named || byName) out.push(container);
    }
  }
  return out;
}

/** Whether a reference may name this instance of the account: `azurerm_storage_account.x[1]` names only key 1. */
function sameInstance(reference: Reference, account: Block, from: Block, ctx: RuleContext<MessageId>): boolean {
  if (!reference.instanceKey || !account.instance) return true;
  const key = ctx.valueOf(reference.instanceKey, from);
  return !key.known || String(key.value) === String(account.instance.key);
}

function containerSoftDelete(account: Block, ctx: RuleContext<MessageId>): Guard {
  if (ctx.mayHaveUnknownBlocks(account, 'blob_properties')) return { state: 'unknown', what: 'the dynamic blob_properties block' };
  let unknown: string | undefined;
  for (const properties of ctx.nestedBlocks(account, 'blob_properties')) {
    if (ctx.nestedBlocks(properties, 'container_delete_retention_policy').length > 0) return { state: 'on' };
    if (ctx.mayHaveUnknownBlocks(properties, 'container_delete_retention_policy')) unknown = 'the dynamic container_delete_retention_policy block';
  }
  return unknown ? { state: 'unknown', what: unknown } : { state: 'off' };
}

function blobSoftDeleteOff(account: Block, ctx: RuleContext<MessageId>): boolean {
  return ctx
    .nestedBlocks(account, 'blob_properties')
    .every(
      (properties) => ctx.nestedBlocks(properties, 'delete_retention_policy').length === 0 && !ctx.mayHaveUnknownBlocks(properties, 'delete_retention_policy'),
    );
}

/** `the container "tfstate"`, `3 containers ("a", "b", "c")`, with the resource address when the name is not known. */
function describeContainers(containers: readonly Block[], ctx: RuleContext<MessageId>): string {
  const names = containers.map((c) => {
    const name = knownString(ctx, getAttribute(c, 'name')?.expr, c);
    return name !== undefined ? `"${name}"` : (addressOf(c) ?? 'a container');
  });
  const unique = [...new Set(names)];
  if (unique.length === 1) return `the container ${unique[0]}`;
  const shown = unique.slice(0, MAX_CONTAINERS_NAMED).join(', ');
  return `${unique.length} containers (${shown}${unique.length > MAX_CONTAINERS_NAMED ? ', ...' : ''})`;
}

/** `the storage account "tfstate123"`, or `this storage account` when its name is not known. */
function describeAccount(account: Block, ctx: RuleContext<MessageId>): string {
  const name = knownString(ctx, getAttribute(account, 'name')?.expr, account);
  return name !== undefined ? `The storage account "${name}"` : 'This storage account';
}

/** Adds the policy inside the account's one written blob_properties block, or a new one; not through a dynamic block. */
function suggestions(account: Block): Suggestion<MessageId>[] {
  const written = account.body.blocks.filter((b) => b.type === 'blob_properties');
  const dynamic = account.body.blocks.some((b) => b.type === 'dynamic');
  if (written.length > 1 || dynamic) return [];
  return [
    {
      messageId: 'enableContainerSoftDelete',
      edits: (fixer) => fixer.setAttribute(fixer.ensureBlock(fixer.ensureBlock(account, 'blob_properties'), 'container_delete_retention_policy'), 'days', '7'),
    },
  ];
}
