import rule from '../../rules/aws-lambda-sqs-no-backpressure';
import { ruleTester } from '../support/rule-tester';

const QUEUE = 'resource "aws_sqs_queue" "intake" {\n  name = "intake"\n}\n';

const fn = (extra = ''): string => `resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "worker.zip"${extra}
}
`;

/** A mapping whose body lines follow `event_source_arn` and `function_name`. */
const mapping = (lines: string, source = 'aws_sqs_queue.intake.arn'): string => `resource "aws_lambda_event_source_mapping" "intake" {
  event_source_arn = ${source}
  function_name    = aws_lambda_function.worker.arn${lines}
}
`;

const PARTIAL = '\n  function_response_types = ["ReportBatchItemFailures"]';
const CAPPED = '\n\n  scaling_config {\n    maximum_concurrency = 20\n  }';
const HEADER = { line: 13, column: 1, endLine: 13, endColumn: 52 };
const wholeModule = (mappingText: string, fnText = fn()): string => `${QUEUE}\n${fnText}\n${mappingText}`;

ruleTester(rule, {
  valid: [
    { name: 'partial batch responses and a concurrency cap', code: wholeModule(mapping(PARTIAL + CAPPED)) },
    {
      name: 'partial batch responses and reserved concurrency on the function',
      code: wholeModule(mapping(PARTIAL), fn('\n  reserved_concurrent_executions = 25')),
    },
    { name: 'one message per batch needs no partial responses', code: wholeModule(mapping(`\n  batch_size = 1${CAPPED}`)) },
    {
      name: 'a Kinesis mapping is not an SQS mapping',
      code: `resource "aws_kinesis_stream" "events" {\n  name        = "events"\n  shard_count = 1\n}\n\n${fn()}\n${mapping('\n  starting_position = "LATEST"', 'aws_kinesis_stream.events.arn')}`,
    },
    {
      name: 'response types and the cap from variables without defaults (unknown)',
      code: wholeModule(mapping('\n  function_response_types = var.response_types\n\n  scaling_config {\n    maximum_concurrency = var.cap\n  }')),
      files: { 'variables.tf': 'variable "response_types" {\n  type = list(string)\n}\n\nvariable "cap" {\n  type = number\n}\n' },
    },
    {
      name: 'a function outside this module: concurrency cannot be judged',
      code: `${QUEUE}\nresource "aws_lambda_event_source_mapping" "intake" {\n  event_source_arn        = aws_sqs_queue.intake.arn\n  function_name           = var.function_name\n  function_response_types = ["ReportBatchItemFailures"]\n}\n`,
      files: { 'variables.tf': 'variable "function_name" {\n  type = string\n}\n' },
    },
    {
      name: 'a dynamic scaling_config with an unknown for_each',
      code: wholeModule(
        mapping(
          `${PARTIAL}\n\n  dynamic "scaling_config" {\n    for_each = var.scaling\n    content {\n      maximum_concurrency = scaling_config.value\n    }\n  }`,
        ),
      ),
      files: { 'variables.tf': 'variable "scaling" {\n  type = list(number)\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'neither partial batch responses nor a cap (two findings on the header)',
      code: wholeModule(mapping('\n  batch_size       = 10')),
      errors: [
        { messageId: 'noPartialBatch', severity: 'info', ...HEADER },
        {
          messageId: 'noConcurrencyCap',
          severity: 'info',
          ...HEADER,
          data: { function: 'aws_lambda_function.worker' },
          suggestions: [
            {
              messageId: 'addConcurrencyCap',
              output: wholeModule(mapping('\n  batch_size       = 10\n\n  scaling_config {\n    maximum_concurrency = 50\n  }')),
            },
          ],
        },
      ],
    },
    {
      name: 'response types without ReportBatchItemFailures underline the list',
      code: wholeModule(mapping(`\n  function_response_types = []${CAPPED}`)),
      errors: [{ messageId: 'noPartialBatch', line: 16, column: 29, endLine: 16, endColumn: 31 }],
    },
    {
      name: 'reserved concurrency of -1 means unreserved (value from terraform.tfvars)',
      code: wholeModule(mapping(PARTIAL), fn('\n  reserved_concurrent_executions = var.reserved')),
      files: { 'variables.tf': 'variable "reserved" {\n  type    = number\n  default = 10\n}\n', 'terraform.tfvars': 'reserved = -1\n' },
      errors: [
        {
          messageId: 'noConcurrencyCap',
          line: 14,
          column: 1,
          endLine: 14,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'addConcurrencyCap',
              output: wholeModule(
                `${mapping(PARTIAL).slice(0, -3)}\n\n  scaling_config {\n    maximum_concurrency = 50\n  }\n}\n`,
                fn('\n  reserved_concurrent_executions = var.reserved'),
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a queue from a data source, the function in another file, under count',
      files: {
        'main.tf': `data "aws_sqs_queue" "intake" {\n  name = "intake"\n}\n\nresource "aws_lambda_event_source_mapping" "intake" {
  count                   = 2
  event_source_arn        = data.aws_sqs_queue.intake.arn
  function_name           = aws_lambda_function.worker.function_name
  function_response_types = ["ReportBatchItemFailures"]
}
`,
        'lambda.tf': fn(),
      },
      errors: [
        {
          messageId: 'noConcurrencyCap',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'addConcurrencyCap',
              output: `data "aws_sqs_queue" "intake" {\n  name = "intake"\n}\n\nresource "aws_lambda_event_source_mapping" "intake" {
  count                   = 2
  event_source_arn        = data.aws_sqs_queue.intake.arn
  function_name           = aws_lambda_function.worker.function_name
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = 50
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a literal SQS ARN through a local',
      code: `locals {\n  intake_arn = "arn:aws:sqs:us-east-1:123456789012:intake"\n}\n\n${fn()}\n${mapping(CAPPED, 'local.intake_arn')}`,
      errors: [{ messageId: 'noPartialBatch', line: 13, column: 1, endLine: 13, endColumn: 52 }],
    },
  ],
});
