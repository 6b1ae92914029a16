import rule from '../../rules/aws-sqs-no-dead-letter-queue';
import { ruleTester } from '../support/rule-tester';

/** A mapping that polls a queue for a function outside this module. */
const mapping = (label: string, source: string, extra = ''): string => `resource "aws_lambda_event_source_mapping" "${label}" {
  event_source_arn = ${source}
  function_name    = "jobs-worker"${extra}
}
`;

const JOBS = `resource "aws_sqs_queue" "jobs" {
  name                       = "background-jobs"
  visibility_timeout_seconds = 180
}
`;

const JOBS_FIXED = `resource "aws_sqs_queue" "jobs" {
  name                       = "background-jobs"
  visibility_timeout_seconds = 180
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "jobs_dlq" {
  name                      = "background-jobs-dlq"
  message_retention_seconds = 1209600
}
`;

const CONSUMER = mapping('jobs', 'aws_sqs_queue.jobs.arn');
const HEADER = { line: 1, column: 1, endLine: 1, endColumn: 32 };

const DLQ = `resource "aws_sqs_queue" "jobs_dlq" {
  name                      = "background-jobs-dlq"
  message_retention_seconds = 1209600
}
`;

const WITH_REDRIVE = (count: string): string => `resource "aws_sqs_queue" "jobs" {
  name = "background-jobs"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = ${count}
  })
}
`;

ruleTester(rule, {
  valid: [
    { name: 'an inline redrive policy', code: `${WITH_REDRIVE('5')}\n${DLQ}\n${CONSUMER}` },
    {
      name: 'a separate aws_sqs_queue_redrive_policy',
      code: `${JOBS}\n${DLQ}\nresource "aws_sqs_queue_redrive_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}
\n${CONSUMER}`,
    },
    { name: 'a queue nothing consumes in this module', code: JOBS },
    {
      name: 'a dead-letter queue drained by a reprocessing function',
      code: `${WITH_REDRIVE('5')}\n${DLQ}\n${mapping('replay', 'aws_sqs_queue.jobs_dlq.arn')}`,
    },
    {
      name: 'a queue with a redrive allow policy is a dead-letter queue',
      code: `resource "aws_sqs_queue" "jobs" {
  name = "background-jobs-dlq"
  redrive_allow_policy = jsonencode({
    redrivePermission = "allowAll"
  })
}
\n${CONSUMER}`,
    },
    {
      name: 'a Lambda dead-letter queue drained by a reprocessing function',
      code: `${JOBS}\nresource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "api.zip"

  dead_letter_config {
    target_arn = aws_sqs_queue.jobs.arn
  }
}
\n${CONSUMER}`,
    },
    {
      name: 'a redrive policy from a variable without a default (unknown) stays silent',
      code: `resource "aws_sqs_queue" "jobs" {
  name           = "background-jobs"
  redrive_policy = var.redrive_policy
}
\n${CONSUMER}`,
      files: { 'variables.tf': 'variable "redrive_policy" {\n  type = string\n}\n' },
    },
    {
      name: 'a redrive policy resource for a queue we cannot resolve may be this one',
      code: `${JOBS}\nresource "aws_sqs_queue_redrive_policy" "any" {
  queue_url      = var.queue_url
  redrive_policy = var.redrive_policy
}
\n${CONSUMER}`,
      files: { 'variables.tf': 'variable "queue_url" {\n  type = string\n}\n\nvariable "redrive_policy" {\n  type = string\n}\n' },
    },
    {
      name: 'redrive policy managed outside Terraform (ignore_changes)',
      code: `resource "aws_sqs_queue" "jobs" {
  name = "background-jobs"

  lifecycle {
    ignore_changes = [redrive_policy]
  }
}
\n${CONSUMER}`,
    },
    {
      name: 'the mapping polls a Kinesis stream',
      code: `${JOBS}\n${mapping('jobs', 'aws_kinesis_stream.events.arn')}\nresource "aws_kinesis_stream" "events" {\n  name = "events"\n}\n`,
    },
    {
      name: 'the mapping source comes from a variable (unknown)',
      code: `${JOBS}\n${mapping('jobs', 'var.queue_arn')}`,
      files: { 'variables.tf': 'variable "queue_arn" {\n  type = string\n}\n' },
    },
    {
      name: 'a queue created zero times',
      code: `resource "aws_sqs_queue" "jobs" {\n  count = 0\n  name  = "background-jobs"\n}\n\n${mapping('jobs', 'aws_sqs_queue.jobs[0].arn')}`,
    },
    {
      name: 'maxReceiveCount of 5 or more',
      code: `${WITH_REDRIVE('10')}\n${DLQ}\n${CONSUMER}`,
    },
    {
      name: 'a lint/role tag other than worker is not an opt-in',
      code: `resource "aws_sqs_queue" "jobs" {\n  name = "events"\n  tags = {\n    "lint/role" = "buffer"\n  }\n}\n`,
    },
  ],
  invalid: [
    {
      name: 'a consumed queue without a redrive policy',
      code: `${JOBS}\n${CONSUMER}`,
      errors: [
        {
          messageId: 'noRedrive',
          severity: 'warning',
          ...HEADER,
          data: { retention: '345600 s (4 days)' },
          suggestions: [{ messageId: 'addDeadLetterQueue', output: `${JOBS_FIXED}\n${CONSUMER}` }],
        },
      ],
    },
    {
      name: 'a redrive policy set to null',
      code: `resource "aws_sqs_queue" "jobs" {\n  name           = "background-jobs"\n  redrive_policy = null\n}\n\n${CONSUMER}`,
      errors: [
        {
          messageId: 'noRedrive',
          ...HEADER,
          suggestions: [
            {
              messageId: 'addDeadLetterQueue',
              output: `resource "aws_sqs_queue" "jobs" {
  name           = "background-jobs"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "jobs_dlq" {
  name                      = "background-jobs-dlq"
  message_retention_seconds = 1209600
}

${CONSUMER}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a redrive policy variable whose tfvars value is null, retention from an auto.tfvars',
      code: `resource "aws_sqs_queue" "jobs" {
  name                      = "background-jobs"
  message_retention_seconds = var.retention
  redrive_policy            = var.redrive_policy
}

${CONSUMER}`,
      files: {
        'variables.tf': 'variable "redrive_policy" {\n  type    = string\n  default = "{}"\n}\n\nvariable "retention" {\n  type = number\n}\n',
        'terraform.tfvars': 'redrive_policy = null\n',
        'queues.auto.tfvars': 'retention = 86400\n',
      },
      errors: [
        {
          messageId: 'noRedrive',
          ...HEADER,
          data: { retention: '86400 s (1 day)' },
          suggestions: [
            {
              messageId: 'addDeadLetterQueue',
              output: `resource "aws_sqs_queue" "jobs" {
  name                      = "background-jobs"
  message_retention_seconds = var.retention
  redrive_policy            = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "jobs_dlq" {
  name                      = "background-jobs-dlq"
  message_retention_seconds = 1209600
}

${CONSUMER}`,
            },
          ],
        },
      ],
    },
    {
      name: 'queue and consumer in different files, the source through a local',
      files: {
        'queues.tf': JOBS,
        'lambda.tf': `locals {\n  jobs_queue_arn = aws_sqs_queue.jobs.arn\n}\n\n${mapping('jobs', 'local.jobs_queue_arn')}`,
      },
      errors: [
        {
          messageId: 'noRedrive',
          file: 'queues.tf',
          ...HEADER,
          suggestions: [{ messageId: 'addDeadLetterQueue', file: 'queues.tf', output: JOBS_FIXED }],
        },
      ],
    },
    {
      name: 'queues and consumers under for_each: one finding, one shared dead-letter queue',
      code: `resource "aws_sqs_queue" "jobs" {
  for_each = toset(["email", "sms"])
  name     = "jobs-\${each.key}"
}

resource "aws_lambda_event_source_mapping" "jobs" {
  for_each         = aws_sqs_queue.jobs
  event_source_arn = aws_sqs_queue.jobs[each.key].arn
  function_name    = "jobs-worker"
}
`,
      errors: [
        {
          messageId: 'noRedrive',
          ...HEADER,
          suggestions: [
            {
              messageId: 'addDeadLetterQueue',
              output: `resource "aws_sqs_queue" "jobs" {
  for_each = toset(["email", "sms"])
  name     = "jobs-\${each.key}"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "jobs_dlq" {
  message_retention_seconds = 1209600
}

resource "aws_lambda_event_source_mapping" "jobs" {
  for_each         = aws_sqs_queue.jobs
  event_source_arn = aws_sqs_queue.jobs[each.key].arn
  function_name    = "jobs-worker"
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a FIFO queue gets a FIFO dead-letter queue',
      code: `resource "aws_sqs_queue" "jobs" {\n  name       = "orders.fifo"\n  fifo_queue = true\n}\n\n${CONSUMER}`,
      errors: [
        {
          messageId: 'noRedrive',
          ...HEADER,
          suggestions: [
            {
              messageId: 'addDeadLetterQueue',
              output: `resource "aws_sqs_queue" "jobs" {
  name       = "orders.fifo"
  fifo_queue = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "jobs_dlq" {
  name                      = "orders-dlq.fifo"
  fifo_queue                = true
  message_retention_seconds = 1209600
}

${CONSUMER}`,
            },
          ],
        },
      ],
    },
    {
      name: 'opted in with a lint/role = worker tag, no consumer in this module',
      code: `resource "aws_sqs_queue" "jobs" {\n  name = "background-jobs"\n  tags = {\n    "lint/role" = "worker"\n  }\n}\n`,
      errors: [
        {
          messageId: 'noRedrive',
          ...HEADER,
          suggestions: [
            {
              messageId: 'addDeadLetterQueue',
              output: `resource "aws_sqs_queue" "jobs" {\n  name = "background-jobs"\n  tags = {\n    "lint/role" = "worker"\n  }\n  redrive_policy = jsonencode({\n    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn\n    maxReceiveCount     = 5\n  })\n}\n\nresource "aws_sqs_queue" "jobs_dlq" {\n  name                      = "background-jobs-dlq"\n  message_retention_seconds = 1209600\n}\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'no suggestion when the dead-letter label is taken',
      code: `${JOBS}\nresource "aws_sqs_queue" "jobs_dlq" {\n  name = "something-else"\n}\n\n${CONSUMER}`,
      errors: [{ messageId: 'noRedrive', ...HEADER }],
    },
    {
      name: 'a low maxReceiveCount with a Lambda consumer is info',
      code: `${WITH_REDRIVE('2')}\n${DLQ}\n${CONSUMER}`,
      errors: [
        {
          messageId: 'lowMaxReceiveCount',
          severity: 'info',
          line: 5,
          column: 27,
          endLine: 5,
          endColumn: 28,
          data: { count: 2 },
          suggestions: [{ messageId: 'raiseMaxReceiveCount', output: `${WITH_REDRIVE('5')}\n${DLQ}\n${CONSUMER}` }],
        },
      ],
    },
    {
      name: 'a low maxReceiveCount in a heredoc policy points at the policy',
      code: `resource "aws_sqs_queue" "jobs" {
  name           = "background-jobs"
  redrive_policy = <<-EOT
    {"deadLetterTargetArn": "\${aws_sqs_queue.jobs_dlq.arn}", "maxReceiveCount": 1}
  EOT
}

${DLQ}\n${CONSUMER}`,
      errors: [{ messageId: 'lowMaxReceiveCount', severity: 'info', line: 3, column: 20, endLine: 5, endColumn: 6 }],
    },
  ],
});
