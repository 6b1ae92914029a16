// SQS-001. Pipedream, February 2024: Lambda was unavailable and queues had to hold incoming events until it
// came back. A standard queue's dead-letter queue keeps each message's original enqueue time, so a DLQ that
// retains no longer than its source deletes late failures almost as soon as they arrive.
import { addressOf, defineRule, getAttribute, type Block, type RuleContext } from './api';
import { formatSeconds } from './support/format';
import { followReference, referencedBlock, referencedType, sameResource } from './support/references';
import {
  deadLetterQueueOf,
  isFifo,
  numberSetting,
  SQS_DEFAULT_RETENTION_SECONDS,
  SQS_MAX_RETENTION_SECONDS,
  type NumberSetting,
  type RedrivePolicy,
} from './support/sqs';

type MessageId = 'notLonger' | 'sourceAtMaximum' | 'shortIngressRetention' | 'keepFourteenDays';

/** An ingress buffer should ride out at least a day-long outage of whatever drains it. */
const MIN_INGRESS_RETENTION_SECONDS = 86400;

/** Resources that put incoming traffic on a queue, and the argument that names the queue. */
const FEEDERS: readonly (readonly [string, string])[] = [
  ['aws_sns_topic_subscription', 'endpoint'],
  ['aws_cloudwatch_event_target', 'arn'],
];
const API_INTEGRATIONS = new Set(['aws_api_gateway_integration', 'aws_apigatewayv2_integration']);

export default defineRule<MessageId>({
  meta: {
    id: 'aws-sqs-dlq-retention-too-short',
    title: 'Keep dead-letter messages longer than the source queue does',
    description:
      "A standard queue moves failed messages to its dead-letter queue with their original enqueue time, so a dead-letter queue whose retention is not longer than the source's deletes them almost at once, during exactly the incident that produced them.",
    category: 'data-loss',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_sqs_queue', 'aws_sqs_queue_redrive_policy'] }],
    fixable: 'suggestion',
    messages: {
      notLonger:
        'This dead-letter queue keeps messages for {dlq} and its source queue for {source}; moved messages keep their original enqueue time, so late failures expire here almost at once. Set message_retention_seconds = 1209600 (14 days).',
      sourceAtMaximum:
        "This dead-letter queue keeps messages for {dlq}, but its source already keeps them for the maximum {source}; moved messages keep their original enqueue time, so late failures expire here almost at once. Shorten the source queue's retention.",
      shortIngressRetention:
        'This queue buffers incoming events but keeps them only {source}; if its consumers are down for longer, events are lost before they reach the dead-letter queue. Keep them at least a day.',
      keepFourteenDays: "Set the dead-letter queue's message_retention_seconds to 1209600 (14 days).",
    },
    incident: 'Pipedream, February 2024: Lambda unavailable, events dropped',
    reads: [
      'aws_sqs_queue.message_retention_seconds',
      'aws_sqs_queue.redrive_policy',
      'aws_sqs_queue.fifo_queue',
      'aws_sqs_queue_redrive_policy.queue_url',
      'aws_sqs_queue_redrive_policy.redrive_policy',
      'aws_sns_topic_subscription.endpoint',
      'aws_cloudwatch_event_target.arn',
      'aws_api_gateway_integration.uri',
      'aws_apigatewayv2_integration.request_parameters',
    ],
    since: '0.1.0',
  },

  check(block, ctx) {
    const found = sourceAndPolicy(ctx, block);
    if (!found) return;
    const { source, policy } = found;
    if (isFifo(ctx, source) !== false) return; // FIFO dead-letter queues restart the clock; unknown: silence
    const sourceRetention = numberSetting(ctx, source, 'message_retention_seconds', SQS_DEFAULT_RETENTION_SECONDS);
    if (!sourceRetention) return;
    checkIngressRetention(ctx, source, sourceRetention);

    const dlq = deadLetterQueueOf(ctx, policy);
    if (!dlq) return;
    const dlqRetention = numberSetting(ctx, dlq, 'message_retention_seconds', SQS_DEFAULT_RETENTION_SECONDS);
    if (!dlqRetention || dlqRetention.value > sourceRetention.value) return;

    const atMaximum = sourceRetention.value >= SQS_MAX_RETENTION_SECONDS;
    const editable = !dlqRetention.attribute || dlqRetention.literal;
    ctx.report({
      at: dlqRetention.attribute?.expr ?? dlq,
      messageId: atMaximum ? 'sourceAtMaximum' : 'notLonger',
      data: { dlq: formatSeconds(dlqRetention.value), source: formatSeconds(sourceRetention.value) },
      related: [
        { at: sourceRetention.attribute?.expr ?? source, message: `The source queue keeps messages for ${formatSeconds(sourceRetention.value)}.` },
        { at: policy.attribute.expr, message: 'Its redrive policy sends failed messages here.' },
      ],
      suggest:
        atMaximum || !editable
          ? []
          : [{ messageId: 'keepFourteenDays', edits: (fixer) => fixer.setAttribute(dlq, 'message_retention_seconds', String(SQS_MAX_RETENTION_SECONDS)) }],
    });
  },
});

/** The source queue and its redrive policy, from either a queue with an inline policy or a redrive policy resource. */
function sourceAndPolicy(ctx: RuleContext<MessageId>, block: Block): { source: Block; policy: RedrivePolicy } | undefined {
  const policyAttribute = getAttribute(block, 'redrive_policy');
  if (!policyAttribute) return undefined;
  const value = ctx.valueOf(policyAttribute.expr, block);
  if (value.known && (value.value === null || value.value === '')) return undefined;
  const policy = { expr: policyAttribute.expr, attribute: policyAttribute, owner: block };
  if (block.labels[0] === 'aws_sqs_queue') return { source: block, policy };
  const target = followReference(getAttribute(block, 'queue_url')?.expr, ctx, block);
  if (!target || referencedType(target) !== 'aws_sqs_queue') return undefined;
  return { source: referencedBlock(target), policy };
}

/** Info when an ingress buffer (fed by SNS, EventBridge or API Gateway) keeps messages for less than a day. */
function checkIngressRetention(ctx: RuleContext<MessageId>, source: Block, retention: NumberSetting): void {
  if (!retention.attribute || retention.value >= MIN_INGRESS_RETENTION_SECONDS || !isIngressBuffer(ctx, source)) return;
  ctx.report({ at: retention.attribute.expr, messageId: 'shortIngressRetention', severity: 'info', data: { source: formatSeconds(retention.value) } });
}

function isIngressBuffer(ctx: RuleContext<MessageId>, queue: Block): boolean {
  for (const [type, argument] of FEEDERS) {
    for (const feeder of ctx.module.resourcesOfType(type)) {
      for (const instance of ctx.instances(feeder)) {
        const target = followReference(getAttribute(instance, argument)?.expr, ctx, instance);
        if (target && referencedType(target) === 'aws_sqs_queue' && sameResource(referencedBlock(target), queue)) return true;
      }
    }
  }
  const address = addressOf(queue);
  return address !== undefined && ctx.module.referencesTo(address).some((reference) => API_INTEGRATIONS.has(reference.from.labels[0] ?? ''));
}
