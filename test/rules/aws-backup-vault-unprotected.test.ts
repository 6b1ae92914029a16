import rule from '../../rules/aws-backup-vault-unprotected';
import { ruleTester } from '../support/rule-tester';

const vault = (extra = ''): string => `resource "aws_backup_vault" "rds" {
  name = "rds-prod"${extra}
}
`;

const LOCK = `
resource "aws_backup_vault_lock_configuration" "rds" {
  backup_vault_name  = aws_backup_vault.rds.name
  min_retention_days = 7
  max_retention_days = 35
}
`;

/** A daily plan into the vault; `copy` goes inside its rule. */
const plan = (copy: string): string => `
resource "aws_backup_plan" "rds" {
  name = "rds-daily"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.rds.name
    schedule          = "cron(0 5 * * ? *)"
${copy}  }
}
`;

const copyTo = (arn: string): string => `
    copy_action {
      destination_vault_arn = ${arn}
    }
`;

ruleTester(rule, {
  valid: [
    { name: 'a vault with a vault lock', code: vault() + LOCK },
    { name: 'a vault lock that names the vault by its literal name', code: vault() + LOCK.replace('aws_backup_vault.rds.name', '"rds-prod"') },
    {
      name: 'recovery points copied to a vault given by ARN (another account, as far as premortem can tell)',
      code: vault() + plan(copyTo('"arn:aws:backup:eu-west-1:210987654321:backup-vault:rds-copies"')),
    },
    {
      name: 'recovery points copied to a vault created through another provider configuration',
      code:
        vault() +
        plan(copyTo('aws_backup_vault.copies.arn')) +
        `
provider "aws" {
  alias  = "backup_account"
  region = "eu-west-1"
}

resource "aws_backup_vault" "copies" {
  provider = aws.backup_account
  name     = "rds-copies"
}

resource "aws_backup_vault_lock_configuration" "copies" {
  provider          = aws.backup_account
  backup_vault_name = aws_backup_vault.copies.name
}
`,
    },
    {
      name: 'a lock whose count premortem cannot know may exist',
      code: vault() + LOCK.replace('  backup_vault_name', '  count              = var.env == "production" ? 1 : 0\n  backup_vault_name'),
      files: { 'variables.tf': 'variable "env" {\n  type = string\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'a vault with neither a lock nor a copy',
      code: vault() + plan(''),
      errors: [{ messageId: 'unprotected', severity: 'info', data: { vault: 'the backup vault "rds-prod"' }, line: 1, column: 1, endLine: 1, endColumn: 34 }],
    },
    {
      name: 'a copy to another vault of the same account does not count',
      code:
        vault() +
        plan(copyTo('aws_backup_vault.dr.arn')) +
        `
resource "aws_backup_vault" "dr" {
  name = "rds-dr"
}

resource "aws_backup_vault_lock_configuration" "dr" {
  backup_vault_name = aws_backup_vault.dr.name
}
`,
      errors: [{ messageId: 'unprotected', line: 1, column: 1, endLine: 1, endColumn: 34 }],
    },
    {
      name: 'the lock is switched off (count = 0)',
      code: vault() + LOCK.replace('  backup_vault_name', '  count              = 0\n  backup_vault_name'),
      errors: [{ messageId: 'unprotected', line: 1, column: 1, endLine: 1, endColumn: 34 }],
    },
    {
      name: "another vault's lock does not protect this one",
      code: vault() + LOCK.replace('aws_backup_vault.rds.name', 'aws_backup_vault.logs.name') + '\nresource "aws_backup_vault" "logs" {\n  name = "logs"\n}\n',
      errors: [{ messageId: 'unprotected', data: { vault: 'the backup vault "rds-prod"' }, line: 1, column: 1, endLine: 1, endColumn: 34 }],
    },
    {
      name: 'force_destroy on an unprotected vault is a warning',
      code: vault('\n  force_destroy = true'),
      errors: [
        {
          messageId: 'forceDestroy',
          severity: 'warning',
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 23,
          suggestions: [{ messageId: 'removeForceDestroy', output: vault() }],
        },
      ],
    },
  ],
});
