import rule from '../../rules/aws-lambda-stream-unbounded-retry';
import { ruleTester } from '../support/rule-tester';

const STREAM = 'resource "aws_kinesis_stream" "orders" {\n  name        = "orders"\n  shard_count = 1\n}\n';

/** A Kinesis mapping; `lines` follow the three fixed arguments. */
const mapping = (lines = '', source = 'aws_kinesis_stream.orders.arn'): string => `resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn  = ${source}
  function_name     = "orders-indexer"
  starting_position = "LATEST"${lines}
}
`;

const DESTINATION = '\n\n  destination_config {\n    on_failure {\n      destination_arn = "arn:aws:sqs:us-east-1:123456789012:orders-failed"\n    }\n  }';
const HEADER = { line: 6, column: 1, endLine: 6, endColumn: 52 };

/** What the suggestion makes of a mapping without limits or a destination. */
const FIXED = `${STREAM}
resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn       = aws_kinesis_stream.orders.arn
  function_name          = "orders-indexer"
  starting_position      = "LATEST"
  maximum_retry_attempts = 3

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.orders_failures.arn
    }
  }
}

resource "aws_sqs_queue" "orders_failures" {
  message_retention_seconds = 1209600
}
`;

ruleTester(rule, {
  valid: [
    { name: 'a retry limit and a destination', code: `${STREAM}\n${mapping(`\n  maximum_retry_attempts = 3${DESTINATION}`)}` },
    { name: 'a record age limit alone bounds retries', code: `${STREAM}\n${mapping('\n  maximum_record_age_in_seconds = 3600')}` },
    {
      name: 'a retry limit from a variable without a default (unknown)',
      code: `${STREAM}\n${mapping('\n  maximum_retry_attempts = var.retries')}`,
      files: { 'variables.tf': 'variable "retries" {\n  type = number\n}\n' },
    },
    {
      name: 'an SQS mapping is out of scope',
      code: 'resource "aws_sqs_queue" "orders" {\n  name = "orders"\n}\n\nresource "aws_lambda_event_source_mapping" "orders" {\n  event_source_arn = aws_sqs_queue.orders.arn\n  function_name    = "orders-indexer"\n}\n',
    },
    {
      name: 'a DynamoDB table ARN (not its stream) is not a stream source',
      code: 'resource "aws_lambda_event_source_mapping" "orders" {\n  event_source_arn  = "arn:aws:dynamodb:us-east-1:123456789012:table/orders"\n  function_name     = "orders-indexer"\n  starting_position = "LATEST"\n}\n',
    },
    {
      name: 'a source from a module output (unknown)',
      code: mapping('', 'module.streams.orders_arn'),
    },
  ],
  invalid: [
    {
      name: 'no limits and no destination',
      code: `${STREAM}\n${mapping()}`,
      errors: [
        { messageId: 'unboundedNoDestination', severity: 'warning', ...HEADER, suggestions: [{ messageId: 'limitRetriesAndRecordFailures', output: FIXED }] },
      ],
    },
    {
      name: 'explicit -1 limits with a destination underline the retry setting',
      code: `${STREAM}\n${mapping(`\n  maximum_retry_attempts        = -1\n  maximum_record_age_in_seconds = -1${DESTINATION}`)}`,
      errors: [
        {
          messageId: 'unbounded',
          line: 10,
          column: 35,
          endLine: 10,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'limitRetries',
              output: `${STREAM}\n${mapping(`\n  maximum_retry_attempts        = 3\n  maximum_record_age_in_seconds = -1${DESTINATION}`)}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a DynamoDB stream through a local, limits from tfvars',
      code: `resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  hash_key         = "id"
  billing_mode     = "PAY_PER_REQUEST"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"

  attribute {
    name = "id"
    type = "S"
  }
}

locals {
  orders_stream = aws_dynamodb_table.orders.stream_arn
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn       = local.orders_stream
  function_name          = "orders-indexer"
  starting_position      = "LATEST"
  maximum_retry_attempts = var.retries
}
`,
      files: { 'variables.tf': 'variable "retries" {\n  type    = number\n  default = 2\n}\n', 'prod.auto.tfvars': 'retries = -1\n' },
      errors: [
        {
          messageId: 'unboundedNoDestination',
          line: 22,
          column: 28,
          endLine: 22,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'limitRetriesAndRecordFailures',
              output: `resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  hash_key         = "id"
  billing_mode     = "PAY_PER_REQUEST"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"

  attribute {
    name = "id"
    type = "S"
  }
}

locals {
  orders_stream = aws_dynamodb_table.orders.stream_arn
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn       = local.orders_stream
  function_name          = "orders-indexer"
  starting_position      = "LATEST"
  maximum_retry_attempts = 3

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.orders_failures.arn
    }
  }
}

resource "aws_sqs_queue" "orders_failures" {
  message_retention_seconds = 1209600
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a destination from an unknown variable: reported, but no suggestion',
      code: `${STREAM}\n${mapping('\n\n  destination_config {\n    on_failure {\n      destination_arn = var.failures_arn\n    }\n  }')}`,
      files: { 'variables.tf': 'variable "failures_arn" {\n  type = string\n}\n' },
      errors: [{ messageId: 'unbounded', ...HEADER }],
    },
    {
      name: 'a literal Kinesis ARN, mapping in another file, under for_each',
      files: {
        'mappings.tf': `resource "aws_lambda_event_source_mapping" "orders" {
  for_each          = toset(["indexer", "auditor"])
  event_source_arn  = "arn:aws:kinesis:us-east-1:123456789012:stream/orders"
  function_name     = "orders-\${each.key}"
  starting_position = "TRIM_HORIZON"
}
`,
      },
      errors: [
        {
          messageId: 'unboundedNoDestination',
          file: 'mappings.tf',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'limitRetriesAndRecordFailures',
              file: 'mappings.tf',
              output: `resource "aws_lambda_event_source_mapping" "orders" {
  for_each               = toset(["indexer", "auditor"])
  event_source_arn       = "arn:aws:kinesis:us-east-1:123456789012:stream/orders"
  function_name          = "orders-\${each.key}"
  starting_position      = "TRIM_HORIZON"
  maximum_retry_attempts = 3

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.orders_failures.arn
    }
  }
}

resource "aws_sqs_queue" "orders_failures" {
  message_retention_seconds = 1209600
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'no suggestion when the failure queue label is taken',
      code: `${STREAM}\n${mapping()}\nresource "aws_sqs_queue" "orders_failures" {\n  name = "something-else"\n}\n`,
      errors: [{ messageId: 'unboundedNoDestination', ...HEADER }],
    },
  ],
});
