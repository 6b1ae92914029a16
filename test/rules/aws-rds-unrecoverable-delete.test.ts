import rule from '../../rules/aws-rds-unrecoverable-delete';
import { ruleTester } from '../support/rule-tester';

/** A PostgreSQL instance; `lines` go after the storage settings. */
const instance = (lines: string, label = 'orders'): string => `resource "aws_db_instance" "${label}" {
  identifier        = "orders-prod"
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  allocated_storage = 100
${lines}
}
`;

/** An Aurora PostgreSQL cluster; `lines` go after the engine. */
const cluster = (lines: string): string => `resource "aws_rds_cluster" "ledger" {
  cluster_identifier = "ledger"
  engine             = "aurora-postgresql"
  master_username    = "ledger"
${lines}
}
`;

const SKIP = '  skip_final_snapshot = true';

ruleTester(rule, {
  valid: [
    { name: 'the provider default takes a final snapshot', code: instance('') },
    { name: 'skip_final_snapshot = false', code: instance('  skip_final_snapshot       = false\n  final_snapshot_identifier = "orders-final"') },
    { name: 'no final snapshot, but deletion protection', code: instance(`${SKIP}\n  deletion_protection = true`) },
    {
      name: 'no final snapshot, but the automated backups outlive the delete',
      code: instance(`${SKIP}\n  delete_automated_backups = false\n  backup_retention_period  = 14`),
    },
    { name: 'no final snapshot, but Terraform refuses to destroy it', code: instance(`${SKIP}\n\n  lifecycle {\n    prevent_destroy = true\n  }`) },
    {
      name: 'a read replica holds a copy of its source',
      code:
        instance('  backup_retention_period = 7\n  deletion_protection     = true') +
        '\n' +
        instance(`  replicate_source_db = aws_db_instance.orders.identifier\n${SKIP}`, 'orders_replica'),
    },
    {
      name: 'skip_final_snapshot from a variable without a value',
      code: instance('  skip_final_snapshot = var.skip_final_snapshot'),
      files: { 'variables.tf': 'variable "skip_final_snapshot" {\n  type = bool\n}\n' },
    },
    { name: 'an Aurora cluster with deletion protection', code: cluster(`  master_password     = "change-me-please"\n${SKIP}\n  deletion_protection = true`) },
    {
      name: 'a secondary cluster of a global database brings no data of its own',
      code: `resource "aws_rds_global_cluster" "ledger" {
  global_cluster_identifier = "ledger"
  engine                    = "aurora-postgresql"
}

resource "aws_rds_cluster" "ledger_eu" {
  cluster_identifier        = "ledger-eu"
  engine                    = "aurora-postgresql"
  global_cluster_identifier = aws_rds_global_cluster.ledger.id
  skip_final_snapshot       = true
}
`,
    },
    {
      name: 'a cluster read replica of another region',
      code: `resource "aws_rds_cluster" "ledger_dr" {
  cluster_identifier            = "ledger-dr"
  engine                        = "aurora-postgresql"
  replication_source_identifier = "arn:aws:rds:us-east-1:123456789012:cluster:ledger"
  skip_final_snapshot           = true
}
`,
    },
  ],
  invalid: [
    {
      name: 'no final snapshot, no deletion protection, automated backups deleted by default',
      code: instance(SKIP),
      errors: [
        {
          messageId: 'noWayBack',
          severity: 'warning',
          data: {
            kind: 'DB instance',
            missing:
              'no final snapshot is taken (skip_final_snapshot = true), deletion protection is off (deletion_protection is not set) and the automated backups are deleted with it (delete_automated_backups defaults to true)',
          },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 29,
          suggestions: [
            { messageId: 'enableDeletionProtection', output: instance(`${SKIP}\n  deletion_protection = true`) },
            { messageId: 'takeFinalSnapshot', output: instance('  skip_final_snapshot = false\n  final_snapshot_identifier = "orders-prod-final"') },
          ],
        },
      ],
    },
    {
      name: 'backup_retention_period = 0 leaves no automated backups to keep',
      code: instance(`${SKIP}\n  deletion_protection      = false\n  delete_automated_backups = false\n  backup_retention_period  = 0`),
      errors: [
        {
          messageId: 'noWayBack',
          data: {
            missing:
              'no final snapshot is taken (skip_final_snapshot = true), deletion protection is off (deletion_protection = false) and there are no automated backups (backup_retention_period = 0)',
            kind: 'DB instance',
          },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'enableDeletionProtection',
              output: instance(`${SKIP}\n  deletion_protection      = true\n  delete_automated_backups = false\n  backup_retention_period  = 0`),
            },
            {
              messageId: 'takeFinalSnapshot',
              output: instance(
                `  skip_final_snapshot = false\n  deletion_protection      = false\n  delete_automated_backups = false\n  backup_retention_period  = 0\n  final_snapshot_identifier = "orders-prod-final"`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'an Aurora cluster, its final snapshot already named',
      code: cluster(`  master_password           = "change-me-please"\n${SKIP}\n  final_snapshot_identifier = "ledger-final"`),
      errors: [
        {
          messageId: 'noWayBack',
          data: {
            kind: 'DB cluster',
            missing:
              'no final snapshot is taken (skip_final_snapshot = true), deletion protection is off (deletion_protection is not set) and the automated backups are deleted with it (delete_automated_backups defaults to true)',
          },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'enableDeletionProtection',
              output: cluster(
                `  master_password           = "change-me-please"\n${SKIP}\n  final_snapshot_identifier = "ledger-final"\n  deletion_protection = true`,
              ),
            },
            {
              messageId: 'keepFinalSnapshot',
              output: cluster(`  master_password           = "change-me-please"\n  skip_final_snapshot = false\n  final_snapshot_identifier = "ledger-final"`),
            },
          ],
        },
      ],
    },
    {
      name: 'deletion protection from a variable without a value is only info',
      code: instance(`${SKIP}\n  deletion_protection = var.protect`),
      files: { 'variables.tf': 'variable "protect" {\n  type = bool\n}\n' },
      errors: [
        {
          messageId: 'cannotVerify',
          severity: 'info',
          data: {
            unknown: 'deletion_protection (var.protect)',
            kind: 'DB instance',
            missing: ', the automated backups are deleted with it (delete_automated_backups defaults to true)',
          },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'takeFinalSnapshot',
              output: instance(`  skip_final_snapshot = false\n  deletion_protection = var.protect\n  final_snapshot_identifier = "orders-prod-final"`),
            },
          ],
        },
      ],
    },
    {
      name: 'skip_final_snapshot through a variable default: reported, no edit offered',
      code: instance('  skip_final_snapshot = var.skip_final_snapshot'),
      files: { 'variables.tf': 'variable "skip_final_snapshot" {\n  type    = bool\n  default = true\n}\n' },
      errors: [{ messageId: 'noWayBack', severity: 'warning', line: 6, column: 25, endLine: 6, endColumn: 48 }],
    },
    {
      name: 'without an identifier the final snapshot is named after the resource',
      code: `resource "aws_db_instance" "billing_db" {
  engine              = "mysql"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 20
  skip_final_snapshot = true
}
`,
      errors: [
        {
          messageId: 'noWayBack',
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'enableDeletionProtection',
              output: `resource "aws_db_instance" "billing_db" {
  engine              = "mysql"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 20
  skip_final_snapshot = true
  deletion_protection = true
}
`,
            },
            {
              messageId: 'takeFinalSnapshot',
              output: `resource "aws_db_instance" "billing_db" {
  engine                    = "mysql"
  instance_class            = "db.t4g.medium"
  allocated_storage         = 20
  skip_final_snapshot       = false
  final_snapshot_identifier = "billing-db-final"
}
`,
            },
          ],
        },
      ],
    },
  ],
});
