// Lambda wiring shared by the queue and retry rules: which function an argument names (through aliases,
// names and ARNs), what kind of source an event source mapping polls, and whether a failure destination is set.
import { getAttribute, type Block, type Expression, type RuleContext } from '../api';
import { followReference, knownString, referencedBlock, referencedType } from './references';

const MAX_ALIAS_DEPTH = 3;

/**
 * The `aws_lambda_function` (instance, when known) that a `function_name`, `endpoint` or `arn` argument names:
 * a reference to the function or to one of its aliases, or a literal name or ARN of a function whose
 * `function_name` is known. Undefined when that cannot be told from this module.
 */
export function resolveFunction(ctx: RuleContext, expr: Expression | undefined, within?: Block, depth = 0): Block | undefined {
  if (!expr || depth > MAX_ALIAS_DEPTH) return undefined;
  const resolved = followReference(expr, ctx, within);
  if (resolved) {
    const type = referencedType(resolved);
    const block = referencedBlock(resolved);
    if (type === 'aws_lambda_function') return block;
    if (type === 'aws_lambda_alias') return resolveFunction(ctx, getAttribute(block, 'function_name')?.expr, block, depth + 1);
    return undefined;
  }
  const text = knownString(ctx, expr, within);
  return text === undefined ? undefined : functionNamed(ctx, functionNameOf(text));
}

/** `my-fn`, `my-fn:live`, or `arn:aws:lambda:us-east-1:123456789012:function:my-fn[:live]` → `my-fn`. */
function functionNameOf(text: string): string {
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(text);
  if (arn) return arn[1]!;
  return text.split(':')[0]!;
}

/** The one function instance in this module whose known `function_name` is `name`. */
function functionNamed(ctx: RuleContext, name: string): Block | undefined {
  const matches: Block[] = [];
  for (const fn of ctx.module.resourcesOfType('aws_lambda_function')) {
    for (const instance of ctx.instances(fn)) {
      if (knownString(ctx, getAttribute(instance, 'function_name')?.expr, instance) === name) matches.push(instance);
    }
  }
  return matches.length === 1 ? matches[0] : undefined;
}

export type EventSourceKind = 'sqs' | 'kinesis' | 'dynamodb' | 'other';

export interface EventSource {
  readonly kind: EventSourceKind;
  /** The `aws_sqs_queue` (instance, when known) for an SQS source declared in this module. */
  readonly queue?: Block;
}

const SOURCE_TYPES: Readonly<Record<string, EventSourceKind>> = {
  aws_sqs_queue: 'sqs',
  'data.aws_sqs_queue': 'sqs',
  aws_kinesis_stream: 'kinesis',
  'data.aws_kinesis_stream': 'kinesis',
  aws_kinesis_stream_consumer: 'kinesis',
  'data.aws_kinesis_stream_consumer': 'kinesis',
  aws_msk_cluster: 'other',
  aws_msk_serverless_cluster: 'other',
  aws_mq_broker: 'other',
  aws_docdb_cluster: 'other',
};

/** What an `aws_lambda_event_source_mapping` polls, or undefined when its source cannot be told. */
export function eventSourceOf(ctx: RuleContext, mapping: Block): EventSource | undefined {
  const attribute = getAttribute(mapping, 'event_source_arn');
  // Self-managed Kafka has no event_source_arn.
  if (!attribute)
    return getAttribute(mapping, 'self_managed_event_source') || mapping.body.blocks.some((b) => b.type === 'self_managed_event_source')
      ? { kind: 'other' }
      : undefined;
  const resolved = followReference(attribute.expr, ctx, mapping);
  if (resolved) {
    const type = referencedType(resolved);
    if (type === undefined) return undefined;
    if (type === 'aws_dynamodb_table' || type === 'data.aws_dynamodb_table') return resolved.path[0] === 'stream_arn' ? { kind: 'dynamodb' } : undefined;
    const kind = SOURCE_TYPES[type];
    if (kind === 'sqs' && type === 'aws_sqs_queue') return { kind, queue: referencedBlock(resolved) };
    return kind ? { kind } : undefined;
  }
  const text = knownString(ctx, attribute.expr, mapping) ?? leadingText(attribute.expr);
  return text === undefined ? undefined : kindOfArn(text);
}

/** The literal start of a template (`"arn:aws:sqs:${var.region}:..."` gives `arn:aws:sqs:`). */
function leadingText(expr: Expression): string | undefined {
  if (expr.kind !== 'template') return undefined;
  const first = expr.parts[0];
  return first?.kind === 'text' ? first.value : undefined;
}

function kindOfArn(text: string): EventSource | undefined {
  const service = /^arn:[^:]+:([a-z0-9-]+):/.exec(text)?.[1];
  if (service === 'sqs') return { kind: 'sqs' };
  if (service === 'kinesis') return { kind: 'kinesis' };
  if (service === 'dynamodb') return /:table\/[^/]+\/stream\//.test(text) ? { kind: 'dynamodb' } : undefined;
  if (service === 'kafka' || service === 'mq' || service === 'rds') return { kind: 'other' };
  return undefined;
}

export type Tristate = 'yes' | 'no' | 'unknown';

/**
 * Whether `destination_config { on_failure { <attribute> = ... } }` is set on a block: `unknown` when a
 * `dynamic` block or an unknown value leaves it open.
 */
export function onFailureDestination(ctx: RuleContext, block: Block, attribute: string): Tristate {
  if (ctx.mayHaveUnknownBlocks(block, 'destination_config')) return 'unknown';
  let result: Tristate = 'no';
  for (const config of ctx.nestedBlocks(block, 'destination_config')) {
    if (ctx.mayHaveUnknownBlocks(config, 'on_failure')) result = 'unknown';
    for (const onFailure of ctx.nestedBlocks(config, 'on_failure')) {
      const target = getAttribute(onFailure, attribute);
      if (!target) continue;
      const value = ctx.valueOf(target.expr, onFailure);
      if (!value.known) result = 'unknown';
      else if (value.value !== null && value.value !== '') return 'yes';
    }
  }
  return result;
}
