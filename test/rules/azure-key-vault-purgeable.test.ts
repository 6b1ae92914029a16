import rule from '../../rules/azure-key-vault-purgeable';
import { ruleTester } from '../support/rule-tester';

/** A Key Vault; `lines` go after the SKU. */
const vault = (lines: string): string => `resource "azurerm_key_vault" "payments" {
  name                = "payments-kv"
  location            = "westeurope"
  resource_group_name = "payments"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
${lines}
}
`;

const SHORT = '  soft_delete_retention_days = 7';

ruleTester(rule, {
  valid: [
    { name: 'the default retention of 90 days', code: vault('') },
    { name: 'purge protection off, but the default retention', code: vault('  purge_protection_enabled = false') },
    { name: 'a longer retention', code: vault('  soft_delete_retention_days = 30') },
    { name: 'the shortest retention, but purge protection on', code: vault(`${SHORT}\n  purge_protection_enabled   = true`) },
    { name: 'Terraform refuses to destroy it', code: vault(`${SHORT}\n\n  lifecycle {\n    prevent_destroy = true\n  }`) },
    {
      name: 'the retention from a variable without a value',
      code: vault('  soft_delete_retention_days = var.retention'),
      files: { 'variables.tf': 'variable "retention" {\n  type = number\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'the shortest retention, purge protection left at its default',
      code: vault(SHORT),
      errors: [
        {
          messageId: 'purgeable',
          severity: 'warning',
          data: { vault: 'The Key Vault "payments-kv"', days: 7, protection: 'purge protection is off (purge_protection_enabled defaults to false)' },
          line: 7,
          column: 32,
          endLine: 7,
          endColumn: 33,
          suggestions: [{ messageId: 'enablePurgeProtection', output: vault(`${SHORT}\n  purge_protection_enabled = true`) }],
        },
      ],
    },
    {
      name: 'the shortest retention, purge protection turned off',
      code: vault(`${SHORT}\n  purge_protection_enabled   = false`),
      errors: [
        {
          messageId: 'purgeable',
          data: { protection: 'purge protection is off (purge_protection_enabled = false)', vault: 'The Key Vault "payments-kv"', days: 7 },
          line: 7,
          column: 32,
          endLine: 7,
          endColumn: 33,
          suggestions: [{ messageId: 'enablePurgeProtection', output: vault(`${SHORT}\n  purge_protection_enabled   = true`) }],
        },
      ],
    },
    {
      name: 'the retention through a variable default',
      code: vault('  soft_delete_retention_days = var.retention'),
      files: { 'variables.tf': 'variable "retention" {\n  type    = number\n  default = 7\n}\n' },
      errors: [
        {
          messageId: 'purgeable',
          severity: 'warning',
          line: 7,
          column: 32,
          endLine: 7,
          endColumn: 45,
          suggestions: [
            { messageId: 'enablePurgeProtection', output: vault('  soft_delete_retention_days = var.retention\n  purge_protection_enabled = true') },
          ],
        },
      ],
    },
    {
      name: 'purge protection from a variable without a value is only info',
      code: vault(`${SHORT}\n  purge_protection_enabled   = var.protect`),
      files: { 'variables.tf': 'variable "protect" {\n  type = bool\n}\n' },
      errors: [
        {
          messageId: 'cannotVerify',
          severity: 'info',
          data: { expression: 'var.protect', vault: 'The Key Vault "payments-kv"', days: 7 },
          line: 7,
          column: 32,
          endLine: 7,
          endColumn: 33,
        },
      ],
    },
  ],
});
