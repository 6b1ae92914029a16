import rule from '../../rules/aws-sqs-dlq-retention-too-short';
import { ruleTester } from '../support/rule-tester';

const source = (extra = '', dlq = 'aws_sqs_queue.intake_dlq.arn'): string => `resource "aws_sqs_queue" "intake" {
  name = "intake"${extra}
  redrive_policy = jsonencode({
    deadLetterTargetArn = ${dlq}
    maxReceiveCount     = 5
  })
}
`;

const dlq = (body: string): string => `resource "aws_sqs_queue" "intake_dlq" {
${body}
}
`;

const DLQ_DEFAULT = dlq('  name = "intake-dlq"');
const DLQ_LONG = dlq('  name                      = "intake-dlq"\n  message_retention_seconds = 1209600');

ruleTester(rule, {
  valid: [
    { name: 'dead-letter queue keeps messages 14 days, source the default 4', code: `${DLQ_LONG}\n${source()}` },
    {
      name: 'a FIFO source restarts the clock in its dead-letter queue',
      code: `${DLQ_DEFAULT}\n${source('\n  fifo_queue = true').replace('"intake"', '"intake.fifo"')}`,
    },
    {
      name: 'fifo_queue from a variable without a default (unknown)',
      code: `${DLQ_DEFAULT}\n${source('\n  fifo_queue = var.fifo')}`,
      files: { 'variables.tf': 'variable "fifo" {\n  type = bool\n}\n' },
    },
    {
      name: 'dead-letter retention from a variable without a default (unknown)',
      code: `${dlq('  name                      = "intake-dlq"\n  message_retention_seconds = var.dlq_retention')}\n${source()}`,
      files: { 'variables.tf': 'variable "dlq_retention" {\n  type = number\n}\n' },
    },
    { name: 'a dead-letter queue outside this module (literal ARN)', code: source('', '"arn:aws:sqs:us-east-1:123456789012:shared-dlq"') },
    {
      name: 'a dead-letter queue ARN from a variable (unknown)',
      code: source('', 'var.dlq_arn'),
      files: { 'variables.tf': 'variable "dlq_arn" {\n  type = string\n}\n' },
    },
    { name: 'a shorter source retention than the default dead-letter queue', code: `${DLQ_DEFAULT}\n${source('\n  message_retention_seconds = 86400')}` },
    {
      name: 'a separate redrive policy resource pointing at a long dead-letter queue',
      code: `${DLQ_LONG}\nresource "aws_sqs_queue" "intake" {
  name = "intake"
}

resource "aws_sqs_queue_redrive_policy" "intake" {
  queue_url = aws_sqs_queue.intake.id
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.intake_dlq.arn
    maxReceiveCount     = 5
  })
}
`,
    },
    {
      name: 'a redrive policy set to null',
      code: `${DLQ_DEFAULT}\nresource "aws_sqs_queue" "intake" {\n  name           = "intake"\n  redrive_policy = null\n}\n`,
    },
    {
      name: 'a conditional between two dead-letter queues is not resolved',
      code: `${DLQ_DEFAULT}\nresource "aws_sqs_queue" "other_dlq" {\n  name = "other-dlq"\n}\n\n${source('', 'var.shared ? aws_sqs_queue.other_dlq.arn : aws_sqs_queue.intake_dlq.arn')}`,
      files: { 'variables.tf': 'variable "shared" {\n  type = bool\n}\n' },
    },
    {
      name: 'an SNS-fed queue that keeps messages for a day',
      code: `${DLQ_LONG}\n${source('\n  message_retention_seconds = 86400')}\nresource "aws_sns_topic_subscription" "intake" {
  topic_arn = "arn:aws:sns:us-east-1:123456789012:events"
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.intake.arn
}
`,
    },
    {
      name: 'for_each over another resource (keys unknown until apply) stays silent',
      code: `resource "aws_sqs_queue" "dlq" {
  for_each                  = var.tenants
  name                      = "dlq-\${each.key}"
  message_retention_seconds = each.value
}

resource "aws_sqs_queue" "tenant" {
  for_each = aws_sqs_queue.dlq
  name     = "tenant-\${each.key}"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = 5
  })
}
`,
      files: { 'variables.tf': 'variable "tenants" {\n  type = map(number)\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'both queues left at the default four days',
      code: `${DLQ_DEFAULT}\n${source()}`,
      errors: [
        {
          messageId: 'notLonger',
          severity: 'warning',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 38,
          data: { dlq: '345600 s (4 days)', source: '345600 s (4 days)' },
          suggestions: [{ messageId: 'keepFourteenDays', output: `${DLQ_LONG}\n${source()}` }],
        },
      ],
    },
    {
      name: 'equal literal retentions underline the dead-letter value',
      code: `${dlq('  name                      = "intake-dlq"\n  message_retention_seconds = 604800')}\n${source('\n  message_retention_seconds = 604800')}`,
      errors: [
        {
          messageId: 'notLonger',
          line: 3,
          column: 31,
          endLine: 3,
          endColumn: 37,
          data: { dlq: '604800 s (7 days)', source: '604800 s (7 days)' },
          suggestions: [{ messageId: 'keepFourteenDays', output: `${DLQ_LONG}\n${source('\n  message_retention_seconds = 604800')}` }],
        },
      ],
    },
    {
      name: 'a source at the 14-day maximum (from terraform.tfvars) cannot be outlived',
      code: `${DLQ_LONG}\n${source('\n  message_retention_seconds = var.retention')}`,
      files: {
        'variables.tf': 'variable "retention" {\n  type    = number\n  default = 345600\n}\n',
        'terraform.tfvars': 'retention = 1209600\n',
      },
      errors: [
        { messageId: 'sourceAtMaximum', line: 3, column: 31, endLine: 3, endColumn: 38, data: { source: '1209600 s (14 days)', dlq: '1209600 s (14 days)' } },
      ],
    },
    {
      name: 'a dead-letter retention from a local is reported without a suggestion',
      code: `locals {\n  dlq_retention = 3600\n}\n\n${dlq('  name                      = "intake-dlq"\n  message_retention_seconds = local.dlq_retention')}\n${source()}`,
      errors: [{ messageId: 'notLonger', line: 7, column: 31, endLine: 7, endColumn: 50, data: { dlq: '3600 s (1 hour)', source: '345600 s (4 days)' } }],
    },
    {
      name: 'the dead-letter queue in its own file',
      files: { 'dlq.tf': DLQ_DEFAULT, 'main.tf': source() },
      errors: [
        {
          messageId: 'notLonger',
          file: 'dlq.tf',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 38,
          suggestions: [{ messageId: 'keepFourteenDays', file: 'dlq.tf', output: DLQ_LONG }],
        },
      ],
    },
    {
      name: 'a separate aws_sqs_queue_redrive_policy',
      code: `${DLQ_DEFAULT}\nresource "aws_sqs_queue" "intake" {
  name = "intake"
}

resource "aws_sqs_queue_redrive_policy" "intake" {
  queue_url = aws_sqs_queue.intake.url
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.intake_dlq.arn
    maxReceiveCount     = 5
  })
}
`,
      errors: [
        {
          messageId: 'notLonger',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'keepFourteenDays',
              output: `${DLQ_LONG}\nresource "aws_sqs_queue" "intake" {
  name = "intake"
}

resource "aws_sqs_queue_redrive_policy" "intake" {
  queue_url = aws_sqs_queue.intake.url
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.intake_dlq.arn
    maxReceiveCount     = 5
  })
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'per-tenant queues under for_each: only the short instance is reported',
      code: `resource "aws_sqs_queue" "dlq" {
  for_each                  = local.tenants
  name                      = "dlq-\${each.key}"
  message_retention_seconds = each.value
}

resource "aws_sqs_queue" "tenant" {
  for_each = local.tenants
  name     = "tenant-\${each.key}"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = 5
  })
}

locals {
  tenants = { short = 60, long = 1209600 }
}
`,
      errors: [{ messageId: 'notLonger', line: 4, column: 31, endLine: 4, endColumn: 41, data: { dlq: '60 s (1 minute)', source: '345600 s (4 days)' } }],
    },
    {
      name: 'a heredoc redrive policy',
      code: `${DLQ_DEFAULT}\nresource "aws_sqs_queue" "intake" {
  name           = "intake"
  redrive_policy = <<EOF
{"deadLetterTargetArn": "\${aws_sqs_queue.intake_dlq.arn}", "maxReceiveCount": 5}
EOF
}
`,
      errors: [
        {
          messageId: 'notLonger',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'keepFourteenDays',
              output: `${DLQ_LONG}\nresource "aws_sqs_queue" "intake" {
  name           = "intake"
  redrive_policy = <<EOF
{"deadLetterTargetArn": "\${aws_sqs_queue.intake_dlq.arn}", "maxReceiveCount": 5}
EOF
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an SNS-fed ingress queue that keeps messages for an hour',
      code: `${DLQ_LONG}\n${source('\n  message_retention_seconds = 3600')}\nresource "aws_sns_topic_subscription" "intake" {
  topic_arn = "arn:aws:sns:us-east-1:123456789012:events"
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.intake.arn
}
`,
      errors: [{ messageId: 'shortIngressRetention', severity: 'info', line: 8, column: 31, endLine: 8, endColumn: 35, data: { source: '3600 s (1 hour)' } }],
    },
    {
      name: 'an EventBridge-fed ingress queue with an unknown dead-letter queue still gets the info',
      code: `${source('\n  message_retention_seconds = 600', 'var.dlq_arn')}\nresource "aws_cloudwatch_event_target" "intake" {
  rule = "orders"
  arn  = aws_sqs_queue.intake.arn
}
`,
      files: { 'variables.tf': 'variable "dlq_arn" {\n  type = string\n}\n' },
      errors: [{ messageId: 'shortIngressRetention', severity: 'info', line: 3, column: 31, endLine: 3, endColumn: 34 }],
    },
  ],
});
