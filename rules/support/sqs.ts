// SQS facts shared by the queue rules: effective settings with the provider's defaults, redrive policies
// (inline or `aws_sqs_queue_redrive_policy`), what they point at, and which queues serve as dead-letter queues.
import { asNumber, getAttribute, type Attribute, type Block, type Expression, type RuleContext } from '../api';
import { followReference, knownString, referencedBlock, referencedType, sameResource, unwrapExpression } from './references';

/** Provider defaults (hashicorp/aws 5.100.0, observed with `terraform plan`). */
export const SQS_DEFAULT_RETENTION_SECONDS = 345600;
export const SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
export const SQS_MAX_RETENTION_SECONDS = 1209600;

/** A number argument as the provider will see it: the value, or the default when the argument is absent or null. */
export interface NumberSetting {
  readonly value: number;
  /** The argument, when it is written (absent: the default applies). */
  readonly attribute?: Attribute;
  /** The argument is written as a plain number in the source. */
  readonly literal: boolean;
}

/** The effective number, or undefined when it is written but cannot be known. */
export function numberSetting(ctx: RuleContext, block: Block, name: string, fallback: number): NumberSetting | undefined {
  const attribute = getAttribute(block, name);
  if (!attribute) return { value: fallback, literal: false };
  const value = ctx.valueOf(attribute.expr, block);
  if (!value.known) return undefined;
  if (value.value === null) return { value: fallback, attribute, literal: false };
  const number = asNumber(value.value);
  return number === undefined ? undefined : { value: number, attribute, literal: attribute.expr.kind === 'literal' };
}

/** Whether a queue is FIFO: true, false, or undefined when that cannot be known. */
export function isFifo(ctx: RuleContext, queue: Block): boolean | undefined {
  const attribute = getAttribute(queue, 'fifo_queue');
  if (!attribute) return false;
  const value = ctx.valueOf(attribute.expr, queue);
  if (!value.known) return undefined;
  return value.value === true || value.value === 'true';
}

/** One redrive policy of a source queue: the expression and the block it is written in. */
export interface RedrivePolicy {
  readonly expr: Expression;
  readonly attribute: Attribute;
  /** The source queue itself, or an `aws_sqs_queue_redrive_policy` (instance). */
  readonly owner: Block;
}

export interface RedriveLookup {
  readonly policies: readonly RedrivePolicy[];
  /** Some `aws_sqs_queue_redrive_policy` names a queue this module cannot resolve: it may be this one. */
  readonly maybeMore: boolean;
  /** An inline redrive policy whose value cannot be known (it may be null). */
  readonly unknownInline: boolean;
}

/** The redrive policies that apply to a queue (instance). */
export function redrivePoliciesOf(ctx: RuleContext, queue: Block): RedriveLookup {
  const policies: RedrivePolicy[] = [];
  let unknownInline = false;
  const inline = getAttribute(queue, 'redrive_policy');
  if (inline) {
    const value = ctx.valueOf(inline.expr, queue);
    if (!value.known) unknownInline = true;
    if (!value.known || (value.value !== null && value.value !== '')) policies.push({ expr: inline.expr, attribute: inline, owner: queue });
  }
  let maybeMore = false;
  for (const resource of ctx.module.resourcesOfType('aws_sqs_queue_redrive_policy')) {
    for (const instance of ctx.instances(resource)) {
      const url = getAttribute(instance, 'queue_url');
      const policy = getAttribute(instance, 'redrive_policy');
      const target = followReference(url?.expr, ctx, instance);
      if (!target || referencedType(target) !== 'aws_sqs_queue') {
        maybeMore = true;
        continue;
      }
      if (policy && sameResource(referencedBlock(target), queue)) policies.push({ expr: policy.expr, attribute: policy, owner: instance });
    }
  }
  return { policies, maybeMore, unknownInline };
}

/** The queue a redrive policy dead-letters to, when it is an `aws_sqs_queue` of this module. */
export function deadLetterQueueOf(ctx: RuleContext, policy: RedrivePolicy): Block | undefined {
  const targets = valuesForKey(ctx, policy.expr, 'deadLetterTargetArn');
  let found: Block | undefined;
  for (const target of targets) {
    const resolved = followReference(target, ctx, policy.owner);
    if (!resolved || referencedType(resolved) !== 'aws_sqs_queue') return undefined;
    const block = referencedBlock(resolved);
    if (found && !sameResource(found, block)) return undefined; // two different queues, e.g. in a conditional
    found = block;
  }
  return found;
}

/** `maxReceiveCount` of a redrive policy, and the expression to point at, when it is known. */
export function maxReceiveCountOf(ctx: RuleContext, policy: RedrivePolicy): { value: number; at: Expression } | undefined {
  const values = valuesForKey(ctx, policy.expr, 'maxReceiveCount');
  if (values.length === 1) {
    const value = ctx.valueOf(values[0], policy.owner);
    const number = value.known ? asNumber(value.value) : undefined;
    return number === undefined ? undefined : { value: number, at: values[0]! };
  }
  if (values.length > 1) return undefined;
  // A whole policy that is known text: `"{\"maxReceiveCount\":3,...}"`, or a heredoc.
  const text = knownString(ctx, policy.expr, policy.owner) ?? templateText(unwrapExpression(policy.expr, ctx));
  const match = text === undefined ? null : /"maxReceiveCount"\s*:\s*"?(\d+)/.exec(text);
  return match ? { value: Number(match[1]), at: policy.expr } : undefined;
}

/** The literal text of a template, interpolations left out. */
function templateText(expr: Expression): string | undefined {
  if (expr.kind !== 'template') return undefined;
  return expr.parts.map((part) => (part.kind === 'text' ? part.value : ' ')).join('');
}

/**
 * The expressions given for `key` in the objects of a policy: `jsonencode({ key = x })`, `merge({ key = x }, ...)`,
 * both arms of a conditional, a local holding the object, or a JSON heredoc with `"key": "${x}"`.
 */
function valuesForKey(ctx: RuleContext, expr: Expression, key: string, depth = 0): Expression[] {
  if (depth > 8) return [];
  const target = unwrapExpression(expr, ctx);
  switch (target.kind) {
    case 'object':
      return target.items.filter((item) => objectKey(item.key) === key).map((item) => item.value);
    case 'call':
      return target.args.flatMap((arg) => valuesForKey(ctx, arg, key, depth + 1));
    case 'conditional':
      return [...valuesForKey(ctx, target.trueResult, key, depth + 1), ...valuesForKey(ctx, target.falseResult, key, depth + 1)];
    case 'template': {
      const found: Expression[] = [];
      const pattern = new RegExp(`"${key}"\\s*:\\s*"?\\s*$`);
      target.parts.forEach((part, i) => {
        const next = target.parts[i + 1];
        if (part.kind === 'text' && next?.kind === 'interpolation' && pattern.test(part.value)) found.push(next.expr);
      });
      return found;
    }
    default:
      return [];
  }
}

function objectKey(expr: Expression): string | undefined {
  let key = expr;
  while (key.kind === 'parens') key = key.expr;
  if (key.kind === 'literal' && typeof key.value === 'string') return key.value;
  if (key.kind === 'variable') return key.name;
  return undefined;
}

/** Arguments and nested blocks that name a queue as the place failed messages or events go. */
const FAILURE_TARGETS = new Set(['redrive_policy', 'dead_letter_config', 'destination_config']);

/**
 * Whether a queue serves as a dead-letter or failure queue: it has a redrive allow policy, or another
 * resource names it in a redrive policy, a `dead_letter_config` or a `destination_config`.
 */
export function isDeadLetterQueue(ctx: RuleContext, queue: Block): boolean {
  if (getAttribute(queue, 'redrive_allow_policy')) return true;
  const address = `${queue.labels[0]}.${queue.labels[1]}`;
  return ctx.module.referencesTo(address).some((reference) => {
    const names = enclosingNames(reference.from, reference.range.start.offset);
    if (reference.from.labels[0] === 'aws_sqs_queue_redrive_allow_policy') return names[0] === 'queue_url';
    return names.some((name) => FAILURE_TARGETS.has(name));
  });
}

/** The names of the nested blocks and the argument of a block that contain an offset. */
function enclosingNames(block: Block, offset: number): string[] {
  const names: string[] = [];
  let body = block.body;
  for (;;) {
    const item = body.items.find((i) => i.range.start.offset <= offset && offset < i.range.end.offset);
    if (!item) return names;
    if (item.node === 'attribute') return [...names, item.name];
    names.push(item.type === 'dynamic' ? (item.labels[0] ?? 'dynamic') : item.type);
    body = item.body;
  }
}
