// ESM-001. Pipedream, February 2024: when Lambda came back, a full queue had to be drained. An SQS mapping
// that retries whole batches and scales without a cap turns that backlog into a retry storm against
// everything downstream, just as the system recovers.
import { addressOf, asNumber, defineRule, getAttribute, type Block, type RuleContext } from './api';
import { eventSourceOf, resolveFunction } from './support/lambda';

type MessageId = 'noPartialBatch' | 'noConcurrencyCap' | 'addConcurrencyCap';

const PARTIAL_BATCH = 'ReportBatchItemFailures';
/** A starting cap for the suggestion; the message asks the user to size it to the downstream. */
const SUGGESTED_MAXIMUM_CONCURRENCY = 50;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-lambda-sqs-no-backpressure',
    title: 'Report partial batch failures and cap concurrency on SQS mappings',
    description:
      'Without partial batch responses one bad message returns its whole batch to the queue, and without a concurrency cap a backlog is drained as fast as Lambda can scale; together they amplify load on downstream systems during recovery.',
    category: 'capacity',
    severity: 'info',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_lambda_event_source_mapping'] }],
    fixable: 'suggestion',
    messages: {
      noPartialBatch:
        'When one message of a batch fails, Lambda returns the whole batch to the queue, so the rest are processed again. Return batchItemFailures from the handler and add "ReportBatchItemFailures" to function_response_types.',
      noConcurrencyCap:
        'Neither this mapping (scaling_config.maximum_concurrency) nor {function} (reserved_concurrent_executions) limits concurrency, so a backlog is drained as fast as Lambda scales, loading everything downstream. Set scaling_config.maximum_concurrency.',
      addConcurrencyCap: 'Cap the mapping at {value} concurrent invocations (adjust to what the downstream can take).',
    },
    incident: 'Pipedream, February 2024: a full queue drained on recovery',
    reads: [
      'aws_lambda_event_source_mapping.event_source_arn',
      'aws_lambda_event_source_mapping.function_name',
      'aws_lambda_event_source_mapping.function_response_types',
      'aws_lambda_event_source_mapping.batch_size',
      'aws_lambda_event_source_mapping.scaling_config.maximum_concurrency',
      'aws_lambda_function.reserved_concurrent_executions',
      'aws_lambda_function.function_name',
      'aws_lambda_alias.function_name',
    ],
    since: '0.1.0',
  },

  check(mapping, ctx) {
    if (eventSourceOf(ctx, mapping)?.kind !== 'sqs') return;
    checkPartialBatch(ctx, mapping);
    checkConcurrency(ctx, mapping);
  },
});

function checkPartialBatch(ctx: RuleContext<MessageId>, mapping: Block): void {
  // With one message per batch there is nothing to report partially.
  const batchSize = ctx.attributeValue(mapping, 'batch_size');
  if (batchSize.known && asNumber(batchSize.value) === 1) return;
  const types = getAttribute(mapping, 'function_response_types');
  if (!types) {
    ctx.report({ at: mapping, messageId: 'noPartialBatch' });
    return;
  }
  const value = ctx.valueOf(types.expr, mapping);
  if (!value.known) return;
  const list = value.value === null ? [] : Array.isArray(value.value) ? value.value : undefined;
  if (list && !list.includes(PARTIAL_BATCH) && list.every((item) => typeof item === 'string')) ctx.report({ at: types.expr, messageId: 'noPartialBatch' });
}

function checkConcurrency(ctx: RuleContext<MessageId>, mapping: Block): void {
  if (ctx.mayHaveUnknownBlocks(mapping, 'scaling_config')) return;
  for (const scaling of ctx.nestedBlocks(mapping, 'scaling_config')) {
    const cap = getAttribute(scaling, 'maximum_concurrency');
    if (!cap) continue;
    const value = ctx.valueOf(cap.expr, scaling);
    if (!value.known || value.value !== null) return; // capped, or may be
  }
  const fn = resolveFunction(ctx, getAttribute(mapping, 'function_name')?.expr, mapping);
  if (!fn) return;
  const reserved = getAttribute(fn, 'reserved_concurrent_executions');
  if (reserved) {
    const value = ctx.valueOf(reserved.expr, fn);
    if (!value.known) return;
    const number = value.value === null ? -1 : asNumber(value.value);
    if (number === undefined || number >= 0) return; // -1 means unreserved
  }
  ctx.report({
    at: mapping,
    messageId: 'noConcurrencyCap',
    data: { function: addressOf(fn) ?? 'the function' },
    related: [{ at: reserved?.expr ?? fn, message: 'This function reserves no concurrency.' }],
    suggest: [
      {
        messageId: 'addConcurrencyCap',
        data: { value: SUGGESTED_MAXIMUM_CONCURRENCY },
        edits: (fixer) => fixer.setAttribute(fixer.ensureBlock(mapping, 'scaling_config'), 'maximum_concurrency', String(SUGGESTED_MAXIMUM_CONCURRENCY)),
      },
    ],
  });
}
