// LAMBDA-001. Pipedream, February 2024: the Lambda API was unavailable for the account, and asynchronous
// events can only wait so long. A function that SNS, S3, EventBridge or a schedule invokes asynchronously
// keeps a failed or throttled event for at most six hours; without a dead-letter queue or an on-failure
// destination the event is then discarded without a trace.
import { addressOf, asNumber, defineRule, getAttribute, isExpanded, type Block, type Expression, type Fixer, type Node, type RuleContext } from './api';
import { alignedArguments, freeLabel, insertResourcesAfter, resourceText } from './support/edits';
import { formatSeconds } from './support/format';
import { onFailureDestination, resolveFunction } from './support/lambda';
import { followReference, isPresent, knownString, referencedBlock, referencedType, sameResource } from './support/references';
import { SQS_MAX_RETENTION_SECONDS } from './support/sqs';

type MessageId = 'eventsDropped' | 'eventsDroppedShortAge' | 'addFailureDestination';

/** Services that invoke Lambda asynchronously when they are granted `lambda:InvokeFunction`. */
const ASYNC_PRINCIPALS = new Set(['s3.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com', 'iot.amazonaws.com', 'scheduler.amazonaws.com']);
/** Below an hour, an ordinary incident outlasts the event age. */
const SHORT_EVENT_AGE_SECONDS = 3600;
const MAX_QUEUE_NAME = 80;

interface Trigger {
  readonly block: Block;
  readonly at: Node;
}

interface InvokeConfigs {
  /** A dead-letter queue or destination is set, or may be. */
  readonly protectedOrUnknown: boolean;
  /** The configs that apply to this function. */
  readonly configs: readonly Block[];
}

export default defineRule<MessageId>({
  meta: {
    id: 'aws-lambda-async-events-dropped',
    title: 'Keep the events an asynchronously invoked function could not process',
    description:
      'Lambda retries an asynchronous event a few times and keeps it for at most six hours; a function invoked by SNS, S3, EventBridge or a schedule that has no dead-letter queue and no on-failure destination loses every event that outlasts that, silently.',
    category: 'data-loss',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_lambda_function'] }],
    fixable: 'suggestion',
    messages: {
      eventsDropped:
        "This function is invoked asynchronously (by {trigger}) but has no dead-letter queue and no on-failure destination, so events that still fail after Lambda's retries, or wait longer than the maximum event age, are discarded. Add an on-failure destination or a dead_letter_config.",
      eventsDroppedShortAge:
        'This function is invoked asynchronously (by {trigger}), keeps waiting events for only {age}, and has no dead-letter queue or on-failure destination, so any disruption longer than that discards events. Add an on-failure destination or a dead_letter_config.',
      addFailureDestination: "Send events that fail to a new queue, aws_sqs_queue.{label} (the function's role needs sqs:SendMessage on it).",
    },
    incident: 'Pipedream, February 2024: Lambda unavailable, events dropped',
    reads: [
      'aws_lambda_function.dead_letter_config.target_arn',
      'aws_lambda_function.function_name',
      'aws_lambda_function_event_invoke_config.function_name',
      'aws_lambda_function_event_invoke_config.maximum_event_age_in_seconds',
      'aws_lambda_function_event_invoke_config.destination_config.on_failure.destination',
      'aws_lambda_permission.function_name',
      'aws_lambda_permission.principal',
      'aws_sns_topic_subscription.protocol',
      'aws_sns_topic_subscription.endpoint',
      'aws_lambda_permission.source_arn',
      'aws_cloudwatch_event_target.arn',
      'aws_cloudwatch_event_target.rule',
      'aws_cloudwatch_event_rule.schedule_expression',
      'aws_cloudwatch_event_rule.event_pattern',
      'aws_scheduler_schedule.schedule_expression',
      'aws_scheduler_schedule.target.arn',
      'aws_s3_bucket_notification.lambda_function.lambda_function_arn',
      'aws_lambda_alias.function_name',
    ],
    since: '0.1.0',
  },

  check(fn, ctx) {
    const triggers = asyncTriggers(ctx, fn);
    if (triggers.length === 0) return;
    if (ctx.mayHaveUnknownBlocks(fn, 'dead_letter_config')) return;
    if (ctx.nestedBlocks(fn, 'dead_letter_config').some((dlq) => isPresent(ctx, dlq, 'target_arn'))) return;
    const invoke = invokeConfigsOf(ctx, fn);
    if (invoke.protectedOrUnknown) return;

    const shortAge = shortEventAge(ctx, invoke.configs);
    const trigger = triggers[0]!;
    const label = freeLabel(ctx, 'aws_sqs_queue', fn.labels[1] ?? 'function', 'failed');
    const fixable = label !== undefined && canAddDestination(ctx, fn, invoke.configs);
    ctx.report({
      at: fn,
      messageId: shortAge ? 'eventsDroppedShortAge' : 'eventsDropped',
      data: {
        trigger: addressOf(trigger.block) ?? trigger.block.labels.join('.'),
        age: shortAge ? formatSeconds(shortAge.seconds) : '',
      },
      related: [
        ...triggers.map((t) => ({ at: t.at, message: 'Invokes the function asynchronously.' })),
        ...(shortAge ? [{ at: shortAge.expr, message: 'Events older than this are discarded.' }] : []),
      ],
      suggest: fixable
        ? [{ messageId: 'addFailureDestination', data: { label: label! }, edits: (fixer) => addFailureDestination(ctx, fixer, fn, invoke.configs, label!) }]
        : [],
    });
  },
});

/** Resources that invoke the function asynchronously. */
function asyncTriggers(ctx: RuleContext<MessageId>, fn: Block): Trigger[] {
  const found: Trigger[] = [];
  const targets = (block: Block, expr: Expression | undefined): boolean => {
    const target = resolveFunction(ctx, expr, block);
    return target !== undefined && sameResource(target, fn);
  };
  for (const instance of instancesOf(ctx, 'aws_lambda_permission')) {
    const principal = knownString(ctx, getAttribute(instance, 'principal')?.expr, instance);
    if (!principal || !ASYNC_PRINCIPALS.has(principal) || !targets(instance, getAttribute(instance, 'function_name')?.expr)) continue;
    if (!isScheduleRule(ctx, getAttribute(instance, 'source_arn')?.expr, instance)) found.push({ block: instance, at: instance });
  }
  for (const instance of instancesOf(ctx, 'aws_sns_topic_subscription')) {
    if (knownString(ctx, getAttribute(instance, 'protocol')?.expr, instance) === 'lambda' && targets(instance, getAttribute(instance, 'endpoint')?.expr)) {
      found.push({ block: instance, at: instance });
    }
  }
  for (const instance of instancesOf(ctx, 'aws_cloudwatch_event_target')) {
    if (targets(instance, getAttribute(instance, 'arn')?.expr) && !isScheduleRule(ctx, getAttribute(instance, 'rule')?.expr, instance)) {
      found.push({ block: instance, at: instance });
    }
  }
  for (const [type, nested, argument] of [
    ['aws_scheduler_schedule', 'target', 'arn'],
    ['aws_s3_bucket_notification', 'lambda_function', 'lambda_function_arn'],
  ] as const) {
    for (const instance of instancesOf(ctx, type)) {
      if (type === 'aws_scheduler_schedule' && isRecurring(knownString(ctx, getAttribute(instance, 'schedule_expression')?.expr, instance))) continue;
      const hit = ctx.nestedBlocks(instance, nested).find((child) => targets(child, getAttribute(child, argument)?.expr));
      if (hit) found.push({ block: instance, at: hit });
    }
  }
  return found;
}

/**
 * A recurring schedule sends a tick with no data of its own, and the next tick does the same work, so a
 * dropped one loses nothing. `at(...)` one-off schedules can carry data and still count.
 */
function isRecurring(expression: string | undefined): boolean {
  return expression !== undefined && /^(rate|cron)\(/.test(expression.trim());
}

/** Whether an expression names an EventBridge rule that runs on a schedule rather than on events. */
function isScheduleRule(ctx: RuleContext<MessageId>, expr: Expression | undefined, within: Block): boolean {
  const resolved = followReference(expr, ctx, within);
  if (!resolved || referencedType(resolved) !== 'aws_cloudwatch_event_rule') return false;
  const rule = referencedBlock(resolved);
  return isPresent(ctx, rule, 'schedule_expression') && !isPresent(ctx, rule, 'event_pattern');
}

function instancesOf(ctx: RuleContext<MessageId>, type: string): Block[] {
  return ctx.module.resourcesOfType(type).flatMap((block) => [...ctx.instances(block)]);
}

/** The event invoke configs of this function, and whether any of them (or one we cannot place) may protect it. */
function invokeConfigsOf(ctx: RuleContext<MessageId>, fn: Block): InvokeConfigs {
  const configs: Block[] = [];
  for (const config of instancesOf(ctx, 'aws_lambda_function_event_invoke_config')) {
    const target = resolveFunction(ctx, getAttribute(config, 'function_name')?.expr, config);
    if (!target) return { protectedOrUnknown: true, configs }; // it may belong to this function
    if (!sameResource(target, fn)) continue;
    if (onFailureDestination(ctx, config, 'destination') !== 'no') return { protectedOrUnknown: true, configs };
    configs.push(config);
  }
  return { protectedOrUnknown: false, configs };
}

/** A `maximum_event_age_in_seconds` known to be under an hour, in one of the function's invoke configs. */
function shortEventAge(ctx: RuleContext<MessageId>, configs: readonly Block[]): { expr: Expression; seconds: number } | undefined {
  for (const config of configs) {
    const age = getAttribute(config, 'maximum_event_age_in_seconds');
    if (!age) continue;
    const value = ctx.valueOf(age.expr, config);
    const seconds = value.known ? asNumber(value.value) : undefined;
    if (seconds !== undefined && seconds < SHORT_EVENT_AGE_SECONDS) return { expr: age.expr, seconds };
  }
  return undefined;
}

/** One new queue, and either one new invoke config or a destination in the single existing one. */
function canAddDestination(ctx: RuleContext<MessageId>, fn: Block, configs: readonly Block[]): boolean {
  if (isExpanded(fn)) return false;
  if (configs.length === 0) return fn.labels[1] !== undefined && !ctx.module.resource('aws_lambda_function_event_invoke_config', fn.labels[1]);
  return configs.length === 1 && !isExpanded(configs[0]!);
}

function addFailureDestination(ctx: RuleContext<MessageId>, fixer: Fixer, fn: Block, configs: readonly Block[], label: string): void {
  const destination = `aws_sqs_queue.${label}.arn`;
  const name = knownString(ctx, getAttribute(fn, 'function_name')?.expr, fn);
  const literalName = getAttribute(fn, 'function_name')?.expr.kind === 'literal' && name && name.length + 7 <= MAX_QUEUE_NAME ? `${name}-failed` : undefined;
  const queue = resourceText(
    'aws_sqs_queue',
    label,
    alignedArguments([...(literalName ? [['name', `"${literalName}"`] as const] : []), ['message_retention_seconds', String(SQS_MAX_RETENTION_SECONDS)]]),
  );
  const existing = configs[0];
  if (existing) {
    const onFailure = fixer.ensureBlock(fixer.ensureBlock(existing, 'destination_config'), 'on_failure');
    fixer.setAttribute(onFailure, 'destination', destination);
    insertResourcesAfter(fixer, fn, [queue]);
    return;
  }
  const config = resourceText('aws_lambda_function_event_invoke_config', fn.labels[1]!, [
    `function_name = aws_lambda_function.${fn.labels[1]}.function_name`,
    '',
    'destination_config {',
    '  on_failure {',
    `    destination = ${destination}`,
    '  }',
    '}',
  ]);
  insertResourcesAfter(fixer, fn, [config, queue]);
}
