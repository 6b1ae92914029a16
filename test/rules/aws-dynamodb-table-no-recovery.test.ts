import rule from '../../rules/aws-dynamodb-table-no-recovery';
import { ruleTester } from '../support/rule-tester';

/** An orders table; `lines` go after the key attribute. */
const table = (lines: string, name = '"orders"'): string => `resource "aws_dynamodb_table" "orders" {
  name         = ${name}
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "OrderId"

  attribute {
    name = "OrderId"
    type = "S"
  }
${lines}}
`;

const PITR = '\n  point_in_time_recovery {\n    enabled = true\n  }\n';

ruleTester(rule, {
  valid: [
    { name: 'point-in-time recovery on', code: table(PITR) },
    { name: 'deletion protection on', code: table('  deletion_protection_enabled = true\n') },
    { name: 'Terraform refuses to destroy it', code: table('\n  lifecycle {\n    prevent_destroy = true\n  }\n') },
    {
      name: 'a Terraform state lock table has nothing to recover',
      code: `resource "aws_dynamodb_table" "terraform_locks" {
  name         = "terraform-locks"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}
`,
    },
    {
      name: 'point-in-time recovery through a dynamic block with a known collection',
      code: table('\n  dynamic "point_in_time_recovery" {\n    for_each = [true]\n    content {\n      enabled = point_in_time_recovery.value\n    }\n  }\n'),
    },
    {
      name: 'an AWS Backup selection names the table',
      code:
        table('') +
        `
resource "aws_backup_selection" "orders" {
  name         = "orders"
  plan_id      = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = [aws_dynamodb_table.orders.arn]
}
`,
    },
  ],
  invalid: [
    {
      name: 'neither point-in-time recovery nor deletion protection',
      code: table(''),
      errors: [
        {
          messageId: 'noRecovery',
          severity: 'warning',
          data: {
            table: 'the DynamoDB table "orders"',
            missing: 'point-in-time recovery is off (no point_in_time_recovery block) and deletion protection is off',
          },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 39,
          suggestions: [
            { messageId: 'enablePointInTimeRecovery', output: table(PITR) },
            {
              messageId: 'enableDeletionProtection',
              output: table('').replace(
                '  name         = "orders"\n  billing_mode = "PAY_PER_REQUEST"\n  hash_key     = "OrderId"\n',
                '  name                        = "orders"\n  billing_mode                = "PAY_PER_REQUEST"\n  hash_key                    = "OrderId"\n  deletion_protection_enabled = true\n',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'point-in-time recovery written out but off, deletion protection off',
      code: table('  deletion_protection_enabled = false\n\n  point_in_time_recovery {\n    enabled = false\n  }\n'),
      errors: [
        {
          messageId: 'noRecovery',
          data: {
            missing: 'point-in-time recovery is off (enabled = false) and deletion protection is off (deletion_protection_enabled = false)',
            table: 'the DynamoDB table "orders"',
          },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'enablePointInTimeRecovery',
              output: table('  deletion_protection_enabled = false\n\n  point_in_time_recovery {\n    enabled = true\n  }\n'),
            },
            {
              messageId: 'enableDeletionProtection',
              output: table('  deletion_protection_enabled = true\n\n  point_in_time_recovery {\n    enabled = false\n  }\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'deletion protection from a variable without a value is only info',
      code: table('  deletion_protection_enabled = var.protect\n', 'var.table_name'),
      files: { 'variables.tf': 'variable "protect" {\n  type = bool\n}\n\nvariable "table_name" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'cannotVerify',
          severity: 'info',
          data: {
            table: 'this DynamoDB table',
            unknown: 'deletion_protection_enabled (var.protect)',
            missing: 'point-in-time recovery is off (no point_in_time_recovery block)',
          },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 39,
          suggestions: [{ messageId: 'enablePointInTimeRecovery', output: table('  deletion_protection_enabled = var.protect\n' + PITR, 'var.table_name') }],
        },
      ],
    },
    {
      name: 'a lock-style hash key with a range key is an ordinary table',
      code: `resource "aws_dynamodb_table" "jobs" {
  name      = "jobs"
  hash_key  = "LockID"
  range_key = "RunAt"

  attribute {
    name = "LockID"
    type = "S"
  }

  attribute {
    name = "RunAt"
    type = "N"
  }

  read_capacity  = 5
  write_capacity = 5
}
`,
      errors: [
        {
          messageId: 'noRecovery',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'enablePointInTimeRecovery',
              output: `resource "aws_dynamodb_table" "jobs" {
  name      = "jobs"
  hash_key  = "LockID"
  range_key = "RunAt"

  attribute {
    name = "LockID"
    type = "S"
  }

  attribute {
    name = "RunAt"
    type = "N"
  }

  read_capacity  = 5
  write_capacity = 5

  point_in_time_recovery {
    enabled = true
  }
}
`,
            },
            {
              messageId: 'enableDeletionProtection',
              output: `resource "aws_dynamodb_table" "jobs" {
  name      = "jobs"
  hash_key  = "LockID"
  range_key = "RunAt"

  attribute {
    name = "LockID"
    type = "S"
  }

  attribute {
    name = "RunAt"
    type = "N"
  }

  read_capacity               = 5
  write_capacity              = 5
  deletion_protection_enabled = true
}
`,
            },
          ],
        },
      ],
    },
  ],
});
