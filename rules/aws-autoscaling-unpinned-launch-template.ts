// ASG-002. Transloadit, December 2018: a new launch configuration pointed at resources that did not
// exist, and nothing tried it before the autoscalers needed capacity. A group on `$Latest`/`$Default`
// takes every new template version at its next scale-out, with no rollout and no way to roll back,
// while the instances already running keep the old version and hide the break.
import { asBool, asString, defineRule, type Attribute, type Block, type Fixer, type RuleContext, type Suggestion } from './api';
import { valueOrigin } from './support/value-origin';

type MessageId = 'floatingVersion' | 'floatingVersionNoRollback' | 'floatingVersionRollbackUnsupported' | 'pinAndRefresh' | 'pinVersion';

/** One place in a group that names a launch template: the block, and its arguments for the template. */
interface TemplateUse {
  readonly holder: Block;
  readonly templateArguments: readonly string[];
}

type RefreshState = 'none' | 'noRollback' | 'rollback' | 'unknown';

const FLOATING = new Set(['$Latest', '$Default']);

export default defineRule<MessageId>({
  meta: {
    id: 'aws-autoscaling-unpinned-launch-template',
    title: 'Pin the launch template version of autoscaling groups',
    description:
      'A group that follows the $Latest or $Default template version starts every new version at its next scale-out, untested and without a way to roll back, while running instances keep the old version and hide the break.',
    category: 'change-safety',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_autoscaling_group'] }],
    fixable: 'suggestion',
    messages: {
      floatingVersion:
        "This group launches the template's {version} version and has no instance refresh, so a broken template version goes live untested at the next scale-out while the running instances hide it. Pin version to the template's latest_version and add an instance_refresh with auto_rollback = true.",
      floatingVersionNoRollback:
        "This group launches the template's {version} version, so a broken template version goes live at the next scale-out: a version that does not change in the plan never starts the instance refresh, and auto_rollback is not set. Pin version to the template's latest_version and set auto_rollback = true.",
      floatingVersionRollbackUnsupported:
        "This group launches the template's {version} version, so a broken template version goes live at the next scale-out, and an instance refresh cannot roll back to a floating version. Pin version to the template's latest_version.",
      pinAndRefresh: 'Pin version to {template}.latest_version and roll out with an instance refresh that rolls back on failure.',
      pinVersion: 'Pin version to {template}.latest_version.',
    },
    incident: 'Transloadit, December 2018: broken launch settings went live at the next scale-out',
    reads: [
      'aws_autoscaling_group.launch_template.id',
      'aws_autoscaling_group.launch_template.name',
      'aws_autoscaling_group.launch_template.version',
      'aws_autoscaling_group.mixed_instances_policy.launch_template.launch_template_specification.launch_template_id',
      'aws_autoscaling_group.mixed_instances_policy.launch_template.launch_template_specification.launch_template_name',
      'aws_autoscaling_group.mixed_instances_policy.launch_template.launch_template_specification.version',
      'aws_autoscaling_group.instance_refresh.preferences.auto_rollback',
      'aws_launch_template.image_id',
    ],
    since: '0.1.0',
  },

  check(group: Block, ctx) {
    const refresh = refreshState(group, ctx);
    for (const use of templateUses(group, ctx)) checkUse(group, use, refresh, ctx);
  },
});

function templateUses(group: Block, ctx: RuleContext<MessageId>): TemplateUse[] {
  const uses: TemplateUse[] = ctx.nestedBlocks(group, 'launch_template').map((holder) => ({ holder, templateArguments: ['id', 'name'] }));
  for (const policy of ctx.nestedBlocks(group, 'mixed_instances_policy')) {
    for (const template of ctx.nestedBlocks(policy, 'launch_template')) {
      for (const holder of ctx.nestedBlocks(template, 'launch_template_specification')) {
        uses.push({ holder, templateArguments: ['launch_template_id', 'launch_template_name'] });
      }
    }
  }
  return uses;
}

function refreshState(group: Block, ctx: RuleContext<MessageId>): RefreshState {
  if (ctx.mayHaveUnknownBlocks(group, 'instance_refresh')) return 'unknown';
  const refresh = ctx.nestedBlocks(group, 'instance_refresh')[0];
  if (!refresh) return 'none';
  if (ctx.mayHaveUnknownBlocks(refresh, 'preferences')) return 'unknown';
  const preferences = ctx.nestedBlocks(refresh, 'preferences')[0];
  const rollback = preferences?.body.attributes.find((a) => a.name === 'auto_rollback');
  if (!preferences || !rollback) return 'noRollback';
  const value = ctx.valueOf(rollback.expr, preferences);
  if (!value.known) return 'unknown';
  return asBool(value.value) === true ? 'rollback' : 'noRollback';
}

function checkUse(group: Block, use: TemplateUse, refresh: RefreshState, ctx: RuleContext<MessageId>): void {
  const version = use.holder.body.attributes.find((a) => a.name === 'version');
  const floating = floatingVersion(version, use.holder, ctx);
  if (!floating) return;
  const messageId = refresh === 'none' ? 'floatingVersion' : refresh === 'noRollback' ? 'floatingVersionNoRollback' : 'floatingVersionRollbackUnsupported';
  const origin = version ? valueOrigin(version.expr, ctx.module) : undefined;
  ctx.report({
    at: version?.expr ?? use.holder,
    messageId,
    data: { version: floating },
    ...(origin ? { related: [{ at: origin.at, message: `The version comes from ${origin.name}, set here.` }] } : {}),
    suggest: suggestions(group, use, refresh, ctx),
  });
}

/** How the message names a version that follows the template, or undefined for a pinned or unknown one. */
function floatingVersion(version: Attribute | undefined, holder: Block, ctx: RuleContext<MessageId>): string | undefined {
  if (!version) return '$Default (version is not set)';
  const value = ctx.valueOf(version.expr, holder);
  if (!value.known) return undefined;
  if (value.value === null) return '$Default (version is null)';
  const text = asString(value.value);
  return text !== undefined && FLOATING.has(text) ? `"${text}"` : undefined;
}

function suggestions(group: Block, use: TemplateUse, refresh: RefreshState, ctx: RuleContext<MessageId>): Suggestion<MessageId>[] {
  if (insideDynamic(use.holder)) return [];
  const template = managedTemplate(use, ctx);
  if (!template) return [];
  const pinned = `${template.address}.latest_version`;
  const pin: Suggestion<MessageId> = {
    messageId: 'pinVersion',
    data: { template: template.address },
    edits: (fixer) => fixer.setAttribute(use.holder, 'version', pinned),
  };
  // Instance refresh cannot roll back a template whose image is an SSM parameter (RefreshPreferences.AutoRollback).
  const image = ctx.attributeValue(template.block, 'image_id');
  const rollbackPossible = !(image.known && (asString(image.value) ?? '').startsWith('resolve:ssm:'));
  const dynamicRefresh = group.body.blocks.some((b) => b.type === 'dynamic' && b.labels[0] === 'instance_refresh');
  if (refresh === 'rollback' || refresh === 'unknown' || dynamicRefresh || !rollbackPossible) return [pin];
  const pinAndRefresh: Suggestion<MessageId> = {
    messageId: 'pinAndRefresh',
    data: { template: template.address },
    edits: (fixer: Fixer) => {
      fixer.setAttribute(use.holder, 'version', pinned);
      const hasRefresh = group.body.blocks.some((b) => b.type === 'instance_refresh');
      const instanceRefresh = fixer.ensureBlock(group, 'instance_refresh');
      if (!hasRefresh) fixer.setAttribute(instanceRefresh, 'strategy', '"Rolling"');
      fixer.setAttribute(fixer.ensureBlock(instanceRefresh, 'preferences'), 'auto_rollback', 'true');
    },
  };
  return [pinAndRefresh, pin];
}

/** The `aws_launch_template` this module declares that the use names by `id` or `name`, with the text of its address. */
function managedTemplate(use: TemplateUse, ctx: RuleContext<MessageId>): { block: Block; address: string } | undefined {
  for (const name of use.templateArguments) {
    const attribute = use.holder.body.attributes.find((a) => a.name === name);
    if (!attribute || attribute.expr.kind !== 'traversal') continue;
    const reference = ctx.resolveReference(attribute.expr, use.holder);
    if (!reference || reference.block.type !== 'resource' || reference.block.labels[0] !== 'aws_launch_template') continue;
    if (reference.path.length !== 1 || (reference.path[0] !== 'id' && reference.path[0] !== 'name')) continue;
    const steps = attribute.expr.steps;
    const last = steps[steps.length - 1]!;
    const address = ctx.sourceText(attribute.expr).slice(0, last.range.start.offset - attribute.expr.range.start.offset);
    return { block: reference.instance ?? reference.block, address };
  }
  return undefined;
}

/** Written inside a `dynamic` block: one text stands for several blocks, so it is not edited. */
function insideDynamic(block: Block): boolean {
  for (let b: Block | undefined = block; b; b = b.parent) if (b.dynamicSource) return true;
  return false;
}
