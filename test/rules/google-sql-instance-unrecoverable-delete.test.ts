import rule from '../../rules/google-sql-instance-unrecoverable-delete';
import { ruleTester } from '../support/rule-tester';

/** A PostgreSQL instance; `top` goes after the version, `settings` inside the settings block after the tier. */
const instance = (top: string, settings = ''): string => `resource "google_sql_database_instance" "orders" {
  name             = "orders-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"
${top}

  settings {
    tier = "db-custom-2-7680"
${settings}
  }
}
`;

const OFF = '  deletion_protection = false';
const BACKUPS = '\n    backup_configuration {\n      enabled = true\n    }';

ruleTester(rule, {
  valid: [
    { name: 'the provider default keeps Terraform from deleting it', code: instance('') },
    { name: 'deletion_protection = true', code: instance('  deletion_protection = true') },
    { name: 'Terraform may delete it, but Cloud SQL refuses', code: instance(OFF, '    deletion_protection_enabled = true') },
    { name: 'Terraform may delete it, but its backups are kept after the delete', code: instance(OFF, `    retain_backups_on_delete = true${BACKUPS}`) },
    {
      name: 'Terraform may delete it, but a final backup is taken',
      code: instance(OFF, '\n    final_backup_config {\n      enabled        = true\n      retention_days = 30\n    }'),
    },
    { name: 'Terraform refuses to destroy it', code: instance(`${OFF}\n\n  lifecycle {\n    prevent_destroy = true\n  }`) },
    {
      name: 'a read replica copies its primary',
      code: `resource "google_sql_database_instance" "orders_replica" {
  name                 = "orders-replica"
  region               = "europe-west1"
  database_version     = "POSTGRES_16"
  master_instance_name = "orders-prod"
  deletion_protection  = false

  settings {
    tier = "db-custom-2-7680"
  }
}
`,
    },
    {
      name: 'deletion_protection from a variable without a value',
      code: instance('  deletion_protection = var.protect'),
      files: { 'variables.tf': 'variable "protect" {\n  type = bool\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'deletion_protection = false, backups off',
      code: instance(OFF, '\n    backup_configuration {\n      enabled = false\n    }'),
      errors: [
        {
          messageId: 'noWayBack',
          severity: 'warning',
          data: {
            instance: 'the Cloud SQL instance "orders-prod"',
            missing:
              'Terraform may delete it (deletion_protection = false), Cloud SQL deletion protection is off (settings.deletion_protection_enabled is not set), it takes no automated backups (backup_configuration.enabled = false) and no final backup is taken (no settings.final_backup_config)',
          },
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'keepTerraformProtection',
              output: instance('  deletion_protection = true', '\n    backup_configuration {\n      enabled = false\n    }'),
            },
            {
              messageId: 'enableCloudSqlProtection',
              output: instance(OFF, '    deletion_protection_enabled = true\n\n    backup_configuration {\n      enabled = false\n    }').replace(
                '    tier = "db-custom-2-7680"\n    deletion_protection_enabled',
                '    tier                        = "db-custom-2-7680"\n    deletion_protection_enabled',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'backups on, but deleted with the instance',
      code: instance(OFF, BACKUPS),
      errors: [
        {
          messageId: 'noWayBack',
          data: {
            missing:
              'Terraform may delete it (deletion_protection = false), Cloud SQL deletion protection is off (settings.deletion_protection_enabled is not set), its backups are deleted with it (settings.retain_backups_on_delete is not set) and no final backup is taken (no settings.final_backup_config)',
            instance: 'the Cloud SQL instance "orders-prod"',
          },
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            { messageId: 'keepTerraformProtection', output: instance('  deletion_protection = true', BACKUPS) },
            {
              messageId: 'enableCloudSqlProtection',
              output: instance(OFF, `    deletion_protection_enabled = true\n${BACKUPS}`).replace(
                '    tier = "db-custom-2-7680"\n    deletion_protection_enabled',
                '    tier                        = "db-custom-2-7680"\n    deletion_protection_enabled',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'backups kept after the delete turned off explicitly',
      code: instance(OFF, '    retain_backups_on_delete = false'),
      errors: [
        {
          messageId: 'noWayBack',
          data: {
            missing:
              'Terraform may delete it (deletion_protection = false), Cloud SQL deletion protection is off (settings.deletion_protection_enabled is not set), no backup outlives it (settings.retain_backups_on_delete = false) and no final backup is taken (no settings.final_backup_config)',
            instance: 'the Cloud SQL instance "orders-prod"',
          },
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            { messageId: 'keepTerraformProtection', output: instance('  deletion_protection = true', '    retain_backups_on_delete = false') },
            {
              messageId: 'enableCloudSqlProtection',
              output: instance(OFF, '    retain_backups_on_delete = false\n    deletion_protection_enabled = true'),
            },
          ],
        },
      ],
    },
    {
      name: 'Cloud SQL deletion protection from a variable without a value is only info',
      code: instance(OFF, '    deletion_protection_enabled = var.protect'),
      files: { 'variables.tf': 'variable "protect" {\n  type = bool\n}\n' },
      errors: [
        {
          messageId: 'cannotVerify',
          severity: 'info',
          data: {
            unknown: 'settings.deletion_protection_enabled (var.protect)',
            instance: 'the Cloud SQL instance "orders-prod"',
            missing: ', no backup outlives it (settings.retain_backups_on_delete is not set), no final backup is taken (no settings.final_backup_config)',
          },
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            { messageId: 'keepTerraformProtection', output: instance('  deletion_protection = true', '    deletion_protection_enabled = var.protect') },
          ],
        },
      ],
    },
    {
      name: 'deletion_protection = false through a variable default: reported, edit offered only inside settings',
      code: instance('  deletion_protection = var.protect'),
      files: { 'variables.tf': 'variable "protect" {\n  type    = bool\n  default = false\n}\n' },
      errors: [
        {
          messageId: 'noWayBack',
          severity: 'warning',
          data: {
            missing:
              'Terraform may delete it (deletion_protection = false), Cloud SQL deletion protection is off (settings.deletion_protection_enabled is not set), no backup outlives it (settings.retain_backups_on_delete is not set) and no final backup is taken (no settings.final_backup_config)',
            instance: 'the Cloud SQL instance "orders-prod"',
          },
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'enableCloudSqlProtection',
              output: instance('  deletion_protection = var.protect', '').replace(
                '    tier = "db-custom-2-7680"\n',
                '    tier                        = "db-custom-2-7680"\n    deletion_protection_enabled = true\n',
              ),
            },
          ],
        },
      ],
    },
  ],
});
