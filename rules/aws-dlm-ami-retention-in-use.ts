// XR-003. A DLM policy that keeps only the newest N AMIs deregisters images that launch templates still
// name: the "keep the last N" clean-up of the October 2025 us-east-1 outage, deleting something in use,
// which then surfaces as instances that cannot launch (Transloadit, December 2018).
import {
  addressOf,
  asBool,
  asNumber,
  asString,
  defineRule,
  getAttribute,
  type Block,
  type Expression,
  type Module,
  type RelatedLocation,
  type RuleContext,
  type Value,
} from './api';
import { localExpression } from './support/locals';

type MessageId = 'countRetention' | 'countRetentionPinned';

/** A launch template or launch configuration whose AMI comes from a `data "aws_ami"` lookup. */
interface Consumer {
  readonly block: Block;
  readonly imageId: Expression;
  readonly lookup: Block;
}

/** Tags the AMIs of one DLM schedule carry, and whether that list is complete (no copied instance tags). */
interface AmiTags {
  readonly tags: ReadonlyMap<string, string>;
  readonly complete: boolean;
}

const LAUNCH_DEFINITIONS = ['aws_launch_template', 'aws_launch_configuration'] as const;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-dlm-ami-retention-in-use',
    title: 'Do not let DLM deregister AMIs that launch templates use',
    description:
      'A DLM AMI policy that keeps only the newest N images deregisters older ones even while a launch template still names them, so scale-out, instance replacement and rollbacks fail once N newer images exist.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [
      { block: 'resource', labels: ['aws_dlm_lifecycle_policy', 'aws_launch_template', 'aws_launch_configuration', 'aws_autoscaling_group'] },
      { block: 'data', labels: ['aws_ami'] },
    ],
    fixable: 'none',
    messages: {
      countRetention:
        'This policy keeps only the newest {count} AMIs it creates, and {consumers} launches from an AMI chosen by a lookup that matches them: once newer images exist and nobody has applied Terraform since, launches fail. Retain AMIs by age (interval) for longer than your rollback window.',
      countRetentionPinned:
        'This policy keeps only the newest {count} AMIs it creates, and {groups} stays on a fixed launch template version whose AMI it will deregister: scale-out and instance replacement then fail. Retain AMIs by age (interval) for longer than your rollback window, and let the group follow the new versions.',
    },
    incident: 'AWS us-east-1, October 2025: a keep-last-N clean-up deleted what was in use',
    reads: [
      'aws_dlm_lifecycle_policy.state',
      'aws_dlm_lifecycle_policy.policy_details.policy_type',
      'aws_dlm_lifecycle_policy.policy_details.target_tags',
      'aws_dlm_lifecycle_policy.policy_details.schedule.copy_tags',
      'aws_dlm_lifecycle_policy.policy_details.schedule.tags_to_add',
      'aws_dlm_lifecycle_policy.policy_details.schedule.retain_rule.count',
      'aws_dlm_lifecycle_policy.policy_details.schedule.retain_rule.interval',
      'data.aws_ami.owners',
      'data.aws_ami.tags',
      'data.aws_ami.filter.name',
      'data.aws_ami.filter.values',
      'aws_launch_template.image_id',
      'aws_launch_template.update_default_version',
      'aws_launch_template.default_version',
      'aws_launch_configuration.image_id',
      'aws_autoscaling_group.launch_template.version',
      'aws_autoscaling_group.mixed_instances_policy.launch_template.launch_template_specification.version',
    ],
    since: '0.1.0',
  },

  checkModule(module, ctx) {
    const consumers = findConsumers(module, ctx);
    if (consumers.length === 0) return;
    for (const policy of module.resourcesOfType('aws_dlm_lifecycle_policy').flatMap((b) => ctx.instances(b))) {
      const state = ctx.attributeValue(policy, 'state');
      if (state.known && asString(state.value) === 'DISABLED') continue;
      for (const details of ctx.nestedBlocks(policy, 'policy_details')) {
        const type = ctx.attributeValue(details, 'policy_type');
        if (!type.known || asString(type.value) !== 'IMAGE_MANAGEMENT') continue;
        for (const schedule of ctx.nestedBlocks(details, 'schedule')) checkSchedule(schedule, details, consumers, module, ctx);
      }
    }
  },
});

function checkSchedule(schedule: Block, details: Block, consumers: readonly Consumer[], module: Module, ctx: RuleContext<MessageId>): void {
  const retain = ctx.nestedBlocks(schedule, 'retain_rule')[0];
  const count = retain ? getAttribute(retain, 'count') : undefined;
  if (!retain || !count || getAttribute(retain, 'interval')) return;
  const tags = amiTags(schedule, details, ctx);
  if (!tags) return;
  const matching = consumers.filter((c) => lookupSelects(c.lookup, tags, ctx));
  if (matching.length === 0) return;
  const n = ctx.valueOf(count.expr, retain);
  const countText = (n.known ? asNumber(n.value) : undefined)?.toString() ?? 'few';
  const related: RelatedLocation[] = matching.map((c) => ({
    at: c.imageId,
    message: `${addressOf(c.block) ?? 'This launch definition'} takes its AMI from ${addressOf(c.lookup) ?? 'a lookup'}, which selects the AMIs this policy creates.`,
  }));
  const pinned = matching.flatMap((c) => pinnedVersions(c.block, module, ctx));
  for (const version of pinned) related.push({ at: version.at, message: version.reason });
  const names = (blocks: readonly Block[]): string => [...new Set(blocks.map((b) => addressOf(b) ?? b.labels.join('.')))].join(', ');
  if (pinned.length > 0) {
    ctx.report({ at: count.expr, messageId: 'countRetentionPinned', data: { count: countText, groups: names(pinned.map((p) => p.group)) }, related });
  } else {
    ctx.report({ at: count.expr, messageId: 'countRetention', data: { count: countText, consumers: names(matching.map((c) => c.block)) }, related });
  }
}

/** Launch templates and launch configurations whose AMI is a `data "aws_ami"` lookup (possibly through locals). */
function findConsumers(module: Module, ctx: RuleContext<MessageId>): Consumer[] {
  const consumers: Consumer[] = [];
  for (const type of LAUNCH_DEFINITIONS) {
    for (const block of module.resourcesOfType(type).flatMap((b) => ctx.instances(b))) {
      const imageId = getAttribute(block, 'image_id');
      const lookup = imageId ? amiLookup(imageId.expr, block, module, ctx) : undefined;
      if (imageId && lookup) consumers.push({ block, imageId: imageId.expr, lookup });
    }
  }
  return consumers;
}

function amiLookup(expr: Expression, within: Block | undefined, module: Module, ctx: RuleContext<MessageId>, depth = 0): Block | undefined {
  const resolved = ctx.resolveReference(expr, within);
  if (resolved?.block.type === 'data' && resolved.block.labels[0] === 'aws_ami') return resolved.instance ?? resolved.block;
  const local = depth < 8 ? localExpression(expr, module) : undefined;
  return local ? amiLookup(local, undefined, module, ctx, depth + 1) : undefined;
}

/** The tags DLM puts on the AMIs of a schedule: tags_to_add, plus the instance's tags when copy_tags is on. */
function amiTags(schedule: Block, details: Block, ctx: RuleContext<MessageId>): AmiTags | undefined {
  const tags = new Map<string, string>();
  const added = ctx.attributeValue(schedule, 'tags_to_add');
  if (getAttribute(schedule, 'tags_to_add') && !added.known) return undefined;
  if (added.known) addStrings(tags, added.value);
  const copy = ctx.attributeValue(schedule, 'copy_tags');
  if (getAttribute(schedule, 'copy_tags') && !copy.known) return undefined;
  const copied = copy.known && asBool(copy.value) === true;
  if (copied) {
    // The AMI gets every tag of the source instance; of those, only the targeted ones are known.
    const target = ctx.attributeValue(details, 'target_tags');
    if (target.known) addStrings(tags, target.value);
  }
  return { tags, complete: !copied };
}

function addStrings(into: Map<string, string>, value: Value): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, item] of Object.entries(value as Record<string, Value>)) {
    const text = asString(item);
    if (text !== undefined) into.set(key, text);
  }
}

/**
 * Whether an AMI lookup selects the images of a DLM schedule: at least one of its tag filters matches a tag
 * those images carry, and none contradicts them. Other filters (name, architecture) cannot be judged and
 * are left alone; an unknown tag filter makes the answer unknown, so no.
 */
function lookupSelects(lookup: Block, ami: AmiTags, ctx: RuleContext<MessageId>): boolean {
  const owners = ctx.attributeValue(lookup, 'owners');
  if (owners.known && Array.isArray(owners.value) && !owners.value.some((o) => o === 'self' || (typeof o === 'string' && /^\d{12}$/.test(o)))) return false;
  const constraints: { key?: string; keys?: readonly string[]; values?: readonly string[] }[] = [];
  for (const filter of ctx.nestedBlocks(lookup, 'filter')) {
    const name = ctx.attributeValue(filter, 'name');
    const values = ctx.attributeValue(filter, 'values');
    const filterName = name.known ? asString(name.value) : undefined;
    if (filterName === undefined) return false;
    const isTagFilter = filterName.startsWith('tag:') || filterName === 'tag-key';
    if (!isTagFilter) continue;
    const list = values.known && Array.isArray(values.value) ? values.value.map(asString) : undefined;
    if (!list || list.some((v) => v === undefined)) return false;
    if (filterName === 'tag-key') constraints.push({ keys: list as string[] });
    else constraints.push({ key: filterName.slice('tag:'.length), values: list as string[] });
  }
  if (getAttribute(lookup, 'tags')) {
    const tags = ctx.attributeValue(lookup, 'tags');
    if (!tags.known) return false;
    const exact = new Map<string, string>();
    addStrings(exact, tags.value);
    for (const [key, value] of exact) constraints.push({ key, values: [escapeGlob(value)] });
  }
  let matched = false;
  for (const constraint of constraints) {
    if (constraint.keys) {
      if ([...ami.tags.keys()].some((k) => constraint.keys!.some((pattern) => globMatches(pattern, k)))) matched = true;
      else if (ami.complete) return false;
      continue;
    }
    const value = ami.tags.get(constraint.key!);
    if (value === undefined) {
      if (ami.complete) return false;
      continue;
    }
    if (!constraint.values!.some((pattern) => globMatches(pattern, value))) return false;
    matched = true;
  }
  return matched;
}

/** EC2 filter values: `*` matches any run of characters and `?` one character; `\` escapes them. */
function globMatches(pattern: string, text: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, 's').test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeGlob(text: string): string {
  return text.replace(/[\\*?]/g, '\\$&');
}

/**
 * Auto Scaling groups that stay on one version of this launch template: a number, or `$Default` (also
 * what an unset version means) while the template does not move its default to each new version.
 */
function pinnedVersions(template: Block, module: Module, ctx: RuleContext<MessageId>): { group: Block; at: Block | Expression; reason: string }[] {
  const address = addressOf(template);
  if (template.labels[0] !== 'aws_launch_template' || address === undefined) return [];
  const groups = [...new Set(module.referencesTo(address).map((r) => r.from))].filter((b) => b.type === 'resource' && b.labels[0] === 'aws_autoscaling_group');
  const pinned: { group: Block; at: Block | Expression; reason: string }[] = [];
  for (const group of groups.flatMap((g) => ctx.instances(g))) {
    for (const specification of launchTemplateSpecifications(group, ctx)) {
      if (!ctx.referencesIn(specification).some((r) => r.address === address)) continue;
      const version = getAttribute(specification, 'version');
      const value = version ? ctx.valueOf(version.expr, specification) : undefined;
      const text = value === undefined ? '$Default' : value.known ? asString(value.value) : undefined;
      if (text !== undefined && /^\d+$/.test(text)) {
        pinned.push({ group, at: version!.expr, reason: `This group launches version ${text} of the template, which keeps the AMI it was created with.` });
      } else if (text === '$Default' && defaultVersionStaysBehind(template, ctx)) {
        pinned.push({
          group,
          at: version?.expr ?? specification,
          reason:
            "This group launches the template's default version, and the template does not set update_default_version = true, so the default stays on an old AMI.",
        });
      }
    }
  }
  return pinned;
}

function launchTemplateSpecifications(group: Block, ctx: RuleContext<MessageId>): Block[] {
  const direct = ctx.nestedBlocks(group, 'launch_template');
  const mixed = ctx
    .nestedBlocks(group, 'mixed_instances_policy')
    .flatMap((policy) => ctx.nestedBlocks(policy, 'launch_template'))
    .flatMap((template) => ctx.nestedBlocks(template, 'launch_template_specification'));
  return [...direct, ...mixed];
}

/** The default version of a template only follows new versions with update_default_version = true. */
function defaultVersionStaysBehind(template: Block, ctx: RuleContext<MessageId>): boolean {
  if (getAttribute(template, 'default_version')) return false; // set from somewhere else: cannot tell
  const update = getAttribute(template, 'update_default_version');
  if (!update) return true;
  const value = ctx.valueOf(update.expr, template);
  return value.known && asBool(value.value) === false;
}
