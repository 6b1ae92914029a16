import rule from '../../rules/aws-sqs-visibility-below-lambda-timeout';
import { ruleTester } from '../support/rule-tester';

/** The queue, with `visibility_timeout_seconds` when given (aligned as terraform fmt does). */
const queue = (visibility?: string): string =>
  visibility === undefined
    ? 'resource "aws_sqs_queue" "work" {\n  name = "work"\n}\n'
    : `resource "aws_sqs_queue" "work" {\n  name                       = "work"\n  visibility_timeout_seconds = ${visibility}\n}\n`;

const fn = (timeout: string | undefined, label = 'work'): string => `resource "aws_lambda_function" "${label}" {
  function_name = "${label}"
  role          = "arn:aws:iam::123456789012:role/work"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"${timeout === undefined ? '' : `\n  timeout       = ${timeout}`}
}
`;

const mapping = (functionName = 'aws_lambda_function.work.arn', extra = ''): string => `resource "aws_lambda_event_source_mapping" "work" {
  event_source_arn = aws_sqs_queue.work.arn
  function_name    = ${functionName}${extra}
}
`;

const QUEUE_HEADER = { line: 1, column: 1, endLine: 1, endColumn: 32 };
/** Where the visibility value of `queue(N)` sits: line 3, after the aligned `=`. */
const visibilityAt = (digits: number) => ({ line: 3, column: 32, endLine: 3, endColumn: 32 + digits });

ruleTester(rule, {
  valid: [
    { name: 'visibility six times the timeout', code: `${queue('720')}\n${fn('120')}\n${mapping()}` },
    { name: 'both defaults: 30 s against 3 s', code: `${queue()}\n${fn(undefined)}\n${mapping()}` },
    {
      name: 'function timeout from a variable without a default (unknown)',
      code: `${queue()}\n${fn('var.timeout')}\n${mapping()}`,
      files: { 'variables.tf': 'variable "timeout" {\n  type = number\n}\n' },
    },
    {
      name: 'visibility from a variable without a default (unknown)',
      code: `${queue('var.visibility')}\n${fn('900')}\n${mapping()}`,
      files: { 'variables.tf': 'variable "visibility" {\n  type = number\n}\n' },
    },
    {
      name: 'a function outside this module (name from a variable)',
      code: `${queue()}\n${mapping('var.function_name')}`,
      files: { 'variables.tf': 'variable "function_name" {\n  type = string\n}\n' },
    },
    {
      name: 'a Kinesis source has no visibility timeout',
      code: `resource "aws_kinesis_stream" "work" {\n  name        = "work"\n  shard_count = 1\n}\n\n${fn('300')}\nresource "aws_lambda_event_source_mapping" "work" {
  event_source_arn  = aws_kinesis_stream.work.arn
  function_name     = aws_lambda_function.work.arn
  starting_position = "LATEST"
}
`,
    },
    {
      name: 'a queue from a data source is outside this module',
      code: `data "aws_sqs_queue" "work" {\n  name = "work"\n}\n\n${fn('300')}\nresource "aws_lambda_event_source_mapping" "work" {
  event_source_arn = data.aws_sqs_queue.work.arn
  function_name    = aws_lambda_function.work.arn
}
`,
    },
  ],
  invalid: [
    {
      name: 'default visibility (30 s) below a 120 s timeout is an error',
      code: `${queue()}\n${fn('120')}\n${mapping()}`,
      errors: [
        {
          messageId: 'belowTimeout',
          severity: 'error',
          ...QUEUE_HEADER,
          data: { visibility: '30 s', timeout: '120 s (2 minutes)', function: 'aws_lambda_function.work', recommended: 720 },
          suggestions: [{ messageId: 'setVisibility', output: `${queue('720')}\n${fn('120')}\n${mapping()}` }],
        },
      ],
    },
    {
      name: 'visibility above the timeout but below six times it is a warning',
      code: `${queue('120')}\n${fn('60')}\n${mapping()}`,
      errors: [
        {
          messageId: 'belowSixTimes',
          severity: 'warning',
          ...visibilityAt(3),
          data: { recommended: 360, visibility: '120 s (2 minutes)', timeout: '60 s (1 minute)', function: 'aws_lambda_function.work' },
          suggestions: [{ messageId: 'setVisibility', output: `${queue('360')}\n${fn('60')}\n${mapping()}` }],
        },
      ],
    },
    {
      name: 'the default function timeout (3 s) against a 10 s visibility',
      code: `${queue('10')}\n${fn(undefined)}\n${mapping()}`,
      errors: [
        {
          messageId: 'belowSixTimes',
          severity: 'warning',
          ...visibilityAt(2),
          data: { timeout: '3 s', recommended: 18, visibility: '10 s', function: 'aws_lambda_function.work' },
          suggestions: [{ messageId: 'setVisibility', output: `${queue('18')}\n${fn(undefined)}\n${mapping()}` }],
        },
      ],
    },
    {
      name: 'the batching window is added to the recommendation',
      code: `${queue('200')}\n${fn('60')}\n${mapping('aws_lambda_function.work.arn', '\n  maximum_batching_window_in_seconds = 20')}`,
      errors: [
        {
          messageId: 'belowSixTimes',
          ...visibilityAt(3),
          data: { recommended: 380, visibility: '200 s', timeout: '60 s (1 minute)', function: 'aws_lambda_function.work' },
          suggestions: [
            {
              messageId: 'setVisibility',
              output: `${queue('380')}\n${fn('60')}\n${mapping('aws_lambda_function.work.arn', '\n  maximum_batching_window_in_seconds = 20')}`,
            },
          ],
        },
      ],
    },
    {
      name: 'timeout from a tfvars file and visibility from a local: no suggestion for a computed value',
      code: `locals {\n  visibility = 60\n}\n\n${queue('local.visibility')}\n${fn('var.timeout')}\n${mapping()}`,
      files: { 'variables.tf': 'variable "timeout" {\n  type    = number\n  default = 5\n}\n', 'terraform.tfvars': 'timeout = 300\n' },
      errors: [
        {
          messageId: 'belowTimeout',
          severity: 'error',
          line: 7,
          column: 32,
          endLine: 7,
          endColumn: 48,
          data: { timeout: '300 s (5 minutes)', visibility: '60 s (1 minute)', function: 'aws_lambda_function.work', recommended: 1800 },
        },
      ],
    },
    {
      name: 'through an alias, with queue, function and mapping in separate files',
      files: {
        'queue.tf': queue(),
        'function.tf': `${fn('45')}\nresource "aws_lambda_alias" "live" {\n  name             = "live"\n  function_name    = aws_lambda_function.work.function_name\n  function_version = "1"\n}\n`,
        'mapping.tf': mapping('aws_lambda_alias.live.arn'),
      },
      errors: [
        {
          messageId: 'belowTimeout',
          file: 'queue.tf',
          ...QUEUE_HEADER,
          suggestions: [{ messageId: 'setVisibility', file: 'queue.tf', output: queue('270') }],
        },
      ],
    },
    {
      name: 'a literal function name matched to the function in this module',
      code: `${queue()}\n${fn('40')}\n${mapping('"work"')}`,
      errors: [
        {
          messageId: 'belowTimeout',
          ...QUEUE_HEADER,
          suggestions: [{ messageId: 'setVisibility', output: `${queue('240')}\n${fn('40')}\n${mapping('"work"')}` }],
        },
      ],
    },
    {
      name: 'queues, functions and mappings under for_each: only the slow worker is reported',
      code: `locals {
  workers = { fast = 5, slow = 60 }
}

resource "aws_sqs_queue" "work" {
  for_each                   = local.workers
  name                       = "work-\${each.key}"
  visibility_timeout_seconds = 180
}

resource "aws_lambda_function" "work" {
  for_each      = local.workers
  function_name = "work-\${each.key}"
  role          = "arn:aws:iam::123456789012:role/work"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = each.value
}

resource "aws_lambda_event_source_mapping" "work" {
  for_each         = local.workers
  event_source_arn = aws_sqs_queue.work[each.key].arn
  function_name    = aws_lambda_function.work[each.key].arn
}
`,
      errors: [
        {
          messageId: 'belowSixTimes',
          line: 8,
          column: 32,
          endLine: 8,
          endColumn: 35,
          data: { function: 'aws_lambda_function.work["slow"]', recommended: 360, visibility: '180 s (3 minutes)', timeout: '60 s (1 minute)' },
          suggestions: [
            {
              messageId: 'setVisibility',
              output: `locals {
  workers = { fast = 5, slow = 60 }
}

resource "aws_sqs_queue" "work" {
  for_each                   = local.workers
  name                       = "work-\${each.key}"
  visibility_timeout_seconds = 360
}

resource "aws_lambda_function" "work" {
  for_each      = local.workers
  function_name = "work-\${each.key}"
  role          = "arn:aws:iam::123456789012:role/work"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
  timeout       = each.value
}

resource "aws_lambda_event_source_mapping" "work" {
  for_each         = local.workers
  event_source_arn = aws_sqs_queue.work[each.key].arn
  function_name    = aws_lambda_function.work[each.key].arn
}
`,
            },
          ],
        },
      ],
    },
  ],
});
