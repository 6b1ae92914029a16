// SG-001. Transloadit, December 2018: moving to VPC-based infrastructure, new settings named security
// groups that did not exist in production, and the autoscalers could not launch. EC2 accepts group names
// only in a default VPC; a launch into any other VPC subnet needs group IDs, and nothing checks it at plan.
import {
  addressOf,
  asString,
  defineRule,
  isExpanded,
  type Attribute,
  type Block,
  type Expression,
  type Fixer,
  type RelatedLocation,
  type RuleContext,
  type Severity,
} from './api';
import { listItems, type ListItem } from './support/list-items';
import { valueOrigin } from './support/value-origin';

type MessageId = 'namesInVpc' | 'namesOutsideVpc' | 'nameAsId' | 'useIds' | 'useId';

interface LaunchShape {
  /** The argument that takes group names (EC2-Classic and default-VPC style). */
  readonly names?: string;
  /** Arguments that take group IDs. */
  readonly ids: readonly string[];
  /** The nested block for network interfaces, whose presence means a VPC launch. */
  readonly interfaces?: string;
}

const SHAPES: Readonly<Record<string, LaunchShape>> = {
  aws_instance: { names: 'security_groups', ids: ['vpc_security_group_ids'], interfaces: 'network_interface' },
  aws_spot_instance_request: { names: 'security_groups', ids: ['vpc_security_group_ids'], interfaces: 'network_interface' },
  aws_launch_template: { names: 'security_group_names', ids: ['vpc_security_group_ids'], interfaces: 'network_interfaces' },
  aws_launch_configuration: { ids: ['security_groups'] },
};

/** Resources that launch from a launch template into subnets of a VPC. */
const TEMPLATE_USERS = new Set(['aws_autoscaling_group', 'aws_eks_node_group', 'aws_instance', 'aws_spot_instance_request']);

/** EC2 refuses group names that start with "sg-", so such a value is meant as an ID. */
const GROUP_ID = /^sg-/;
const GROUP_TYPE = 'aws_security_group';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-security-group-by-name',
    title: 'Give security groups by ID when launching into a VPC',
    description:
      'EC2 accepts security group names only in a default VPC. Names in a launch that goes into a VPC subnet, or a name where an ID is expected, pass plan and make every launch fail, so autoscaling cannot add capacity.',
    category: 'availability',
    severity: 'error',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: Object.keys(SHAPES) }],
    fixable: 'suggestion',
    messages: {
      namesInVpc:
        "Security groups are given by name ({names}), but {context}, and a launch into a VPC subnet accepts only group IDs, so every launch fails. List the groups' IDs in vpc_security_group_ids instead.",
      namesOutsideVpc:
        "Security groups are given by name ({names}), which EC2 accepts only in a default VPC; launches fail once they go into a VPC subnet. List the groups' IDs in vpc_security_group_ids instead.",
      nameAsId: "{name} is a security group name where EC2 expects a group ID (sg-…), so launches fail. Use the group's id instead.",
      useIds: 'Move the groups to vpc_security_group_ids = [{ids}].',
      useId: 'Use {id}.',
    },
    incident: 'Transloadit, December 2018: security group names that did not exist in the new VPC',
    reads: [
      'aws_instance.security_groups',
      'aws_instance.vpc_security_group_ids',
      'aws_instance.subnet_id',
      'aws_instance.network_interface',
      'aws_spot_instance_request.security_groups',
      'aws_spot_instance_request.vpc_security_group_ids',
      'aws_spot_instance_request.subnet_id',
      'aws_spot_instance_request.network_interface',
      'aws_launch_template.security_group_names',
      'aws_launch_template.vpc_security_group_ids',
      'aws_launch_template.network_interfaces.security_groups',
      'aws_launch_configuration.security_groups',
      'aws_autoscaling_group.vpc_zone_identifier',
      'aws_eks_node_group.subnet_ids',
      'aws_security_group.name',
      'data.aws_security_group.name',
    ],
    since: '0.1.0',
  },

  check(block: Block, ctx) {
    const shape = SHAPES[block.labels[0] ?? ''];
    if (!shape) return;
    if (shape.names) checkNameField(block, shape, ctx);
    for (const field of shape.ids) {
      const attribute = attributeOf(block, field);
      if (attribute) checkIdField(block, attribute, ctx);
    }
    if (block.labels[0] === 'aws_launch_template') {
      for (const nic of ctx.nestedBlocks(block, 'network_interfaces')) {
        const attribute = attributeOf(nic, 'security_groups');
        if (attribute) checkIdField(nic, attribute, ctx);
      }
    }
  },
});

// ---------------------------------------------------------------------------------------------
// What each element of a group list is

type Kind = 'id' | 'name' | 'unknown';

interface Classified {
  readonly kind: Kind;
  /** How a message shows the element: `"web"` or `aws_security_group.web.name`. */
  readonly label: string;
  /** An expression giving the group's ID, when the configuration declares the group. */
  readonly idText?: string;
  /** The element's expression, when it is written out in the argument itself. */
  readonly expr?: Expression;
}

function classify(item: ListItem, within: Block, ctx: RuleContext<MessageId>): Classified {
  // Only an element written in the argument itself can be underlined or edited; one in a local is reported on the argument.
  const at = item.inPlace && item.expr ? { expr: item.expr } : {};
  const group = item.expr ? groupReference(item.expr, item.inPlace ? within : undefined, ctx) : undefined;
  if (group) {
    const text = ctx.sourceText(item.expr!);
    return group.attribute === 'id' ? { kind: 'id', label: text, idText: text, ...at } : { kind: 'name', label: text, idText: group.idText, ...at };
  }
  const value = asString(item.value);
  if (value === undefined || value === '') return { kind: 'unknown', label: '', ...at };
  if (GROUP_ID.test(value)) return { kind: 'id', label: `"${value}"`, ...(at.expr ? { idText: ctx.sourceText(at.expr) } : {}), ...at };
  const idText = declaredGroupId(value, ctx);
  return { kind: 'name', label: `"${value}"`, ...(idText ? { idText } : {}), ...at };
}

/** `aws_security_group.x.name` or `.id` (resource or data source), with the text of the matching `.id`. */
function groupReference(expr: Expression, within: Block | undefined, ctx: RuleContext<MessageId>): { attribute: 'id' | 'name'; idText: string } | undefined {
  const reference = ctx.resolveReference(expr, within);
  if (!reference || reference.block.labels[0] !== GROUP_TYPE || expr.kind !== 'traversal') return undefined;
  if (reference.block.type !== 'resource' && reference.block.type !== 'data') return undefined;
  const attribute = reference.path.length === 1 ? reference.path[0] : undefined;
  if (attribute !== 'id' && attribute !== 'name') return undefined;
  const last = expr.steps[expr.steps.length - 1]!;
  return { attribute, idText: ctx.sourceText(expr).slice(0, last.range.start.offset - expr.range.start.offset) + '.id' };
}

/** `aws_security_group.x.id` for the one group this configuration declares with that literal name. */
function declaredGroupId(name: string, ctx: RuleContext<MessageId>): string | undefined {
  const candidates = [...ctx.module.resourcesOfType(GROUP_TYPE), ...ctx.module.dataSourcesOfType(GROUP_TYPE)].filter((group) => {
    if (isExpanded(group)) return false;
    const declared = ctx.attributeValue(group, 'name');
    return declared.known && declared.value === name;
  });
  const address = candidates.length === 1 ? addressOf(candidates[0]!) : undefined;
  return address ? `${address}.id` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Names where names are allowed only outside a VPC

function checkNameField(block: Block, shape: LaunchShape, ctx: RuleContext<MessageId>): void {
  const attribute = attributeOf(block, shape.names!);
  if (!attribute) return;
  const items = listItems(attribute.expr, block, ctx);
  if (!items) return;
  const classified = items.map((item) => classify(item, block, ctx));
  const names = classified.filter((c) => c.kind === 'name');
  if (names.length === 0) return;
  const vpc = vpcContext(block, shape, ctx);
  const severity: Severity = vpc ? 'error' : 'warning';
  const related: RelatedLocation[] = [...originOf(attribute, ctx), ...(vpc?.related ?? [])];
  const movable = !attributeOf(block, 'vpc_security_group_ids') && !hasInterfaces(block, shape, ctx) && classified.every((c) => c.expr && c.idText);
  const ids = classified.map((c) => c.idText!).join(', ');
  ctx.report({
    at: attribute.expr,
    messageId: vpc ? 'namesInVpc' : 'namesOutsideVpc',
    data: { names: names.map((n) => n.label).join(', '), ...(vpc ? { context: vpc.reason } : {}) },
    severity,
    ...(related.length > 0 ? { related } : {}),
    suggest: movable ? [{ messageId: 'useIds', data: { ids }, edits: (fixer: Fixer) => moveToIds(attribute, `[${ids}]`, ctx, fixer) }] : [],
  });
}

/** Rewrites `security_groups = [...]` in place as `vpc_security_group_ids = [...]`, keeping the `=` column when it fits. */
function moveToIds(attribute: Attribute, value: string, ctx: RuleContext<MessageId>, fixer: Fixer): void {
  const text = ctx.module.file(attribute.file)?.text ?? '';
  const equals = text.indexOf('=', attribute.nameRange.end.offset);
  const width = equals - attribute.nameRange.start.offset;
  const name = 'vpc_security_group_ids';
  fixer.replace(attribute, `${name.length < width ? name.padEnd(width) : name + ' '}= ${value}`);
}

interface VpcContext {
  readonly reason: string;
  readonly related: readonly RelatedLocation[];
}

/** Why this launch provably goes into a VPC subnet, or undefined when the configuration does not show it. */
function vpcContext(block: Block, shape: LaunchShape, ctx: RuleContext<MessageId>): VpcContext | undefined {
  if (hasInterfaces(block, shape, ctx)) return { reason: `it attaches network interfaces (${shape.interfaces})`, related: [] };
  if (block.labels[0] !== 'aws_launch_template') return placedInSubnet(block, ctx) ? { reason: 'subnet_id places it in a VPC subnet', related: [] } : undefined;
  const address = addressOf(block);
  if (!address) return undefined;
  for (const reference of ctx.module.referencesTo(address)) {
    const user = reference.from;
    const type = user.type === 'resource' ? user.labels[0] : undefined;
    if (!type || !TEMPLATE_USERS.has(type) || !launchesIntoSubnets(user, ctx)) continue;
    const where = `${addressOf(user)} launches it into VPC subnets`;
    return { reason: where, related: [{ at: user, message: `${addressOf(user)} uses this launch template in VPC subnets.` }] };
  }
  return undefined;
}

function launchesIntoSubnets(user: Block, ctx: RuleContext<MessageId>): boolean {
  switch (user.labels[0]) {
    case 'aws_autoscaling_group':
      return knownNonEmptyList(user, 'vpc_zone_identifier', ctx);
    case 'aws_eks_node_group':
      return knownNonEmptyList(user, 'subnet_ids', ctx);
    default:
      return placedInSubnet(user, ctx);
  }
}

function knownNonEmptyList(block: Block, name: string, ctx: RuleContext<MessageId>): boolean {
  const attribute = attributeOf(block, name);
  return attribute !== undefined && (listItems(attribute.expr, block, ctx)?.length ?? 0) > 0;
}

/** `subnet_id` is a known non-empty value, or names a resource or data source (whose ID is never null). */
function placedInSubnet(block: Block, ctx: RuleContext<MessageId>): boolean {
  const attribute = attributeOf(block, 'subnet_id');
  if (!attribute) return false;
  const value = ctx.valueOf(attribute.expr, block);
  if (value.known) return (asString(value.value) ?? '') !== '';
  const reference = ctx.resolveReference(attribute.expr, block);
  return reference !== undefined && (reference.block.type === 'resource' || reference.block.type === 'data');
}

function hasInterfaces(block: Block, shape: LaunchShape, ctx: RuleContext<MessageId>): boolean {
  return shape.interfaces !== undefined && ctx.nestedBlocks(block, shape.interfaces).length > 0;
}

// ---------------------------------------------------------------------------------------------
// Names where IDs are expected

function checkIdField(holder: Block, attribute: Attribute, ctx: RuleContext<MessageId>): void {
  const items = listItems(attribute.expr, holder, ctx);
  if (!items) return;
  for (const item of items) {
    const element = classify(item, holder, ctx);
    if (element.kind !== 'name') continue;
    const at = element.expr ?? attribute.expr;
    const related = element.expr ? [] : originOf(attribute, ctx);
    const replacement = element.expr && element.idText;
    ctx.report({
      at,
      messageId: 'nameAsId',
      data: { name: element.label },
      severity: 'error',
      ...(related.length > 0 ? { related } : {}),
      suggest: replacement ? [{ messageId: 'useId', data: { id: replacement }, edits: (fixer: Fixer) => fixer.replace(at, replacement) }] : [],
    });
  }
}

// ---------------------------------------------------------------------------------------------

function attributeOf(block: Block, name: string): Attribute | undefined {
  return block.body.attributes.find((a) => a.name === name);
}

function originOf(attribute: Attribute, ctx: RuleContext<MessageId>): RelatedLocation[] {
  const origin = valueOrigin(attribute.expr, ctx.module);
  return origin ? [{ at: origin.at, message: `The groups come from ${origin.name}, set here.` }] : [];
}
