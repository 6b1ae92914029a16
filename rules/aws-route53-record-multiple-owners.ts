// DNS-001. A Route 53 record with two owners is two uncoordinated writers on one name: each apply overwrites
// the other, and destroying either deletes the record the other still serves. That is how the October 2025
// us-east-1 outage ended with an empty DNS record. `allow_overwrite` opts a resource into exactly that.
import {
  addressOf,
  asBool,
  asString,
  defineRule,
  getAttribute,
  isExpanded,
  type Block,
  type Evaluated,
  type Expression,
  type Module,
  type RuleContext,
} from './api';

type MessageId = 'duplicateOwner' | 'duplicateInstances' | 'allowOverwrite' | 'removeAllowOverwrite' | 'forgetDuplicate';

/** One instance of a record resource and the record it writes. */
interface Owner {
  readonly block: Block;
  readonly instance: Block;
  readonly name: Expression;
  readonly key: string;
  /** Every part of the key is a known value; otherwise source text was compared. */
  readonly exact: boolean;
}

/** A part of the record key: a known value, or the source text of an expression that always means the same value. */
type KeyPart = { readonly text: string; readonly exact: boolean };

/** Functions whose result differs from call to call: equal text does not mean equal values. */
const IMPURE = /\b(?:uuid|uuidv5|timestamp|bcrypt|plantimestamp)\s*\(/;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-route53-record-multiple-owners',
    title: 'Give every Route 53 record a single owner',
    description:
      'When two resources write the same Route 53 record (or one opts in with allow_overwrite), the last apply wins and destroying either owner deletes the record the other still serves.',
    category: 'availability',
    severity: 'error',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_route53_record'] }],
    fixable: 'suggestion',
    messages: {
      duplicateOwner:
        "The Route 53 record {record} is also managed by {others}: each apply overwrites the other's value, and destroying either resource deletes the record both rely on. Keep one owner and drop the other from state without destroying the record.",
      duplicateInstances:
        'All {count} instances of this resource write the same Route 53 record {record}, so they overwrite each other and destroying any one of them deletes it. Give each instance its own name or set_identifier, or manage the record once.',
      allowOverwrite:
        'allow_overwrite = true lets this resource silently take over the record {record} when someone else already manages it, and destroying it then deletes that record for everyone. Remove it and import the existing record instead.',
      removeAllowOverwrite: 'Remove allow_overwrite.',
      forgetDuplicate: 'Replace this resource with a removed block that leaves the record in Route 53 (Terraform 1.7 or later).',
    },
    incident: 'AWS us-east-1, October 2025: two enactors, one DNS record',
    reads: [
      'aws_route53_record.zone_id',
      'aws_route53_record.name',
      'aws_route53_record.type',
      'aws_route53_record.set_identifier',
      'aws_route53_record.allow_overwrite',
      'aws_route53_zone.name',
      'data.aws_route53_zone.name',
    ],
    since: '0.1.0',
  },

  checkModule(module, ctx) {
    const owners: Owner[] = [];
    for (const block of module.resourcesOfType('aws_route53_record')) {
      for (const instance of ctx.instances(block)) {
        const owner = ownerOf(block, instance, ctx);
        if (owner) owners.push(owner);
      }
    }
    const reported = new Set<Block>();
    for (const group of groupBy(owners, (o) => o.key).values()) {
      if (group.length < 2) continue;
      reportDuplicates(group, module, ctx);
      for (const owner of group) reported.add(owner.block);
    }
    for (const block of module.resourcesOfType('aws_route53_record')) {
      if (reported.has(block) || validatesCertificate(block, module, ctx) || isZoneApexRecord(block, ctx)) continue;
      const attribute = getAttribute(block, 'allow_overwrite');
      if (!attribute) continue;
      // Under count/for_each every instance shares the expression; one finding is enough.
      const overwriting = ctx.instances(block).filter((instance) => isTrue(ctx.valueOf(attribute.expr, instance)));
      if (overwriting.length === 0) continue;
      ctx.report({
        at: attribute.expr,
        messageId: 'allowOverwrite',
        data: { record: recordLabel(block, overwriting, ctx) },
        severity: 'warning',
        suggest: [{ messageId: 'removeAllowOverwrite', edits: (fixer) => fixer.removeAttribute(attribute) }],
      });
    }
  },
});

function isTrue(value: Evaluated): boolean {
  return value.known && asBool(value.value) === true;
}

function ownerOf(block: Block, instance: Block, ctx: RuleContext<MessageId>): Owner | undefined {
  // Under a count or for_each we cannot expand, the instance may not exist at all (`cond ? 1 : 0`).
  if (isExpanded(block) && !instance.instance) return undefined;
  const name = getAttribute(block, 'name');
  const zone = zoneOf(instance, ctx);
  if (!name || !zone) return undefined;
  const nameValue = ctx.valueOf(name.expr, instance);
  const knownName = nameValue.known ? asString(nameValue.value) : undefined;
  const namePart: KeyPart | undefined = knownName !== undefined ? { text: fqdn(knownName, zone.zoneName), exact: true } : stableText(name.expr, ctx);
  const type = part(instance, 'type', ctx, (v) => v.toUpperCase());
  const setIdentifier = getAttribute(instance, 'set_identifier') ? part(instance, 'set_identifier', ctx, (v) => v) : { text: '', exact: true };
  if (!namePart || !type || !setIdentifier) return undefined;
  const parts = [namePart, type, setIdentifier];
  const key = [zone.key, ...parts.map((p) => `${p.exact ? 'v' : 't'}:${p.text}`)].join('\u0000');
  return { block, instance, name: name.expr, key, exact: parts.every((p) => p.exact) };
}

function part(instance: Block, attributeName: string, ctx: RuleContext<MessageId>, normalize: (value: string) => string): KeyPart | undefined {
  const attribute = getAttribute(instance, attributeName);
  if (!attribute) return undefined;
  const value = ctx.valueOf(attribute.expr, instance);
  const text = value.known ? asString(value.value) : undefined;
  return text !== undefined ? { text: normalize(text), exact: true } : stableText(attribute.expr, ctx);
}

/** Source text that means the same value wherever it appears in this module, or undefined. */
function stableText(expr: Expression, ctx: RuleContext<MessageId>): KeyPart | undefined {
  if (ctx.referencesIn(expr).some((r) => r.kind === 'each' || r.kind === 'count' || r.kind === 'self')) return undefined;
  const text = ctx.sourceText(expr);
  if (IMPURE.test(text)) return undefined;
  return { text: text.replace(/\s+/g, ' '), exact: false };
}

/** The hosted zone a record lives in: a zone block of this module, a known zone ID, or stable source text. */
function zoneOf(instance: Block, ctx: RuleContext<MessageId>): { key: string; zoneName?: string } | undefined {
  const attribute = getAttribute(instance, 'zone_id');
  if (!attribute) return undefined;
  const resolved = ctx.resolveReference(attribute.expr, instance);
  if (resolved && resolved.block.labels[0] === 'aws_route53_zone' && (!isExpanded(resolved.block) || resolved.instance)) {
    const zone = resolved.instance ?? resolved.block;
    const name = ctx.attributeValue(zone, 'name');
    const zoneName = name.known ? asString(name.value) : undefined;
    const key = `zone:${addressOf(resolved.block)}[${String(zone.instance?.key ?? '')}]`;
    return zoneName !== undefined ? { key, zoneName } : { key };
  }
  const value = ctx.valueOf(attribute.expr, instance);
  const id = value.known ? asString(value.value) : undefined;
  if (id !== undefined) return { key: `id:${id}` };
  const text = stableText(attribute.expr, ctx);
  return text ? { key: `text:${text.text}` } : undefined;
}

/**
 * How a message names the record the instances write: `"api.shop.example" (A)` when the name is known (the
 * same for each instance), else the expression that names it, `"bounce.${var.domain}" (MX)`.
 */
function recordLabel(block: Block, instances: readonly Block[], ctx: RuleContext<MessageId>): string {
  const name = getAttribute(block, 'name');
  const names = new Set<string>();
  const types = new Set<string>();
  for (const instance of instances) {
    const value = name ? ctx.valueOf(name.expr, instance) : undefined;
    const known = value?.known ? asString(value.value) : undefined;
    names.add(known !== undefined ? `"${fqdn(known, zoneOf(instance, ctx)?.zoneName)}"` : '');
    const type = ctx.attributeValue(instance, 'type');
    const knownType = type.known ? asString(type.value) : undefined;
    types.add(knownType?.toUpperCase() ?? '');
  }
  const [only] = names;
  const label = names.size === 1 && only !== '' ? only! : name ? ctx.sourceText(name.expr).replace(/\s+/g, ' ') : (addressOf(block) ?? 'this record');
  const [type] = types;
  return types.size === 1 && type !== '' ? `${label} (${type})` : label;
}

/** The record name as Route 53 stores it: lower case, no trailing dot, the zone name appended as the provider does. */
function fqdn(name: string, zoneName: string | undefined): string {
  let record = name.toLowerCase().replace(/\\052/g, '*').replace(/\.$/, '');
  if (zoneName === undefined) return record;
  const zone = zoneName.toLowerCase().replace(/\.$/, '');
  if (record === '') record = zone;
  else if (!record.endsWith(zone)) record = `${record}.${zone}`;
  return record;
}

function reportDuplicates(group: readonly Owner[], module: Module, ctx: RuleContext<MessageId>): void {
  const severity = group.every((o) => o.exact) ? 'error' : 'warning';
  const blocks = [...new Set(group.map((o) => o.block))];
  if (blocks.length === 1) {
    const owner = group[0]!;
    ctx.report({
      at: owner.name,
      messageId: 'duplicateInstances',
      data: { count: group.length, record: recordLabel(owner.block, [owner.instance], ctx) },
      severity,
    });
    return;
  }
  for (const block of blocks) {
    const owner = group.find((o) => o.block === block)!;
    const others = blocks.filter((b) => b !== block);
    ctx.report({
      at: owner.name,
      messageId: 'duplicateOwner',
      data: { record: recordLabel(block, [owner.instance], ctx), others: others.map((b) => addressOf(b) ?? '').join(', ') },
      severity,
      related: others.map((other) => ({
        at: group.find((o) => o.block === other)!.name,
        message: `${addressOf(other) ?? 'Another resource'} writes the same record.`,
      })),
      suggest: canForget(block, module) ? [{ messageId: 'forgetDuplicate', edits: (fixer) => fixer.replace(block, removedBlock(block)) }] : [],
    });
  }
}

/** A plain resource nothing else refers to can be replaced by a `removed` block without breaking the module. */
function canForget(block: Block, module: Module): boolean {
  const address = addressOf(block);
  if (address === undefined || isExpanded(block) || block.damaged) return false;
  return module.referencesTo(address).every((r) => r.from === block);
}

function removedBlock(block: Block): string {
  return `removed {\n  from = ${addressOf(block)}\n\n  lifecycle {\n    destroy = false\n  }\n}`;
}

/**
 * A record that validates an ACM certificate: the provider documents allow_overwrite for these, and every
 * owner writes the same deterministic value, so taking the record over changes nothing.
 */
function validatesCertificate(block: Block, module: Module, ctx: RuleContext<MessageId>): boolean {
  const seen = new Set<string>();
  const pending = [...ctx.referencesIn(block)];
  while (pending.length > 0) {
    const reference = pending.pop()!;
    if (reference.address.startsWith('aws_acm_certificate.') && reference.path.includes('domain_validation_options')) return true;
    if (reference.kind !== 'local' || seen.has(reference.address)) continue;
    seen.add(reference.address);
    const local = module.locals.get(reference.address.slice('local.'.length));
    if (local) pending.push(...ctx.referencesIn(local.expr));
  }
  return false;
}

/**
 * The SOA record, or the NS record at the zone apex: Route 53 creates these with the zone, so managing them
 * needs allow_overwrite, and the provider documents it for that purpose.
 */
function isZoneApexRecord(block: Block, ctx: RuleContext<MessageId>): boolean {
  const type = ctx.attributeValue(block, 'type');
  const recordType = type.known ? asString(type.value)?.toUpperCase() : undefined;
  if (recordType === 'SOA') return true;
  if (recordType !== 'NS') return false;
  const name = getAttribute(block, 'name');
  const zone = zoneOf(block, ctx);
  if (!name || !zone) return false;
  const resolved = ctx.resolveReference(name.expr, block);
  if (resolved?.block.labels[0] === 'aws_route53_zone' && resolved.path[0] === 'name') return true;
  const value = ctx.valueOf(name.expr, block);
  const known = value.known ? asString(value.value) : undefined;
  return known !== undefined && zone.zoneName !== undefined && fqdn(known, zone.zoneName) === fqdn('', zone.zoneName);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}
