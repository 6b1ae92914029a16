// XR-001. Pipedream, February 2024 and Loom, October 2025: work that is retried while it is still running
// multiplies load during an incident. When a queue's visibility timeout is shorter than the timeout of the
// Lambda function that consumes it, a message reappears while its first worker still holds it.
import { addressOf, defineRule, getAttribute, type Block } from './api';
import { formatSeconds } from './support/format';
import { eventSourceOf, resolveFunction } from './support/lambda';
import { numberSetting, SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS } from './support/sqs';

type MessageId = 'belowTimeout' | 'belowSixTimes' | 'setVisibility';

/** Provider default for `aws_lambda_function.timeout`. */
const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;
/** AWS: "set the source queue's visibility timeout to at least six times the timeout ... on your function". */
const TIMEOUT_MULTIPLE = 6;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43200;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-sqs-visibility-below-lambda-timeout',
    title: 'Hide queue messages for longer than the consuming function may run',
    description:
      "If an SQS queue's visibility timeout is shorter than the timeout of the Lambda function that consumes it, Lambda rejects the event source mapping; below six times that timeout, messages reappear while still being processed and are handled twice.",
    category: 'correctness',
    severity: 'error',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_lambda_event_source_mapping'] }],
    fixable: 'suggestion',
    messages: {
      belowTimeout:
        'This queue hides a received message for {visibility}, less than the {timeout} timeout of {function}, which consumes it: Lambda rejects the event source mapping, and a message still in progress would be delivered again. Set visibility_timeout_seconds = {recommended} (six times the timeout, plus the batching window).',
      belowSixTimes:
        'This queue hides a received message for {visibility}, less than six times the {timeout} timeout of {function}, which consumes it, so retries after throttling can deliver a message that is still in progress. Set visibility_timeout_seconds = {recommended} (six times the timeout, plus the batching window).',
      setVisibility: 'Set visibility_timeout_seconds = {recommended}.',
    },
    incident: 'Pipedream, February 2024: retried work piled up while Lambda was unavailable',
    reads: [
      'aws_lambda_event_source_mapping.event_source_arn',
      'aws_lambda_event_source_mapping.function_name',
      'aws_lambda_event_source_mapping.maximum_batching_window_in_seconds',
      'aws_sqs_queue.visibility_timeout_seconds',
      'aws_lambda_function.timeout',
      'aws_lambda_function.function_name',
      'aws_lambda_alias.function_name',
    ],
    since: '0.1.0',
  },

  check(mapping, ctx) {
    const queue = eventSourceOf(ctx, mapping)?.queue;
    if (!queue) return;
    const fn = resolveFunction(ctx, getAttribute(mapping, 'function_name')?.expr, mapping);
    if (!fn) return;
    const visibility = numberSetting(ctx, queue, 'visibility_timeout_seconds', SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS);
    const timeout = numberSetting(ctx, fn, 'timeout', LAMBDA_DEFAULT_TIMEOUT_SECONDS);
    if (!visibility || !timeout) return;
    if (visibility.value >= TIMEOUT_MULTIPLE * timeout.value) return;

    // An unknown batching window only adds to the recommendation; it never decides whether to report.
    const window = numberSetting(ctx, mapping, 'maximum_batching_window_in_seconds', 0)?.value ?? 0;
    const recommended = Math.min(MAX_VISIBILITY_TIMEOUT_SECONDS, TIMEOUT_MULTIPLE * timeout.value + window);
    const belowTimeout = visibility.value < timeout.value;
    const editable = !visibility.attribute || visibility.literal;
    ctx.report({
      at: visibility.attribute?.expr ?? queue,
      messageId: belowTimeout ? 'belowTimeout' : 'belowSixTimes',
      severity: belowTimeout ? 'error' : 'warning',
      data: {
        visibility: formatSeconds(visibility.value),
        timeout: formatSeconds(timeout.value),
        function: describeFunction(fn),
        recommended,
      },
      related: [
        { at: timeout.attribute?.expr ?? fn, message: `The function may run for ${formatSeconds(timeout.value)}.` },
        { at: mapping, message: 'This mapping connects the queue to the function.' },
      ],
      suggest: editable
        ? [
            {
              messageId: 'setVisibility',
              data: { recommended },
              edits: (fixer) => fixer.setAttribute(queue, 'visibility_timeout_seconds', String(recommended)),
            },
          ]
        : [],
    });
  },
});

function describeFunction(fn: Block): string {
  const address = addressOf(fn) ?? 'the function';
  return fn.instance ? `${address}[${JSON.stringify(fn.instance.key)}]` : address;
}
