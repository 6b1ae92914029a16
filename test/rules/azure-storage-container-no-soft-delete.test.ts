import rule from '../../rules/azure-storage-container-no-soft-delete';
import { ruleTester } from '../support/rule-tester';

/** A storage account; `lines` go after the replication type. */
const account = (lines = ''): string => `resource "azurerm_storage_account" "state" {
  name                     = "acmetfstate"
  resource_group_name      = "platform"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
${lines}}
`;

const container = (target = 'storage_account_id = azurerm_storage_account.state.id', name = 'tfstate', extra = ''): string => `
resource "azurerm_storage_container" "${name}" {
  name               = "${name}"
  ${target}
${extra}}
`;

const POLICY = '\n  blob_properties {\n    container_delete_retention_policy {\n      days = 7\n    }\n  }\n';

ruleTester(rule, {
  valid: [
    { name: 'container soft delete on', code: account(POLICY) + container() },
    { name: 'no container managed here', code: account() },
    {
      name: 'the container cannot be destroyed by Terraform',
      code: account() + container(undefined, undefined, '\n  lifecycle {\n    prevent_destroy = true\n  }\n'),
    },
    { name: 'a file storage account has no blob containers', code: account('  account_kind             = "FileStorage"\n') + container() },
    { name: 'a container of another account', code: account() + container('storage_account_name = "someoneelse"') },
  ],
  invalid: [
    {
      name: 'a container managed here, no soft delete at all',
      code: account() + container(),
      errors: [
        {
          messageId: 'noContainerSoftDelete',
          severity: 'warning',
          data: {
            account: 'The storage account "acmetfstate"',
            containers: 'the container "tfstate"',
            blobNote: '; blob soft delete is off too (no delete_retention_policy), so a blob deleted or overwritten in one is gone for good as well',
          },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 43,
          suggestions: [{ messageId: 'enableContainerSoftDelete', output: account(POLICY) + container() }],
        },
      ],
    },
    {
      name: 'containers named by the account name, blob soft delete on',
      code:
        account('\n  blob_properties {\n    delete_retention_policy {\n      days = 14\n    }\n  }\n') +
        container('storage_account_name = "acmetfstate"') +
        container('storage_account_name = "acmetfstate"', 'exports'),
      errors: [
        {
          messageId: 'noContainerSoftDelete',
          data: { containers: '2 containers ("tfstate", "exports")', blobNote: '', account: 'The storage account "acmetfstate"' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'enableContainerSoftDelete',
              output:
                account(
                  '\n  blob_properties {\n    delete_retention_policy {\n      days = 14\n    }\n\n    container_delete_retention_policy {\n      days = 7\n    }\n  }\n',
                ) +
                container('storage_account_name = "acmetfstate"') +
                container('storage_account_name = "acmetfstate"', 'exports'),
            },
          ],
        },
      ],
    },
    {
      name: 'an account made twice by count is reported once, on its block',
      code:
        account().replace(
          '  name                     = "acmetfstate"\n',
          '  count                    = 2\n  name                     = "acmetfstate${count.index}"\n',
        ) + container('storage_account_id = azurerm_storage_account.state[1].id'),
      errors: [
        {
          messageId: 'noContainerSoftDelete',
          data: {
            account: 'The storage account "acmetfstate1"',
            containers: 'the container "tfstate"',
            blobNote: '; blob soft delete is off too (no delete_retention_policy), so a blob deleted or overwritten in one is gone for good as well',
          },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'enableContainerSoftDelete',
              output:
                account(POLICY).replace(
                  '  name                     = "acmetfstate"\n',
                  '  count                    = 2\n  name                     = "acmetfstate${count.index}"\n',
                ) + container('storage_account_id = azurerm_storage_account.state[1].id'),
            },
          ],
        },
      ],
    },
    {
      name: 'a dynamic blob_properties block over an unknown collection is only info',
      code:
        account('\n  dynamic "blob_properties" {\n    for_each = var.blob_properties\n    content {\n      versioning_enabled = true\n    }\n  }\n') +
        container(),
      files: { 'variables.tf': 'variable "blob_properties" {\n  type = list(any)\n}\n' },
      errors: [
        {
          messageId: 'cannotVerify',
          severity: 'info',
          data: { unknown: 'the dynamic blob_properties block', account: 'The storage account "acmetfstate"', containers: 'the container "tfstate"' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 43,
        },
      ],
    },
  ],
});
