import rule from '../../rules/aws-rds-static-parameter-immediate';
import { ruleTester } from '../support/rule-tester';

/** A parameter group of one type and family with the given body lines (indented by two). */
const group = (type: string, family: string, body: string): string => `resource "${type}" "app" {
  name   = "app-params"
  family = ${family}

${body}
}
`;

const clusterGroup = (body: string): string => group('aws_rds_cluster_parameter_group', '"aurora-postgresql16"', body);
const dbGroup = (body: string, family = '"postgres16"'): string => group('aws_db_parameter_group', family, body);

const LOGICAL_DEFAULT = `  parameter {
    name  = "rds.logical_replication"
    value = "1"
  }`;

const LOGICAL_PENDING = `  parameter {
    name         = "rds.logical_replication"
    value        = "1"
    apply_method = "pending-reboot"
  }`;

const usePendingReboot = (output: string) => ({ messageId: 'usePendingReboot', output });

ruleTester(rule, {
  valid: [
    { name: 'static parameter with pending-reboot (cluster group)', code: clusterGroup(LOGICAL_PENDING) },
    {
      name: 'static parameter with pending-reboot (instance group)',
      code: dbGroup(LOGICAL_PENDING.replace('rds.logical_replication', 'shared_preload_libraries').replace('"1"', '"pg_stat_statements"')),
    },
    {
      name: 'a dynamic parameter may apply immediately',
      code: dbGroup('  parameter {\n    name         = "log_min_duration_statement"\n    value        = "500"\n    apply_method = "immediate"\n  }'),
    },
    {
      name: 'max_connections is dynamic in MySQL',
      code: dbGroup('  parameter {\n    name  = "max_connections"\n    value = "500"\n  }', '"mysql8.0"'),
    },
    {
      name: 'max_connections with an unknown family may be MySQL',
      code: dbGroup('  parameter {\n    name  = "max_connections"\n    value = "500"\n  }', 'var.family'),
      files: { 'variables.tf': 'variable "family" {\n  type = string\n}\n' },
    },
    {
      name: 'apply_method from a variable without a default is unknown',
      code: clusterGroup('  parameter {\n    name         = "rds.logical_replication"\n    value        = "1"\n    apply_method = var.apply_method\n  }'),
      files: { 'variables.tf': 'variable "apply_method" {\n  type = string\n}\n' },
    },
    {
      name: 'terraform.tfvars switches the method to pending-reboot',
      code: clusterGroup('  parameter {\n    name         = "max_replication_slots"\n    value        = "20"\n    apply_method = var.apply_method\n  }'),
      files: {
        'variables.tf': 'variable "apply_method" {\n  type    = string\n  default = "immediate"\n}\n',
        'terraform.tfvars': 'apply_method = "pending-reboot"\n',
      },
    },
    {
      name: 'a dynamic block over a variable without a default is not seen',
      code: dbGroup(
        '  dynamic "parameter" {\n    for_each = var.parameters\n    content {\n      name  = parameter.value.name\n      value = parameter.value.value\n    }\n  }',
      ),
      files: { 'variables.tf': 'variable "parameters" {\n  type = list(object({ name = string, value = string }))\n}\n' },
    },
    {
      name: 'a dynamic block whose static entries are pending-reboot',
      code: dbGroup(
        '  dynamic "parameter" {\n    for_each = local.parameters\n    content {\n      name         = parameter.key\n      value        = parameter.value.value\n      apply_method = parameter.value.apply_method\n    }\n  }',
      ),
      files: {
        'locals.tf':
          'locals {\n  parameters = {\n    "rds.logical_replication" = { value = "1", apply_method = "pending-reboot" }\n    "work_mem"                = { value = "65536", apply_method = "immediate" }\n  }\n}\n',
      },
    },
    {
      name: 'a parameter name we cannot evaluate',
      code: dbGroup('  parameter {\n    name  = var.name\n    value = "1"\n  }'),
      files: { 'variables.tf': 'variable "name" {\n  type = string\n}\n' },
    },
    {
      name: 'rds.logical_replication in the Aurora cluster group is the right level',
      code: clusterGroup(LOGICAL_PENDING),
      files: { 'other.tf': 'resource "aws_db_parameter_group" "instances" {\n  name   = "app-instances"\n  family = "aurora-postgresql16"\n}\n' },
    },
    {
      name: 'a parameter group under count with pending-reboot',
      code: 'resource "aws_db_parameter_group" "app" {\n  count  = 2\n  name   = "app-${count.index}"\n  family = "postgres15"\n\n  parameter {\n    name         = "max_wal_senders"\n    value        = "20"\n    apply_method = "pending-reboot"\n  }\n}\n',
    },
  ],
  invalid: [
    {
      name: 'the default apply method on a static parameter underlines the parameter block',
      code: clusterGroup(LOGICAL_DEFAULT),
      errors: [
        {
          messageId: 'staticDefaultImmediate',
          severity: 'error',
          data: { name: 'rds.logical_replication' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 12,
          suggestions: [usePendingReboot(clusterGroup(LOGICAL_PENDING))],
        },
      ],
    },
    {
      name: 'apply_method = "immediate" underlines the value',
      code: dbGroup('  parameter {\n    name         = "max_wal_senders"\n    value        = "25"\n    apply_method = "immediate"\n  }'),
      errors: [
        {
          messageId: 'staticImmediate',
          severity: 'error',
          line: 8,
          column: 20,
          endLine: 8,
          endColumn: 31,
          suggestions: [
            usePendingReboot(dbGroup('  parameter {\n    name         = "max_wal_senders"\n    value        = "25"\n    apply_method = "pending-reboot"\n  }')),
          ],
        },
      ],
    },
    {
      name: 'the parameter name comes through a local and the method through a variable default',
      code: dbGroup('  parameter {\n    name         = local.preload\n    value        = "pg_stat_statements"\n    apply_method = var.apply_method\n  }'),
      files: {
        'locals.tf': 'locals {\n  preload = "shared_preload_libraries"\n}\n',
        'variables.tf': 'variable "apply_method" {\n  type    = string\n  default = "immediate"\n}\n',
      },
      errors: [
        {
          messageId: 'staticImmediate',
          data: { name: 'shared_preload_libraries' },
          line: 8,
          column: 20,
          endLine: 8,
          endColumn: 36,
          suggestions: [
            usePendingReboot(
              dbGroup('  parameter {\n    name         = local.preload\n    value        = "pg_stat_statements"\n    apply_method = "pending-reboot"\n  }'),
            ),
          ],
        },
      ],
    },
    {
      name: 'an auto.tfvars file sets the method back to immediate',
      code: dbGroup('  parameter {\n    name         = "max_connections"\n    value        = "400"\n    apply_method = var.apply_method\n  }'),
      files: {
        'variables.tf': 'variable "apply_method" {\n  type    = string\n  default = "pending-reboot"\n}\n',
        'ops.auto.tfvars': 'apply_method = "immediate"\n',
      },
      errors: [
        {
          messageId: 'staticImmediate',
          line: 8,
          column: 20,
          endLine: 8,
          endColumn: 36,
          suggestions: [
            usePendingReboot(
              dbGroup('  parameter {\n    name         = "max_connections"\n    value        = "400"\n    apply_method = "pending-reboot"\n  }'),
            ),
          ],
        },
      ],
    },
    {
      name: 'a dynamic block over a local map: the value comes from the map, so no quick fix',
      code: dbGroup(
        '  dynamic "parameter" {\n    for_each = local.parameters\n    content {\n      name         = parameter.key\n      value        = parameter.value.value\n      apply_method = parameter.value.apply_method\n    }\n  }',
      ),
      files: {
        'locals.tf':
          'locals {\n  parameters = {\n    "max_worker_processes" = { value = "16", apply_method = "immediate" }\n    "work_mem"             = { value = "65536", apply_method = "immediate" }\n  }\n}\n',
      },
      errors: [{ messageId: 'staticImmediate', data: { name: 'max_worker_processes' }, line: 10, column: 22, endLine: 10, endColumn: 50 }],
    },
    {
      name: 'a dynamic block without apply_method underlines the dynamic block',
      code: clusterGroup(
        '  dynamic "parameter" {\n    for_each = var.parameters\n    content {\n      name  = parameter.value.name\n      value = parameter.value.value\n    }\n  }',
      ),
      files: {
        'variables.tf':
          'variable "parameters" {\n  type = list(object({ name = string, value = string }))\n  default = [\n    { name = "log_statement", value = "ddl" },\n    { name = "max_logical_replication_workers", value = "8" },\n  ]\n}\n',
      },
      errors: [{ messageId: 'staticDefaultImmediate', data: { name: 'max_logical_replication_workers' }, line: 5, column: 3, endLine: 5, endColumn: 22 }],
    },
    {
      name: 'a group under for_each is reported once',
      code: 'resource "aws_db_parameter_group" "app" {\n  for_each = toset(["blue", "green"])\n  name     = "app-${each.key}"\n  family   = "postgres16"\n\n  parameter {\n    name  = "track_activity_query_size"\n    value = "4096"\n  }\n}\n',
      errors: [
        {
          messageId: 'staticDefaultImmediate',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 12,
          suggestions: [
            usePendingReboot(
              'resource "aws_db_parameter_group" "app" {\n  for_each = toset(["blue", "green"])\n  name     = "app-${each.key}"\n  family   = "postgres16"\n\n  parameter {\n    name         = "track_activity_query_size"\n    value        = "4096"\n    apply_method = "pending-reboot"\n  }\n}\n',
            ),
          ],
        },
      ],
    },
    {
      name: 'an unknown family with a PostgreSQL-only name is a warning',
      code: dbGroup(LOGICAL_DEFAULT, 'var.family'),
      files: { 'variables.tf': 'variable "family" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'staticDefaultImmediate',
          severity: 'warning',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 12,
          suggestions: [usePendingReboot(dbGroup(LOGICAL_PENDING, 'var.family'))],
        },
      ],
    },
    {
      name: 'rds.logical_replication in an Aurora instance parameter group is at the wrong level',
      code: dbGroup(LOGICAL_PENDING, '"aurora-postgresql15"'),
      errors: [{ messageId: 'clusterOnlyParameter', severity: 'warning', line: 6, column: 20, endLine: 6, endColumn: 45 }],
    },
    {
      name: 'the parameter group in its own file of a multi-file module',
      files: {
        'params.tf': clusterGroup(LOGICAL_DEFAULT),
        'main.tf':
          'resource "aws_rds_cluster" "app" {\n  cluster_identifier              = "app"\n  engine                          = "aurora-postgresql"\n  master_username                 = "app"\n  manage_master_user_password     = true\n  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.app.name\n}\n',
      },
      errors: [
        {
          messageId: 'staticDefaultImmediate',
          file: 'params.tf',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 12,
          suggestions: [{ ...usePendingReboot(clusterGroup(LOGICAL_PENDING)), file: 'params.tf' }],
        },
      ],
    },
    {
      name: 'JSON syntax is reported without a quick fix',
      files: {
        'params.tf.json':
          '{\n  "resource": {\n    "aws_db_parameter_group": {\n      "app": {\n        "name": "app-params",\n        "family": "postgres16",\n        "parameter": [\n          { "name": "max_replication_slots", "value": "20", "apply_method": "immediate" }\n        ]\n      }\n    }\n  }\n}\n',
      },
      errors: [{ file: 'params.tf.json', messageId: 'staticImmediate', line: 8, column: 77, endLine: 8, endColumn: 88 }],
    },
    {
      name: 'two static parameters give two findings',
      code: clusterGroup(`${LOGICAL_DEFAULT}\n\n  parameter {\n    name  = "max_replication_slots"\n    value = "20"\n  }`),
      errors: [
        {
          messageId: 'staticDefaultImmediate',
          data: { name: 'rds.logical_replication' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 12,
          suggestions: [usePendingReboot(clusterGroup(`${LOGICAL_PENDING}\n\n  parameter {\n    name  = "max_replication_slots"\n    value = "20"\n  }`))],
        },
        {
          messageId: 'staticDefaultImmediate',
          data: { name: 'max_replication_slots' },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 12,
          suggestions: [
            usePendingReboot(
              clusterGroup(
                `${LOGICAL_DEFAULT}\n\n  parameter {\n    name         = "max_replication_slots"\n    value        = "20"\n    apply_method = "pending-reboot"\n  }`,
              ),
            ),
          ],
        },
      ],
    },
  ],
});
