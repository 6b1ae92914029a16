// Availability Zones and the resource instances that name them, for the single-point-of-failure rules:
// which zone a subnet is in, and a stable key for one instance of a resource (`aws_subnet.private[1]`).
import { addressOf, asNumber, asString, isExpanded, type Block, type Expression, type RuleContext } from '../api';
import { followReference, referencedType, unwrapExpression } from './references';

/** An Availability Zone name (`eu-west-1a`, `us-west-2-lax-1a`) or zone ID (`euw1-az1`, `usw2-lax1-az1`). */
const ZONE = /^(?:[a-z]{2}(?:-[a-z]+)+-\d+(?:-[a-z]+-\d+)?[a-z]|[a-z]{2,5}\d(?:-[a-z]+\d+)?-az\d+)$/;

/** Whether a text is a whole zone name or ID, not a piece of one (`"a"` from `"${var.region}a"`). */
export function isZone(text: string): boolean {
  return ZONE.test(text);
}

/** The address of one instance: `aws_subnet.a`, `aws_subnet.private[1]`, `aws_subnet.private["eu"]`. */
export function instanceAddress(block: Block): string {
  const address = addressOf(block) ?? block.labels.join('.');
  const key = block.instance?.key;
  if (key === undefined) return address;
  return typeof key === 'number' ? `${address}[${key}]` : `${address}["${key}"]`;
}

/**
 * The one instance of a resource of `type` that an expression names (`aws_subnet.a.id`,
 * `aws_subnet.private[count.index].id`), through locals and `try()`; undefined when it names another type,
 * or a resource under `count`/`for_each` without saying which instance.
 */
export function namedInstance(ctx: RuleContext, expr: Expression | undefined, within: Block | undefined, type: string): Block | undefined {
  const resolved = followReference(expr, ctx, within);
  if (resolved && referencedType(resolved) === type) {
    if (resolved.instance) return resolved.instance;
    if (!isExpanded(resolved.block)) return resolved.block;
  }
  return expr ? indexedSplat(ctx, unwrapExpression(expr, ctx), within, type) : undefined;
}

/**
 * The instance that `aws_x.y.*.id[count.index]`, `aws_x.y[*].id[i]` or `element(aws_x.y.*.id, i)` picks out
 * of a `count` resource, as Terraform 0.11 and many modules still write it.
 */
function indexedSplat(ctx: RuleContext, expr: Expression, within: Block | undefined, type: string): Block | undefined {
  let list: Expression | undefined;
  let index: Expression | undefined;
  let wraps = false;
  if (expr.kind === 'call' && expr.name === 'element' && expr.args.length === 2 && !expr.expandFinal) {
    [list, index] = expr.args;
    wraps = true;
  } else if (expr.kind === 'traversal') {
    const last = expr.steps[expr.steps.length - 1];
    if (last?.kind !== 'index') return undefined;
    list = { ...expr, steps: expr.steps.slice(0, -1) } as Expression;
    index = last.key;
  }
  if (list?.kind !== 'traversal' || !index || list.source.kind !== 'variable') return undefined;
  const [name, splat, attribute, ...rest] = list.steps;
  if (name?.kind !== 'attr' || splat?.kind !== 'splat' || attribute?.kind !== 'attr' || attribute.name !== 'id' || rest.length > 0) return undefined;
  const resolved = ctx.resolveReference({ ...list, steps: [name] } as Expression, within);
  if (!resolved || referencedType(resolved) !== type || resolved.instance || resolved.path.length > 0) return undefined;
  const position = ctx.valueOf(index, within);
  const at = position.known ? asNumber(position.value) : undefined;
  const instances = ctx.instances(resolved.block);
  if (at === undefined || !Number.isInteger(at) || instances.length === 0 || instances.some((i) => typeof i.instance?.key !== 'number')) return undefined;
  const wanted = wraps ? ((at % instances.length) + instances.length) % instances.length : at;
  return instances.find((i) => i.instance?.key === wanted);
}

export interface SubnetZone {
  readonly zone: string;
  /** Where the zone is written. */
  readonly at: Expression;
}

/** The known zone (`availability_zone`, else `availability_zone_id`) of a subnet instance. */
export function subnetZone(ctx: RuleContext, subnet: Block): SubnetZone | undefined {
  for (const name of ['availability_zone', 'availability_zone_id']) {
    const attribute = subnet.body.attributes.find((a) => a.name === name);
    if (!attribute) continue;
    const value = ctx.valueOf(attribute.expr, subnet);
    const zone = value.known ? asString(value.value) : undefined;
    if (zone !== undefined && isZone(zone)) return { zone, at: attribute.expr };
  }
  return undefined;
}

/**
 * The instances of an expanded `aws_subnet` that a list written over all of them names:
 * `[for s in aws_subnet.private : s.id]`, `aws_subnet.private[*].id`, `values(aws_subnet.private)[*].id`.
 * Undefined for anything else, or when the instances are not known.
 */
export function allSubnetInstances(ctx: RuleContext, expr: Expression, within: Block | undefined): Block[] | undefined {
  let current = expr;
  while (current.kind === 'parens') current = current.expr;
  let collection: Expression | undefined;
  if (current.kind === 'for' && !current.condition) collection = current.collection;
  else if (current.kind === 'traversal' && current.steps.some((s) => s.kind === 'splat')) {
    const splat = current.steps.findIndex((s) => s.kind === 'splat');
    const rest = current.steps.slice(splat + 1);
    if (rest.length !== 1 || rest[0]!.kind !== 'attr' || rest[0]!.name !== 'id') return undefined;
    collection = { ...current, steps: current.steps.slice(0, splat) } as Expression;
  }
  if (collection?.kind === 'call' && collection.name === 'values' && collection.args.length === 1) collection = collection.args[0];
  if (!collection) return undefined;
  const resolved = ctx.resolveReference(collection, within);
  if (!resolved || referencedType(resolved) !== 'aws_subnet' || resolved.instance || resolved.path.length > 0 || !isExpanded(resolved.block)) return undefined;
  const instances = ctx.instances(resolved.block);
  return instances.length > 0 && instances.every((i) => i.instance !== undefined) ? [...instances] : undefined;
}
