import rule from '../../rules/aws-lambda-async-events-dropped';
import { ruleTester } from '../support/rule-tester';

const fn = (extra = ''): string => `resource "aws_lambda_function" "ingest" {
  function_name = "ingest"
  role          = "arn:aws:iam::123456789012:role/ingest"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "ingest.zip"${extra}
}
`;

const permission = (principal: string, functionName = 'aws_lambda_function.ingest.function_name'): string => `resource "aws_lambda_permission" "events" {
  statement_id  = "events"
  action        = "lambda:InvokeFunction"
  function_name = ${functionName}
  principal     = "${principal}"
}
`;

const SNS = permission('sns.amazonaws.com');
const HEADER = { line: 1, column: 1, endLine: 1, endColumn: 40 };

/** What the suggestion adds after the function when it has no invoke config yet. */
const ADDED = `
resource "aws_lambda_function_event_invoke_config" "ingest" {
  function_name = aws_lambda_function.ingest.function_name

  destination_config {
    on_failure {
      destination = aws_sqs_queue.ingest_failed.arn
    }
  }
}

resource "aws_sqs_queue" "ingest_failed" {
  name                      = "ingest-failed"
  message_retention_seconds = 1209600
}
`;

const invokeConfig = (extra: string): string => `resource "aws_lambda_function_event_invoke_config" "ingest" {
  function_name = aws_lambda_function.ingest.function_name${extra}
}
`;

ruleTester(rule, {
  valid: [
    { name: 'API Gateway invokes synchronously', code: `${fn()}\n${permission('apigateway.amazonaws.com')}` },
    { name: 'no trigger in this module', code: fn() },
    {
      name: 'a dead-letter queue on the function',
      code: `${fn('\n\n  dead_letter_config {\n    target_arn = "arn:aws:sqs:us-east-1:123456789012:ingest-dlq"\n  }')}\n${SNS}`,
    },
    {
      name: 'an on-failure destination in the invoke config',
      code: `${fn()}\n${SNS}\n${invokeConfig('\n\n  destination_config {\n    on_failure {\n      destination = "arn:aws:sqs:us-east-1:123456789012:ingest-failed"\n    }\n  }')}`,
    },
    {
      name: 'an invoke config for a function we cannot resolve may be this one',
      code: `${fn()}\n${SNS}\nresource "aws_lambda_function_event_invoke_config" "other" {\n  function_name = var.function_name\n}\n`,
      files: { 'variables.tf': 'variable "function_name" {\n  type = string\n}\n' },
    },
    {
      name: 'a dynamic dead_letter_config with an unknown for_each',
      code: `${fn('\n\n  dynamic "dead_letter_config" {\n    for_each = var.dlq_arns\n    content {\n      target_arn = dead_letter_config.value\n    }\n  }')}\n${SNS}`,
      files: { 'variables.tf': 'variable "dlq_arns" {\n  type = list(string)\n}\n' },
    },
    {
      name: 'a principal from a variable without a default (unknown)',
      code: `${fn()}\nresource "aws_lambda_permission" "events" {\n  action        = "lambda:InvokeFunction"\n  function_name = aws_lambda_function.ingest.function_name\n  principal     = var.principal\n}\n`,
      files: { 'variables.tf': 'variable "principal" {\n  type = string\n}\n' },
    },
    {
      name: 'an SQS event source mapping polls, it does not invoke asynchronously',
      code: `${fn()}\nresource "aws_lambda_event_source_mapping" "queue" {\n  event_source_arn = "arn:aws:sqs:us-east-1:123456789012:ingest"\n  function_name    = aws_lambda_function.ingest.arn\n}\n`,
    },
    {
      name: 'an SNS subscription that delivers to a queue, not to the function',
      code: `${fn()}\nresource "aws_sns_topic_subscription" "queue" {\n  topic_arn = "arn:aws:sns:us-east-1:123456789012:events"\n  protocol  = "sqs"\n  endpoint  = "arn:aws:sqs:us-east-1:123456789012:ingest"\n}\n`,
    },
    { name: 'the permission is for another function', code: `${fn()}\n${permission('sns.amazonaws.com', '"someone-else"')}` },
    {
      name: 'a daily EventBridge rule: a schedule tick carries no data (target and permission, under count)',
      code: `resource "aws_lambda_function" "drill" {
  count         = var.enabled ? 1 : 0
  function_name = "alarm-drill"
  role          = "arn:aws:iam::123456789012:role/drill"
  runtime       = "python3.12"
  handler       = "drill.handler"
  filename      = "drill.zip"
}

resource "aws_cloudwatch_event_rule" "drill" {
  count               = var.enabled ? 1 : 0
  name                = "alarm-drill-daily"
  schedule_expression = "cron(0 14 * * ? *)"
}

resource "aws_cloudwatch_event_target" "drill" {
  count = var.enabled ? 1 : 0
  rule  = aws_cloudwatch_event_rule.drill[0].name
  arn   = aws_lambda_function.drill[0].arn
}

resource "aws_lambda_permission" "drill" {
  count         = var.enabled ? 1 : 0
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.drill[0].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.drill[0].arn
}
`,
      files: { 'variables.tf': 'variable "enabled" {\n  type    = bool\n  default = true\n}\n' },
    },
    {
      name: 'a recurring EventBridge Scheduler schedule',
      code: `${fn()}\nresource "aws_scheduler_schedule" "hourly" {
  schedule_expression = "rate(1 hour)"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.ingest.arn
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'an SNS-invoked function with nowhere to put failed events',
      code: `${fn()}\n${SNS}`,
      errors: [
        {
          messageId: 'eventsDropped',
          severity: 'warning',
          ...HEADER,
          data: { trigger: 'aws_lambda_permission.events', age: '' },
          suggestions: [{ messageId: 'addFailureDestination', output: `${fn()}${ADDED}\n${SNS}` }],
        },
      ],
    },
    {
      name: 'an invoke config with a short event age and no destination (age from terraform.tfvars)',
      code: `${fn()}\n${SNS}\n${invokeConfig('\n  maximum_event_age_in_seconds = var.max_age\n  maximum_retry_attempts       = 2')}`,
      files: { 'variables.tf': 'variable "max_age" {\n  type    = number\n  default = 21600\n}\n', 'terraform.tfvars': 'max_age = 900\n' },
      errors: [
        {
          messageId: 'eventsDroppedShortAge',
          ...HEADER,
          data: { age: '900 s (15 minutes)', trigger: 'aws_lambda_permission.events' },
          suggestions: [
            {
              messageId: 'addFailureDestination',
              output: `${fn()}
resource "aws_sqs_queue" "ingest_failed" {
  name                      = "ingest-failed"
  message_retention_seconds = 1209600
}
\n${SNS}\n${invokeConfig('\n  maximum_event_age_in_seconds = var.max_age\n  maximum_retry_attempts       = 2\n\n  destination_config {\n    on_failure {\n      destination = aws_sqs_queue.ingest_failed.arn\n    }\n  }')}`,
            },
          ],
        },
      ],
    },
    {
      name: 'an SNS subscription straight to the function',
      code: `${fn()}\nresource "aws_sns_topic_subscription" "ingest" {\n  topic_arn = "arn:aws:sns:us-east-1:123456789012:events"\n  protocol  = "lambda"\n  endpoint  = aws_lambda_function.ingest.arn\n}\n`,
      errors: [
        {
          messageId: 'eventsDropped',
          ...HEADER,
          data: { trigger: 'aws_sns_topic_subscription.ingest', age: '' },
          suggestions: [
            {
              messageId: 'addFailureDestination',
              output: `${fn()}${ADDED}\nresource "aws_sns_topic_subscription" "ingest" {\n  topic_arn = "arn:aws:sns:us-east-1:123456789012:events"\n  protocol  = "lambda"\n  endpoint  = aws_lambda_function.ingest.arn\n}\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'an EventBridge target in another file, through an alias',
      files: {
        'main.tf': `${fn()}\nresource "aws_lambda_alias" "live" {\n  name             = "live"\n  function_name    = aws_lambda_function.ingest.function_name\n  function_version = "1"\n}\n`,
        'events.tf': 'resource "aws_cloudwatch_event_target" "ingest" {\n  rule = "nightly"\n  arn  = aws_lambda_alias.live.arn\n}\n',
      },
      errors: [
        {
          messageId: 'eventsDropped',
          ...HEADER,
          data: { trigger: 'aws_cloudwatch_event_target.ingest', age: '' },
          suggestions: [
            {
              messageId: 'addFailureDestination',
              output: `${fn()}${ADDED}\nresource "aws_lambda_alias" "live" {\n  name             = "live"\n  function_name    = aws_lambda_function.ingest.function_name\n  function_version = "1"\n}\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'an S3 bucket notification',
      code: `${fn()}\nresource "aws_s3_bucket_notification" "uploads" {
  bucket = "uploads"

  lambda_function {
    lambda_function_arn = aws_lambda_function.ingest.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
`,
      errors: [
        {
          messageId: 'eventsDropped',
          ...HEADER,
          data: { trigger: 'aws_s3_bucket_notification.uploads', age: '' },
          suggestions: [
            {
              messageId: 'addFailureDestination',
              output: `${fn()}${ADDED}\nresource "aws_s3_bucket_notification" "uploads" {
  bucket = "uploads"

  lambda_function {
    lambda_function_arn = aws_lambda_function.ingest.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a one-off EventBridge Scheduler schedule with a payload, naming the function by its ARN',
      code: `${fn()}\nresource "aws_scheduler_schedule" "nightly" {
  schedule_expression = "at(2030-01-01T09:00:00)"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = "arn:aws:lambda:us-east-1:123456789012:function:ingest"
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
    input    = jsonencode({ invoice = "INV-1001" })
  }
}
`,
      errors: [
        {
          messageId: 'eventsDropped',
          ...HEADER,
          data: { trigger: 'aws_scheduler_schedule.nightly', age: '' },
          suggestions: [
            {
              messageId: 'addFailureDestination',
              output: `${fn()}${ADDED}\nresource "aws_scheduler_schedule" "nightly" {
  schedule_expression = "at(2030-01-01T09:00:00)"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = "arn:aws:lambda:us-east-1:123456789012:function:ingest"
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
    input    = jsonencode({ invoice = "INV-1001" })
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'functions and permissions under for_each: reported once, no suggestion',
      code: `locals {
  handlers = toset(["orders", "refunds"])
}

resource "aws_lambda_function" "handler" {
  for_each      = local.handlers
  function_name = each.key
  role          = "arn:aws:iam::123456789012:role/handler"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "\${each.key}.zip"
}

resource "aws_lambda_permission" "events" {
  for_each      = local.handlers
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.handler[each.key].function_name
  principal     = "events.amazonaws.com"
}
`,
      errors: [{ messageId: 'eventsDropped', line: 5, column: 1, endLine: 5, endColumn: 41 }],
    },
    {
      name: 'a permission naming the function through a local holding its name',
      code: `${fn()}\nlocals {\n  ingest_name = "ingest"\n}\n\nresource "aws_lambda_permission" "events" {
  statement_id  = "events"
  action        = "lambda:InvokeFunction"
  function_name = local.ingest_name
  principal     = "events.amazonaws.com"
}
`,
      errors: [
        {
          messageId: 'eventsDropped',
          ...HEADER,
          suggestions: [
            {
              messageId: 'addFailureDestination',
              output: `${fn()}${ADDED}\nlocals {\n  ingest_name = "ingest"\n}\n\nresource "aws_lambda_permission" "events" {
  statement_id  = "events"
  action        = "lambda:InvokeFunction"
  function_name = local.ingest_name
  principal     = "events.amazonaws.com"
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an EventBridge rule on an event pattern is a real event source',
      code: `${fn()}\nresource "aws_cloudwatch_event_rule" "orders" {
  name          = "order-placed"
  event_pattern = jsonencode({ source = ["shop.orders"] })
}

resource "aws_cloudwatch_event_target" "ingest" {
  rule = aws_cloudwatch_event_rule.orders.name
  arn  = aws_lambda_function.ingest.arn
}
`,
      errors: [
        {
          messageId: 'eventsDropped',
          ...HEADER,
          data: { trigger: 'aws_cloudwatch_event_target.ingest', age: '' },
          suggestions: [
            {
              messageId: 'addFailureDestination',
              output: `${fn()}${ADDED}\nresource "aws_cloudwatch_event_rule" "orders" {
  name          = "order-placed"
  event_pattern = jsonencode({ source = ["shop.orders"] })
}

resource "aws_cloudwatch_event_target" "ingest" {
  rule = aws_cloudwatch_event_rule.orders.name
  arn  = aws_lambda_function.ingest.arn
}
`,
            },
          ],
        },
      ],
    },
  ],
});
