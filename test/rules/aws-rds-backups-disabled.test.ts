import rule from '../../rules/aws-rds-backups-disabled';
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

const NO_BACKUPS = '  backup_retention_period = 0';

/** An application that reads the database's endpoint. */
const APP = `
resource "aws_ssm_parameter" "orders_db_host" {
  name  = "/orders/db/host"
  type  = "String"
  value = aws_db_instance.orders.address
}
`;

ruleTester(rule, {
  valid: [
    { name: 'backups kept a week, used by an application', code: instance('  backup_retention_period = 7') + APP },
    { name: 'backup_retention_period not set: RDS keeps one day', code: instance('') + APP },
    { name: 'no backups, but nothing in the configuration uses it', code: instance(NO_BACKUPS) },
    {
      name: 'no backups, watched by an alarm only',
      code:
        instance(NO_BACKUPS) +
        `
resource "aws_cloudwatch_metric_alarm" "orders_cpu" {
  alarm_name          = "orders-db-cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = "CPUUtilization"
  namespace           = "AWS/RDS"
  period              = 60
  statistic           = "Average"
  threshold           = 80
  dimensions = {
    DBInstanceIdentifier = aws_db_instance.orders.identifier
  }
}
`,
    },
    {
      name: 'a read replica without backups of its own',
      code:
        instance('  backup_retention_period = 7') +
        '\n' +
        instance(`  replicate_source_db = aws_db_instance.orders.identifier\n${NO_BACKUPS}`, 'orders_replica') +
        APP.replace('aws_db_instance.orders.address', 'aws_db_instance.orders_replica.address'),
    },
    {
      name: 'the retention from a variable without a value',
      code: instance('  backup_retention_period = var.retention') + APP,
      files: { 'variables.tf': 'variable "retention" {\n  type = number\n}\n' },
    },
    {
      name: 'its user is switched off (count = 0)',
      code: instance(NO_BACKUPS) + APP.replace('  name  = "/orders/db/host"', '  count = 0\n  name  = "/orders/db/host"'),
    },
  ],
  invalid: [
    {
      name: 'no backups on a database an application reads',
      code: instance(NO_BACKUPS) + APP,
      errors: [
        {
          messageId: 'noBackups',
          severity: 'warning',
          data: { dependents: 'aws_ssm_parameter.orders_db_host' },
          line: 6,
          column: 29,
          endLine: 6,
          endColumn: 30,
          suggestions: [{ messageId: 'keepBackups', output: instance('  backup_retention_period = 7') + APP }],
        },
      ],
    },
    {
      name: 'used through a local value, by a module call',
      code:
        instance(NO_BACKUPS) +
        `
locals {
  database_url = "postgres://\${aws_db_instance.orders.endpoint}/orders"
}

module "api" {
  source       = "./api"
  database_url = local.database_url
}
`,
      files: { 'api/main.tf': 'variable "database_url" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'noBackups',
          data: { dependents: 'module.api' },
          line: 6,
          column: 29,
          endLine: 6,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'keepBackups',
              output:
                instance('  backup_retention_period = 7') +
                `
locals {
  database_url = "postgres://\${aws_db_instance.orders.endpoint}/orders"
}

module "api" {
  source       = "./api"
  database_url = local.database_url
}
`,
              // The validate harness writes the module's own folder only, not ./api.
              validate: false,
            },
          ],
        },
      ],
    },
    {
      name: 'the retention from a variable default: reported, no edit offered',
      code: instance('  backup_retention_period = var.retention') + APP,
      files: { 'variables.tf': 'variable "retention" {\n  type    = number\n  default = 0\n}\n' },
      errors: [{ messageId: 'noBackups', line: 6, column: 29, endLine: 6, endColumn: 42 }],
    },
    {
      name: 'a DB cluster cannot turn its backups off',
      code: `resource "aws_rds_cluster" "ledger" {
  cluster_identifier      = "ledger"
  engine                  = "aurora-postgresql"
  master_username         = "ledger"
  master_password         = "change-me-please"
  backup_retention_period = 0
}
`,
      errors: [
        {
          messageId: 'clusterMinimum',
          severity: 'info',
          line: 6,
          column: 29,
          endLine: 6,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'keepBackups',
              output: `resource "aws_rds_cluster" "ledger" {
  cluster_identifier      = "ledger"
  engine                  = "aurora-postgresql"
  master_username         = "ledger"
  master_password         = "change-me-please"
  backup_retention_period = 7
}
`,
            },
          ],
        },
      ],
    },
  ],
});
