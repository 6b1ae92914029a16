import rule from '../../rules/aws-rds-logical-replication-unbounded-wal';
import { ruleTester } from '../support/rule-tester';

const pgGroup = (body: string, family = '"postgres16"'): string => `resource "aws_db_parameter_group" "events" {
  name   = "events-pg16"
  family = ${family}

  parameter {
    name         = "rds.logical_replication"
    value        = "1"
    apply_method = "pending-reboot"
  }
${body}}
`;

const auroraGroup = (body = ''): string => `resource "aws_rds_cluster_parameter_group" "app" {
  name   = "app-aurora-pg16"
  family = "aurora-postgresql16"

  parameter {
    name         = "rds.logical_replication"
    value        = "1"
    apply_method = "pending-reboot"
  }
${body}}
`;

const BOUND = `
  parameter {
    name  = "max_slot_wal_keep_size"
    value = "51200"
  }
`;

const DB_INSTANCE = `resource "aws_db_instance" "events" {
  identifier                  = "events"
  engine                      = "postgres"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  username                    = "events"
  manage_master_user_password = true
  parameter_group_name        = aws_db_parameter_group.events.name
}
`;

const CLUSTER = `resource "aws_rds_cluster" "app" {
  cluster_identifier              = "app"
  engine                          = "aurora-postgresql"
  master_username                 = "app"
  manage_master_user_password     = true
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.app.name
}

resource "aws_rds_cluster_instance" "app" {
  count              = 2
  identifier         = "app-\${count.index}"
  cluster_identifier = aws_rds_cluster.app.id
  engine             = aws_rds_cluster.app.engine
  instance_class     = "db.r6g.large"
}
`;

const alarm = (metric: string, dimensions: string, extra = ''): string => `resource "aws_cloudwatch_metric_alarm" "watch" {
${extra}  alarm_name          = "db-watch"
  namespace           = "AWS/RDS"
  metric_name         = "${metric}"
  dimensions          = ${dimensions}
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 10737418240
  comparison_operator = "GreaterThanThreshold"
}
`;

// Line 7 of each group is `value = "1"` of rds.logical_replication: columns 20 to 23.
const AT_LOGICAL = { line: 7, column: 20, endLine: 7, endColumn: 23 };

ruleTester(rule, {
  valid: [
    { name: 'max_slot_wal_keep_size bounds the WAL', code: pgGroup(BOUND) },
    {
      name: 'the bound comes from a variable default',
      code: pgGroup('\n  parameter {\n    name  = "max_slot_wal_keep_size"\n    value = var.wal_keep_mb\n  }\n'),
      files: { 'variables.tf': 'variable "wal_keep_mb" {\n  type    = number\n  default = 40960\n}\n' },
    },
    {
      name: 'an auto.tfvars file sets the bound that the default leaves at -1',
      code: pgGroup('\n  parameter {\n    name  = "max_slot_wal_keep_size"\n    value = var.wal_keep_mb\n  }\n'),
      files: { 'variables.tf': 'variable "wal_keep_mb" {\n  type    = number\n  default = -1\n}\n', 'prod.auto.tfvars': 'wal_keep_mb = 20480\n' },
    },
    {
      name: 'a bound from a variable without a default is unknown',
      code: pgGroup('\n  parameter {\n    name  = "max_slot_wal_keep_size"\n    value = var.wal_keep_mb\n  }\n'),
      files: { 'variables.tf': 'variable "wal_keep_mb" {\n  type = number\n}\n' },
    },
    { name: 'logical replication off', code: pgGroup('').replace('value        = "1"', 'value        = "0"') },
    { name: 'PostgreSQL 12 has no max_slot_wal_keep_size', code: pgGroup('', '"postgres12"') },
    { name: 'a MySQL family', code: pgGroup('', '"mysql8.0"') },
    {
      name: 'the family from a variable without a default',
      code: pgGroup('', 'var.family'),
      files: { 'variables.tf': 'variable "family" {\n  type = string\n}\n' },
    },
    {
      name: 'more parameters from a dynamic block over an unknown collection may hold the bound',
      code: pgGroup(
        '\n  dynamic "parameter" {\n    for_each = var.extra\n    content {\n      name  = parameter.value.name\n      value = parameter.value.value\n    }\n  }\n',
      ),
      files: { 'variables.tf': 'variable "extra" {\n  type = list(object({ name = string, value = string }))\n}\n' },
    },
    {
      name: 'the value of rds.logical_replication is unknown',
      code: pgGroup('').replace('value        = "1"', 'value        = var.cdc'),
      files: { 'variables.tf': 'variable "cdc" {\n  type = string\n}\n' },
    },
    {
      name: 'Aurora with a slot-lag alarm on the cluster',
      code: auroraGroup(),
      files: {
        'cluster.tf': CLUSTER,
        'alarms.tf': alarm('OldestReplicationSlotLag', '{\n    DBClusterIdentifier = aws_rds_cluster.app.cluster_identifier\n  }'),
      },
    },
    {
      name: 'Aurora with an alarm per member instance under count',
      code: auroraGroup(),
      files: {
        'cluster.tf': CLUSTER,
        'alarms.tf': alarm(
          'TransactionLogsDiskUsage',
          '{\n    DBInstanceIdentifier = aws_rds_cluster_instance.app[count.index].identifier\n  }',
          '  count               = 2\n',
        ),
      },
    },
    {
      name: 'Aurora with an alarm named by a literal identifier',
      code: auroraGroup(),
      files: { 'cluster.tf': CLUSTER, 'alarms.tf': alarm('ReplicationSlotDiskUsage', '{\n    DBInstanceIdentifier = "app-1"\n  }') },
    },
    {
      name: 'Aurora with an alarm we cannot resolve stays quiet',
      code: auroraGroup(),
      files: {
        'cluster.tf': CLUSTER,
        'alarms.tf': alarm('OldestReplicationSlotLag', '{\n    DBClusterIdentifier = var.cluster_id\n  }'),
        'variables.tf': 'variable "cluster_id" {\n  type = string\n}\n',
      },
    },
    {
      name: 'Aurora with a metric-math alarm on slot lag',
      code: auroraGroup(),
      files: {
        'cluster.tf': CLUSTER,
        'alarms.tf':
          'resource "aws_cloudwatch_metric_alarm" "lag" {\n  alarm_name          = "app-slot-lag"\n  evaluation_periods  = 3\n  threshold           = 1\n  comparison_operator = "GreaterThanThreshold"\n\n  metric_query {\n    id          = "lag_gb"\n    expression  = "lag / 1073741824"\n    return_data = true\n  }\n\n  metric_query {\n    id = "lag"\n    metric {\n      namespace   = "AWS/RDS"\n      metric_name = "OldestReplicationSlotLag"\n      period      = 300\n      stat        = "Maximum"\n      dimensions = {\n        DBClusterIdentifier = aws_rds_cluster.app.id\n      }\n    }\n  }\n}\n',
      },
    },
    { name: 'an Aurora group that no cluster in this module uses', code: auroraGroup() },
    {
      name: 'logical replication in an Aurora instance group is for the other rule',
      code: pgGroup('', '"aurora-postgresql16"'),
    },
  ],
  invalid: [
    {
      name: 'RDS PostgreSQL without a bound, the group used nowhere in this module',
      code: pgGroup(''),
      errors: [{ messageId: 'unboundedWal', severity: 'warning', ...AT_LOGICAL }],
    },
    {
      name: 'RDS PostgreSQL without a bound and without an alarm for its instance',
      code: pgGroup(''),
      files: { 'db.tf': DB_INSTANCE },
      errors: [{ messageId: 'unboundedWalNoAlarm', severity: 'warning', ...AT_LOGICAL }],
    },
    {
      name: 'a FreeStorageSpace alarm for the instance is an alarm, but the bound is still missing',
      code: pgGroup(''),
      files: { 'db.tf': DB_INSTANCE, 'alarms.tf': alarm('FreeStorageSpace', '{\n    DBInstanceIdentifier = aws_db_instance.events.identifier\n  }') },
      errors: [{ messageId: 'unboundedWal', ...AT_LOGICAL }],
    },
    {
      name: 'an alarm on another database does not count',
      code: pgGroup(''),
      files: { 'db.tf': DB_INSTANCE, 'alarms.tf': alarm('OldestReplicationSlotLag', '{\n    DBInstanceIdentifier = "billing"\n  }') },
      errors: [{ messageId: 'unboundedWalNoAlarm', ...AT_LOGICAL }],
    },
    {
      name: 'an alarm on another metric does not count',
      code: pgGroup(''),
      files: { 'db.tf': DB_INSTANCE, 'alarms.tf': alarm('CPUUtilization', '{\n    DBInstanceIdentifier = aws_db_instance.events.identifier\n  }') },
      errors: [{ messageId: 'unboundedWalNoAlarm', ...AT_LOGICAL }],
    },
    {
      name: 'an alarm whose target we cannot resolve drops the missing-alarm remark',
      code: pgGroup(''),
      files: {
        'db.tf': DB_INSTANCE,
        'alarms.tf': alarm('OldestReplicationSlotLag', 'var.dimensions'),
        'variables.tf': 'variable "dimensions" {\n  type = map(string)\n}\n',
      },
      errors: [{ messageId: 'unboundedWal', ...AT_LOGICAL }],
    },
    {
      name: 'max_slot_wal_keep_size = -1 underlines the -1',
      code: pgGroup('\n  parameter {\n    name  = "max_slot_wal_keep_size"\n    value = "-1"\n  }\n'),
      errors: [{ messageId: 'unboundedWal', line: 13, column: 13, endLine: 13, endColumn: 17 }],
    },
    {
      name: 'logical replication turned on through terraform.tfvars',
      code: pgGroup('').replace('value        = "1"', 'value        = var.cdc'),
      files: { 'variables.tf': 'variable "cdc" {\n  type    = string\n  default = "0"\n}\n', 'terraform.tfvars': 'cdc = "1"\n' },
      errors: [{ messageId: 'unboundedWal', line: 7, column: 20, endLine: 7, endColumn: 27 }],
    },
    {
      name: 'the family through a local, and the parameter group used by a reference with a name',
      code: pgGroup('', 'local.family'),
      files: {
        'locals.tf': 'locals {\n  family = "postgres${15 + 1}"\n}\n',
        'db.tf': DB_INSTANCE.replace('aws_db_parameter_group.events.name', '"events-pg16"'),
      },
      errors: [{ messageId: 'unboundedWalNoAlarm', ...AT_LOGICAL }],
    },
    {
      name: 'parameters from a dynamic block over a local map',
      code: 'resource "aws_db_parameter_group" "events" {\n  name   = "events-pg16"\n  family = "postgres16"\n\n  dynamic "parameter" {\n    for_each = local.parameters\n    content {\n      name         = parameter.key\n      value        = parameter.value\n      apply_method = "pending-reboot"\n    }\n  }\n}\n',
      files: { 'locals.tf': 'locals {\n  parameters = {\n    "rds.logical_replication" = "1"\n    "max_wal_senders"         = "20"\n  }\n}\n' },
      errors: [{ messageId: 'unboundedWal', line: 9, column: 22, endLine: 9, endColumn: 37 }],
    },
    {
      name: 'a parameter group per environment under for_each is reported once',
      code: 'resource "aws_db_parameter_group" "events" {\n  for_each = toset(["staging", "production"])\n  name     = "events-${each.key}"\n  family   = "postgres17"\n\n  parameter {\n    name         = "rds.logical_replication"\n    value        = 1\n    apply_method = "pending-reboot"\n  }\n}\n',
      errors: [{ messageId: 'unboundedWal', line: 8, column: 20, endLine: 8, endColumn: 21 }],
    },
    {
      name: 'Aurora without a slot alarm is info',
      code: auroraGroup(),
      files: { 'cluster.tf': CLUSTER, 'alarms.tf': alarm('CPUUtilization', '{\n    DBClusterIdentifier = aws_rds_cluster.app.id\n  }') },
      errors: [{ messageId: 'auroraNoSlotAlarm', severity: 'info', ...AT_LOGICAL }],
    },
    {
      name: 'Aurora with a slot alarm on an instance of another cluster',
      code: auroraGroup(),
      files: { 'cluster.tf': CLUSTER, 'alarms.tf': alarm('OldestReplicationSlotLag', '{\n    DBInstanceIdentifier = "reports-0"\n  }') },
      errors: [{ messageId: 'auroraNoSlotAlarm', severity: 'info', ...AT_LOGICAL }],
    },
    {
      name: 'a Multi-AZ DB cluster group of RDS PostgreSQL is held to the bound',
      code: auroraGroup().replace('"aurora-postgresql16"', '"postgres16"'),
      errors: [{ messageId: 'unboundedWal', severity: 'warning', ...AT_LOGICAL }],
    },
  ],
});
