// RETRY-001. AWS us-east-1, October 2025: retries with no bound kept work piling up until the backlog itself
// became the outage. A Kinesis or DynamoDB stream mapping retries a failing batch, by default, until its
// records leave the stream, and the shard makes no progress meanwhile.
import { asNumber, defineRule, getAttribute, type Block, type Fixer, type RuleContext } from './api';
import { alignedArguments, freeLabel, insertResourcesAfter, resourceText } from './support/edits';
import { eventSourceOf, onFailureDestination } from './support/lambda';
import { SQS_MAX_RETENTION_SECONDS } from './support/sqs';

type MessageId = 'unbounded' | 'unboundedNoDestination' | 'limitRetries' | 'limitRetriesAndRecordFailures';

const LIMITS = ['maximum_retry_attempts', 'maximum_record_age_in_seconds'] as const;
const SUGGESTED_RETRY_ATTEMPTS = 3;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-lambda-stream-unbounded-retry',
    title: 'Bound retries on Kinesis and DynamoDB stream mappings',
    description:
      'A stream event source mapping retries a failing batch until its records expire unless told otherwise, so one bad record holds up its whole shard for as long as the stream keeps data, and the backlog behind it grows.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_lambda_event_source_mapping'] }],
    fixable: 'suggestion',
    messages: {
      unbounded:
        'This stream mapping retries a failing batch until its records expire from the stream, so one bad record stops its shard for as long as the stream keeps data. Set maximum_retry_attempts (and bisect_batch_on_function_error to isolate the record).',
      unboundedNoDestination:
        'This stream mapping retries a failing batch until its records expire from the stream, and has no on-failure destination, so one bad record stops its shard and nothing records what was skipped. Set maximum_retry_attempts and a destination_config.on_failure.',
      limitRetries: 'Set maximum_retry_attempts = 3.',
      limitRetriesAndRecordFailures:
        "Set maximum_retry_attempts = 3 and send the details of failed batches to a new queue, aws_sqs_queue.{label} (the function's role needs sqs:SendMessage on it).",
    },
    incident: 'AWS us-east-1, October 2025: retry backlog and congestive collapse',
    reads: [
      'aws_lambda_event_source_mapping.event_source_arn',
      'aws_lambda_event_source_mapping.maximum_retry_attempts',
      'aws_lambda_event_source_mapping.maximum_record_age_in_seconds',
      'aws_lambda_event_source_mapping.destination_config.on_failure.destination_arn',
      'aws_dynamodb_table.stream_arn',
    ],
    since: '0.1.0',
  },

  check(mapping, ctx) {
    const kind = eventSourceOf(ctx, mapping)?.kind;
    if (kind !== 'kinesis' && kind !== 'dynamodb') return;
    for (const limit of LIMITS) if (!isUnlimited(ctx, mapping, limit)) return;

    const destination = onFailureDestination(ctx, mapping, 'destination_arn');
    const written = LIMITS.map((name) => getAttribute(mapping, name)).find((a) => a !== undefined);
    const label = freeLabel(ctx, 'aws_sqs_queue', mapping.labels[1] ?? 'stream', 'failures');
    const suggest =
      destination === 'yes'
        ? [
            {
              messageId: 'limitRetries' as const,
              edits: (fixer: Fixer) => fixer.setAttribute(mapping, 'maximum_retry_attempts', String(SUGGESTED_RETRY_ATTEMPTS)),
            },
          ]
        : destination === 'no' && label !== undefined
          ? [{ messageId: 'limitRetriesAndRecordFailures' as const, data: { label }, edits: (fixer: Fixer) => limitAndRecord(fixer, mapping, label) }]
          : [];
    ctx.report({ at: written?.expr ?? mapping, messageId: destination === 'no' ? 'unboundedNoDestination' : 'unbounded', suggest });
  },
});

/** Absent, null and -1 all mean "forever"; undefined for a value we cannot see. */
function isUnlimited(ctx: RuleContext<MessageId>, mapping: Block, name: string): boolean {
  const attribute = getAttribute(mapping, name);
  if (!attribute) return true;
  const value = ctx.valueOf(attribute.expr, mapping);
  if (!value.known) return false;
  return value.value === null || asNumber(value.value) === -1;
}

function limitAndRecord(fixer: Fixer, mapping: Block, label: string): void {
  fixer.setAttribute(mapping, 'maximum_retry_attempts', String(SUGGESTED_RETRY_ATTEMPTS));
  const onFailure = fixer.ensureBlock(fixer.ensureBlock(mapping, 'destination_config'), 'on_failure');
  fixer.setAttribute(onFailure, 'destination_arn', `aws_sqs_queue.${label}.arn`);
  insertResourcesAfter(fixer, mapping, [
    resourceText('aws_sqs_queue', label, alignedArguments([['message_retention_seconds', String(SQS_MAX_RETENTION_SECONDS)]])),
  ]);
}
