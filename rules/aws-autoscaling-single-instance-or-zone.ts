// ASG-001. Transloadit, December 2018: when new machines could not be launched, what was left running
// decided how bad the outage was. A group capped at one instance cannot scale out or overlap a
// replacement, and a group confined to one Availability Zone goes down with that zone.
import { asNumber, asString, defineRule, isExpanded, type Block, type Expression, type RelatedLocation, type RuleContext, type Severity } from './api';
import { listItems, type ListItem } from './support/list-items';
import { valueOrigin } from './support/value-origin';

type MessageId = 'singleInstance' | 'singleSubnet' | 'singleZone' | 'singleAvailabilityZone';

/** Tag keys that say which environment a resource belongs to. */
const ENVIRONMENT_KEY = /^(?:env|environment|stage|tier|lifecycle)$/i;
const NON_PRODUCTION = /^(?:dev|develop|development|test|testing|qa|uat|staging|stage|sandbox|sbx|demo|preview|ci|nonprod|non-prod|non-production|ephemeral)$/i;
const BATCH = /^batch$/i;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-autoscaling-single-instance-or-zone',
    title: 'Let autoscaling groups run more than one instance in more than one zone',
    description:
      'An autoscaling group capped at one instance cannot scale out or keep capacity while its instance is replaced, and a group confined to one Availability Zone stops when that zone fails.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_autoscaling_group'] }],
    fixable: 'none',
    messages: {
      singleInstance:
        'max_size is {max}, so this group never runs a second instance: it cannot scale out under load and has nothing left while its one instance is replaced. Set max_size to 2 or more.',
      singleSubnet:
        'This group launches into a single subnet, so all its instances share one Availability Zone and an outage there stops the group. List subnets in two or more zones in vpc_zone_identifier.',
      singleZone:
        'Every subnet of this group is in {zone}, so an outage of that zone stops the group. Add subnets in other Availability Zones to vpc_zone_identifier.',
      singleAvailabilityZone: 'This group may launch only in {zone}, so an outage of that zone stops the group. List two or more zones in availability_zones.',
    },
    incident: 'Transloadit, December 2018: too few instances when launches started to fail',
    reads: [
      'aws_autoscaling_group.min_size',
      'aws_autoscaling_group.max_size',
      'aws_autoscaling_group.desired_capacity',
      'aws_autoscaling_group.vpc_zone_identifier',
      'aws_autoscaling_group.availability_zones',
      'aws_autoscaling_group.tag.key',
      'aws_autoscaling_group.tag.value',
      'aws_subnet.availability_zone',
      'aws_subnet.availability_zone_id',
      'data.aws_subnet.availability_zone',
      'data.aws_subnet.availability_zone_id',
    ],
    since: '0.1.0',
  },

  check(group: Block, ctx) {
    if (isJobRunner(group, ctx)) return;
    const severity: Severity = isNonProductionOrBatch(group, ctx) ? 'info' : 'warning';
    checkMaxSize(group, severity, ctx);
    checkPlacement(group, severity, ctx);
  },
});

function checkMaxSize(group: Block, severity: Severity, ctx: RuleContext<MessageId>): void {
  const attribute = group.body.attributes.find((a) => a.name === 'max_size');
  if (!attribute) return;
  const value = ctx.valueOf(attribute.expr, group);
  const max = value.known ? asNumber(value.value) : undefined;
  // 0 is a group switched off on purpose: no instance, so no single point of failure either.
  if (max !== 1) return;
  ctx.report({ at: attribute.expr, messageId: 'singleInstance', data: { max }, severity, related: originOf(attribute.expr, ctx) });
}

function checkPlacement(group: Block, severity: Severity, ctx: RuleContext<MessageId>): void {
  const subnets = group.body.attributes.find((a) => a.name === 'vpc_zone_identifier');
  const subnetItems = subnets ? listItems(subnets.expr, group, ctx) : undefined;
  if (subnets && subnetItems && subnetItems.length > 0) {
    const distinct = subnetItems.length === 1 ? 1 : distinctKeys(subnetItems, ctx)?.size;
    if (distinct === undefined) return;
    if (distinct === 1) {
      ctx.report({ at: subnets.expr, messageId: 'singleSubnet', severity, related: originOf(subnets.expr, ctx) });
      return;
    }
    const zones = subnetItems.map((item) => subnetZone(item, group, ctx));
    const first = zones[0];
    if (!first || zones.some((z) => z?.zone !== first.zone)) return;
    const zone = zoneLabel(first.zone, first.at, ctx);
    const related: RelatedLocation[] = zones.map((z) => ({ at: z!.at, message: `This subnet is in ${zone}.` }));
    ctx.report({ at: subnets.expr, messageId: 'singleZone', data: { zone }, severity, related });
    return;
  }
  if (subnets && subnetItems === undefined) return; // subnets we cannot see decide the zones
  const zones = group.body.attributes.find((a) => a.name === 'availability_zones');
  const zoneItems = zones ? listItems(zones.expr, group, ctx) : undefined;
  if (!zones || !zoneItems || zoneItems.length === 0) return;
  const names = zoneItems.map((item) => asString(item.value));
  if (names.some((n) => n === undefined) || new Set(names).size !== 1) return;
  const zone = zoneLabel(names[0]!, zoneItems[0]!.expr, ctx);
  ctx.report({ at: zones.expr, messageId: 'singleAvailabilityZone', data: { zone }, severity, related: originOf(zones.expr, ctx) });
}

/** Distinct subnets: known IDs by value, unknown ones by the text that names them; undefined if neither. */
function distinctKeys(items: readonly ListItem[], ctx: RuleContext<MessageId>): Set<string> | undefined {
  const keys = new Set<string>();
  for (const item of items) {
    const id = asString(item.value);
    if (id !== undefined) keys.add(`id:${id}`);
    else if (item.expr) keys.add(`expr:${ctx.sourceText(item.expr).replace(/\s+/g, '')}`);
    else return undefined;
  }
  return keys;
}

/** The Availability Zone (or zone ID) of a subnet this configuration declares, with where it is set. */
function subnetZone(item: ListItem, group: Block, ctx: RuleContext<MessageId>): { zone: string; at: Expression } | undefined {
  if (!item.expr) return undefined;
  // `"${aws_subnet.a.id}"`, as Terraform 0.11 wrote a reference.
  const expr =
    item.expr.kind === 'template' && item.expr.parts.length === 1 && item.expr.parts[0]!.kind === 'interpolation' ? item.expr.parts[0]!.expr : item.expr;
  const reference = ctx.resolveReference(expr, item.inPlace ? group : undefined);
  if (!reference || reference.block.labels[0] !== 'aws_subnet' || reference.path.join('.') !== 'id') return undefined;
  const subnet = reference.instance ?? (isExpanded(reference.block) ? undefined : reference.block);
  if (!subnet) return undefined;
  for (const name of ['availability_zone', 'availability_zone_id']) {
    const attribute = subnet.body.attributes.find((a) => a.name === name);
    if (!attribute) continue;
    const value = ctx.valueOf(attribute.expr, subnet);
    const zone = value.known ? asString(value.value) : undefined;
    return zone ? { zone, at: attribute.expr } : undefined;
  }
  return undefined;
}

/** An Availability Zone name (`eu-west-1a`, `us-west-2-lax-1a`) or zone ID (`euw1-az1`, `usw2-lax1-az1`). */
const ZONE = /^(?:[a-z]{2}(?:-[a-z]+)+-\d+(?:-[a-z]+-\d+)?[a-z]|[a-z]{2,5}\d(?:-[a-z]+\d+)?-az\d+)$/;

/**
 * How a message names a zone: its value when that is a zone's name, else the expression that wrote it. A
 * value such as "a", from `"${var.region}a"` with a placeholder default of "", is not the zone it will be.
 */
function zoneLabel(zone: string, expr: Expression | undefined, ctx: RuleContext<MessageId>): string {
  if (ZONE.test(zone)) return zone;
  return expr ? ctx.sourceText(expr) : 'one zone';
}

/**
 * A group that starts with no instance (min_size and desired_capacity 0; without desired_capacity AWS starts
 * at min_size) runs jobs that something else scales it up for, such as CI runners: not a service to keep up.
 */
function isJobRunner(group: Block, ctx: RuleContext<MessageId>): boolean {
  const min = ctx.attributeValue(group, 'min_size');
  if (!min.known || asNumber(min.value) !== 0) return false;
  if (!group.body.attributes.some((a) => a.name === 'desired_capacity')) return true;
  const desired = ctx.attributeValue(group, 'desired_capacity');
  return desired.known && (desired.value === null || asNumber(desired.value) === 0);
}

/** Tagged as a non-production environment or as batch work, where one instance in one zone is often the plan. */
function isNonProductionOrBatch(group: Block, ctx: RuleContext<MessageId>): boolean {
  return ctx.nestedBlocks(group, 'tag').some((tag) => {
    const key = ctx.attributeValue(tag, 'key');
    const value = ctx.attributeValue(tag, 'value');
    const k = key.known ? asString(key.value) : undefined;
    const v = value.known ? asString(value.value) : undefined;
    if (k === undefined) return false;
    if (BATCH.test(k) || (v !== undefined && BATCH.test(v))) return true;
    return ENVIRONMENT_KEY.test(k) && v !== undefined && NON_PRODUCTION.test(v);
  });
}

function originOf(expr: Expression, ctx: RuleContext<MessageId>): RelatedLocation[] {
  const origin = valueOrigin(expr, ctx.module);
  return origin ? [{ at: origin.at, message: `The value comes from ${origin.name}, set here.` }] : [];
}
