// SQS-002. Loom, October 2025: a retrying job looped and kept the database busy. A worker queue without a
// redrive policy is that loop built in: a message that always fails comes back after every visibility
// timeout until its retention runs out, taking a worker each time.
import { asNumber, defineRule, getAttribute, type Block, type Fixer, type RuleContext } from './api';
import { alignedArguments, appendMultilineArgument, freeLabel, insertResourcesAfter, resourceText } from './support/edits';
import { formatSeconds } from './support/format';
import { eventSourceOf } from './support/lambda';
import { ignoresChanges, sameResource, tagValue } from './support/references';
import {
  isDeadLetterQueue,
  isFifo,
  maxReceiveCountOf,
  numberSetting,
  redrivePoliciesOf,
  SQS_DEFAULT_RETENTION_SECONDS,
  SQS_MAX_RETENTION_SECONDS,
} from './support/sqs';

type MessageId = 'noRedrive' | 'lowMaxReceiveCount' | 'addDeadLetterQueue' | 'raiseMaxReceiveCount';

/** Lambda's guidance for SQS consumers: at least 5 receives, so throttling alone does not dead-letter a message. */
const MIN_RECEIVE_COUNT_FOR_LAMBDA = 5;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-sqs-no-dead-letter-queue',
    title: 'Give worker queues a dead-letter queue',
    description:
      'A consumed queue without a redrive policy redelivers a message that always fails after every visibility timeout until it expires, so one poison message keeps a worker busy for days.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_sqs_queue'] }],
    fixable: 'suggestion',
    messages: {
      noRedrive:
        'This queue has consumers but no redrive policy, so a message that always fails is redelivered after every visibility timeout for up to {retention}. Add a dead-letter queue and a redrive policy.',
      lowMaxReceiveCount:
        'maxReceiveCount is {count}: with a Lambda consumer, throttled or briefly failing receives can move good messages to the dead-letter queue. Use at least 5.',
      addDeadLetterQueue: 'Add a dead-letter queue (aws_sqs_queue.{label}) and a redrive policy with maxReceiveCount = 5.',
      raiseMaxReceiveCount: 'Set maxReceiveCount to 5.',
    },
    incident: 'Loom, October 2025: a retrying job looped',
    reads: [
      'aws_sqs_queue.redrive_policy',
      'aws_sqs_queue.redrive_allow_policy',
      'aws_sqs_queue.message_retention_seconds',
      'aws_sqs_queue.fifo_queue',
      'aws_sqs_queue.name',
      'aws_sqs_queue.tags',
      'aws_sqs_queue_redrive_policy.queue_url',
      'aws_sqs_queue_redrive_policy.redrive_policy',
      'aws_sqs_queue_redrive_allow_policy.queue_url',
      'aws_lambda_event_source_mapping.event_source_arn',
      'aws_lambda_function.dead_letter_config.target_arn',
      'aws_lambda_event_source_mapping.destination_config.on_failure.destination_arn',
      'aws_lambda_function_event_invoke_config.destination_config.on_failure.destination',
      'aws_sns_topic_subscription.redrive_policy',
      'aws_cloudwatch_event_target.dead_letter_config.arn',
    ],
    since: '0.1.0',
  },

  check(queue, ctx) {
    const consumers = mappingsConsuming(ctx, queue);
    const taggedWorker = tagValue(ctx, queue, 'lint/role') === 'worker';
    if (consumers.length === 0 && !taggedWorker) return;
    if (ignoresChanges(queue, 'redrive_policy') || isDeadLetterQueue(ctx, queue)) return;

    const lookup = redrivePoliciesOf(ctx, queue);
    if (lookup.policies.length > 0) {
      if (consumers.length > 0) reportLowReceiveCounts(ctx, lookup.policies);
      return;
    }
    if (lookup.maybeMore || lookup.unknownInline) return;

    const retention = numberSetting(ctx, queue, 'message_retention_seconds', SQS_DEFAULT_RETENTION_SECONDS);
    const label = freeLabel(ctx, 'aws_sqs_queue', queue.labels[1] ?? 'queue', 'dlq');
    const fifo = isFifo(ctx, queue);
    ctx.report({
      at: queue,
      messageId: 'noRedrive',
      data: { retention: retention ? formatSeconds(retention.value) : 'its retention period' },
      related: consumers.map((mapping) => ({ at: mapping, message: 'Consumed here.' })),
      suggest:
        label === undefined || fifo === undefined
          ? []
          : [{ messageId: 'addDeadLetterQueue', data: { label }, edits: (fixer) => addDeadLetterQueue(ctx, fixer, queue, label, fifo) }],
    });
  },
});

/** The event source mappings (instances) that poll this queue. */
function mappingsConsuming(ctx: RuleContext<MessageId>, queue: Block): Block[] {
  const found: Block[] = [];
  for (const mapping of ctx.module.resourcesOfType('aws_lambda_event_source_mapping')) {
    for (const instance of ctx.instances(mapping)) {
      const source = eventSourceOf(ctx, instance);
      if (source?.queue && sameResource(source.queue, queue)) {
        found.push(instance);
        break;
      }
    }
  }
  return found;
}

function reportLowReceiveCounts(ctx: RuleContext<MessageId>, policies: ReturnType<typeof redrivePoliciesOf>['policies']): void {
  for (const policy of policies) {
    const count = maxReceiveCountOf(ctx, policy);
    if (!count || count.value >= MIN_RECEIVE_COUNT_FOR_LAMBDA) continue;
    // Only a plain number inside the policy object can be replaced without rewriting the policy.
    const replaceable = count.at !== policy.expr && count.at.kind === 'literal' && asNumber(count.at.value) !== undefined;
    ctx.report({
      at: count.at,
      messageId: 'lowMaxReceiveCount',
      severity: 'info',
      data: { count: count.value },
      suggest: replaceable ? [{ messageId: 'raiseMaxReceiveCount', edits: (fixer) => fixer.replace(count.at, String(MIN_RECEIVE_COUNT_FOR_LAMBDA)) }] : [],
    });
  }
}

function addDeadLetterQueue(ctx: RuleContext<MessageId>, fixer: Fixer, queue: Block, label: string, fifo: boolean): void {
  const name = deadLetterQueueName(queue, fifo);
  const dlq = resourceText(
    'aws_sqs_queue',
    label,
    alignedArguments([
      ...(name ? [['name', `"${name}"`] as const] : []),
      ...(fifo ? [['fifo_queue', 'true'] as const] : []),
      ['message_retention_seconds', String(SQS_MAX_RETENTION_SECONDS)],
    ]),
  );
  const policy = [
    'jsonencode({',
    ...alignedArguments([
      ['deadLetterTargetArn', `aws_sqs_queue.${label}.arn`],
      ['maxReceiveCount', '5'],
    ]).map((l) => `  ${l}`),
    '})',
  ];
  const existing = getAttribute(queue, 'redrive_policy'); // present but null
  if (existing) {
    const indent = queue.body.indent || '  ';
    fixer.replace(existing.expr, policy.map((line, i) => (i === 0 ? line : indent + line)).join('\n'));
  } else {
    appendMultilineArgument(ctx, fixer, queue, 'redrive_policy', policy);
  }
  insertResourcesAfter(fixer, queue, [dlq]);
}

/** Queue names are at most 80 characters. */
const MAX_QUEUE_NAME = 80;

/** `jobs` → `jobs-dlq`, `jobs.fifo` → `jobs-dlq.fifo`; undefined unless the queue's name is a literal. */
function deadLetterQueueName(queue: Block, fifo: boolean): string | undefined {
  const name = getAttribute(queue, 'name');
  if (!name || name.expr.kind !== 'literal' || typeof name.expr.value !== 'string') return undefined;
  const stem = name.expr.value.replace(/\.fifo$/, '');
  const dlq = fifo ? `${stem}-dlq.fifo` : `${stem}-dlq`;
  return dlq.length <= MAX_QUEUE_NAME ? dlq : undefined;
}
