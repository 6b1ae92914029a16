import rule from '../../rules/aws-kms-short-deletion-window';
import { ruleTester } from '../support/rule-tester';

// A key used by a database inside a called module: test/core/module-instances.test.ts (kms-key-for-child-database).

const key = (window: string): string => `resource "aws_kms_key" "data" {
  description             = "Customer data"
  enable_key_rotation     = true
  deletion_window_in_days = ${window}
}
`;

const DATABASE = `
resource "aws_db_instance" "orders" {
  identifier        = "orders-prod"
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  allocated_storage = 100
  storage_encrypted = true
  kms_key_id        = aws_kms_key.data.arn
}
`;

const VOLUME = `
resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = aws_kms_key.data.arn
}
`;

const BUCKET_ENCRYPTION = `
resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = "acme-uploads"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_alias.data.arn
    }
  }
}

resource "aws_kms_alias" "data" {
  name          = "alias/customer-data"
  target_key_id = aws_kms_key.data.key_id
}
`;

ruleTester(rule, {
  valid: [
    { name: 'the default window (30 days)', code: key('30') + DATABASE },
    { name: 'a 14-day window', code: key('14') + DATABASE },
    {
      name: 'a 7-day key that encrypts nothing stateful',
      code: key('7') + '\nresource "aws_kms_alias" "data" {\n  name          = "alias/signing"\n  target_key_id = aws_kms_key.data.key_id\n}\n',
    },
    {
      name: 'a window from a variable without a value',
      code: key('var.window') + DATABASE,
      files: { 'variables.tf': 'variable "window" {\n  type = number\n}\n' },
    },
    {
      name: 'a key whose ARN is passed in as a variable without a value',
      code: DATABASE.replace('aws_kms_key.data.arn', 'var.kms_key_arn'),
      files: { 'variables.tf': 'variable "kms_key_arn" {\n  type = string\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'a 7-day key that encrypts a database',
      code: key('7') + DATABASE,
      errors: [
        {
          messageId: 'shortWindow',
          severity: 'warning',
          data: { users: 'aws_db_instance.orders' },
          line: 4,
          column: 29,
          endLine: 4,
          endColumn: 30,
          suggestions: [{ messageId: 'longerWindow', output: key('30') + DATABASE }],
        },
      ],
    },
    {
      name: 'one finding for a key that encrypts a volume and, through an alias, a bucket',
      code: key('7') + VOLUME + BUCKET_ENCRYPTION,
      errors: [
        {
          messageId: 'shortWindow',
          data: { users: 'aws_ebs_volume.scratch and aws_s3_bucket_server_side_encryption_configuration.uploads' },
          line: 4,
          column: 29,
          endLine: 4,
          endColumn: 30,
          suggestions: [{ messageId: 'longerWindow', output: key('30') + VOLUME + BUCKET_ENCRYPTION }],
        },
      ],
    },
    {
      name: 'a DynamoDB table under count',
      code:
        key('7') +
        `
resource "aws_dynamodb_table" "events" {
  count        = 2
  name         = "events-\${count.index}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "Id"

  attribute {
    name = "Id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}
`,
      errors: [
        {
          messageId: 'shortWindow',
          data: { users: 'aws_dynamodb_table.events[0] and aws_dynamodb_table.events[1]' },
          line: 4,
          column: 29,
          endLine: 4,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'longerWindow',
              output:
                key('30') +
                `
resource "aws_dynamodb_table" "events" {
  count        = 2
  name         = "events-\${count.index}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "Id"

  attribute {
    name = "Id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'the window from a variable default: reported, no edit offered',
      code: key('var.window') + DATABASE,
      files: { 'variables.tf': 'variable "window" {\n  type    = number\n  default = 7\n}\n' },
      errors: [{ messageId: 'shortWindow', line: 4, column: 29, endLine: 4, endColumn: 39 }],
    },
  ],
});
