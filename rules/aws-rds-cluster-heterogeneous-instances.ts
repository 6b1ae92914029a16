// RDS-001. Loom, October 2025: the cluster ran instances of different sizes, and its readers planned the same
// queries differently. Aurora derives memory settings from each instance's class, and a failover promotes
// the best promotion tier, so a smaller member with an equal or better tier can become an undersized writer.
import { addressOf, asString, defineRule, getAttribute, type Block, type Module, type RelatedLocation, type RuleContext } from './api';
import { clustersOf, promotionTier, unwrapTemplate, type AuroraCluster, type ClusterMember } from './support/aurora-clusters';
import { matchesTarget, targetsOf } from './support/resource-targets';

type MessageId = 'mixedClass' | 'smallerCanBecomeWriter' | 'mixedParameterGroup';

/** A promotion tier of 15 is the last choice for failover: with a custom endpoint, the usual way to set a member apart. */
const SET_APART_TIER = 15;

/** Serverless v2 capacity moves with load; mixing it with provisioned members is a supported design. */
const SERVERLESS = 'db.serverless';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-rds-cluster-heterogeneous-instances',
    title: 'Keep the members of an Aurora cluster alike',
    description:
      'Members of one Aurora cluster with different instance classes or parameter groups run the same queries with different memory settings, and a failover can make a smaller member the writer.',
    category: 'capacity',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_rds_cluster_instance', 'aws_rds_cluster_endpoint'] }],
    fixable: 'none',
    messages: {
      mixedClass:
        'This cluster member is a {instanceClass} while the rest of the cluster runs {mainClass}, so readers behind one endpoint plan and run the same queries differently. Give every member the same instance class.',
      smallerCanBecomeWriter:
        "This {instanceClass} member is smaller than the cluster's {largestClass} members but has an equal or better promotion tier, so a failover can make it the writer. Give every member the same instance class, or set this one apart with promotion_tier = 15 and a custom endpoint.",
      mixedParameterGroup:
        "This cluster member's DB parameter group is {group}, while the rest of the cluster uses {mainGroup}, so members of one cluster run with different settings. Give every member the same db_parameter_group_name.",
    },
    incident: 'Loom, October 2025: mixed instance sizes in one cluster',
    reads: [
      'aws_rds_cluster_instance.cluster_identifier',
      'aws_rds_cluster_instance.identifier',
      'aws_rds_cluster_instance.instance_class',
      'aws_rds_cluster_instance.promotion_tier',
      'aws_rds_cluster_instance.db_parameter_group_name',
      'aws_rds_cluster.cluster_identifier',
      'aws_db_parameter_group.name',
      'aws_rds_cluster_endpoint.static_members',
      'aws_rds_cluster_endpoint.excluded_members',
    ],
    since: '0.1.0',
  },

  checkModule(module, ctx) {
    for (const cluster of clustersOf(module, ctx)) {
      const setApart = (member: ClusterMember): boolean => isSetApart(member, module, ctx);
      checkClasses(cluster, setApart, ctx);
      checkParameterGroups(cluster, setApart, ctx);
    }
  },
});

interface Described<T> {
  readonly member: ClusterMember;
  readonly value: T;
}

function checkClasses(cluster: AuroraCluster, setApart: (m: ClusterMember) => boolean, ctx: RuleContext<MessageId>): void {
  const described: Described<string>[] = [];
  for (const member of cluster.members) {
    const value = ctx.attributeValue(member.instance, 'instance_class');
    const instanceClass = value.known ? asString(value.value) : undefined;
    if (instanceClass !== undefined && instanceClass !== SERVERLESS) described.push({ member, value: instanceClass });
  }
  if (new Set(described.map((d) => d.value)).size < 2) return;
  // The class most members share is the cluster's; on a tie, the largest. Failover prefers the largest class.
  const mainClass = mostCommon(described, largestClass);
  const largest = largestClass([...new Set(described.map((d) => d.value))]);
  const main = described.filter((d) => d.value === mainClass);
  const largestTiers = described.filter((d) => d.value === largest).map((d) => promotionTier(d.member.instance, ctx));
  const bestLargestTier = largest === undefined || largestTiers.includes(undefined) ? undefined : Math.min(...(largestTiers as number[]));

  for (const [block, odd] of byBlock(described.filter((d) => d.value !== mainClass && !setApart(d.member)))) {
    const attribute = getAttribute(block, 'instance_class')!;
    const canBecomeWriter = odd.some((d) => {
      const tier = promotionTier(d.member.instance, ctx);
      return largest !== undefined && isSmaller(d.value, largest) && tier !== undefined && bestLargestTier !== undefined && tier <= bestLargestTier;
    });
    const other = main.find((d) => d.member.block !== block);
    const related: RelatedLocation[] = other
      ? [{ at: getAttribute(other.member.block, 'instance_class')!.expr, message: `Other members of the cluster use ${mainClass}.` }]
      : [];
    ctx.report({
      at: attribute.expr,
      messageId: canBecomeWriter ? 'smallerCanBecomeWriter' : 'mixedClass',
      data: canBecomeWriter ? { instanceClass: odd[0]!.value, largestClass: largest! } : { instanceClass: odd[0]!.value, mainClass },
      related,
    });
  }
}

function checkParameterGroups(cluster: AuroraCluster, setApart: (m: ClusterMember) => boolean, ctx: RuleContext<MessageId>): void {
  const described: Described<string>[] = [];
  for (const member of cluster.members) {
    const group = parameterGroupOf(member.instance, ctx);
    if (group !== undefined) described.push({ member, value: group });
  }
  if (new Set(described.map((d) => d.value)).size < 2) return;
  const mainGroup = mostCommon(described);
  for (const [block, odd] of byBlock(described.filter((d) => d.value !== mainGroup && !setApart(d.member)))) {
    const attribute = getAttribute(block, 'db_parameter_group_name');
    const other = described.find((d) => d.value === mainGroup && d.member.block !== block);
    const otherAttribute = other && getAttribute(other.member.block, 'db_parameter_group_name');
    ctx.report({
      at: attribute ? attribute.expr : block,
      messageId: 'mixedParameterGroup',
      data: { group: odd[0]!.value, mainGroup },
      related: other ? [{ at: otherAttribute ? otherAttribute.expr : other.member.block, message: `Other members of the cluster use ${mainGroup}.` }] : [],
    });
  }
}

const DEFAULT_GROUP = 'the engine default';

/** How a member names its DB parameter group, so that equal groups compare equal; undefined when unknown. */
function parameterGroupOf(member: Block, ctx: RuleContext<MessageId>): string | undefined {
  const attribute = getAttribute(member, 'db_parameter_group_name');
  if (!attribute) return DEFAULT_GROUP;
  const resolved = ctx.resolveReference(unwrapTemplate(attribute.expr), member);
  if (resolved?.block.labels[0] === 'aws_db_parameter_group' && resolved.block.type === 'resource') {
    const name = ctx.attributeValue(resolved.instance ?? resolved.block, 'name');
    const text = name.known ? asString(name.value) : undefined;
    return text ?? `${addressOf(resolved.block)}${resolved.instance?.instance ? `[${JSON.stringify(resolved.instance.instance.key)}]` : ''}`;
  }
  const value = ctx.valueOf(attribute.expr, member);
  if (!value.known) return undefined;
  return value.value === null ? DEFAULT_GROUP : asString(value.value);
}

/** The odd member is deliberately apart: last in failover order and named by a custom endpoint. */
function isSetApart(member: ClusterMember, module: Module, ctx: RuleContext<MessageId>): boolean {
  if (promotionTier(member.instance, ctx) !== SET_APART_TIER) return false;
  const targets = targetsOf([{ instance: member.instance, identifierArgument: 'identifier' }], ctx);
  return module.resourcesOfType('aws_rds_cluster_endpoint').some((block) =>
    ctx.instances(block).some((endpoint) =>
      ['static_members', 'excluded_members'].some((name) => {
        const attribute = getAttribute(endpoint, name);
        return attribute !== undefined && matchesTarget(attribute.expr, endpoint, targets, ctx) === 'yes';
      }),
    ),
  );
}

/** Members grouped by the block that declares them, in source order: one finding per block. */
function byBlock<T>(described: readonly Described<T>[]): Map<Block, Described<T>[]> {
  const groups = new Map<Block, Described<T>[]>();
  for (const d of described) groups.set(d.member.block, [...(groups.get(d.member.block) ?? []), d]);
  return groups;
}

/** The value most members share; a tie goes to `tieBreak` when it decides, else to the first in source order. */
function mostCommon(described: readonly Described<string>[], tieBreak?: (values: readonly string[]) => string | undefined): string {
  const counts = new Map<string, number>();
  for (const d of described) counts.set(d.value, (counts.get(d.value) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const tied = [...counts.keys()].filter((value) => counts.get(value) === top);
  return (tied.length > 1 ? tieBreak?.(tied) : undefined) ?? tied[0]!;
}

// ---------------------------------------------------------------------------------------------
// Instance sizes: only compared within one class family (db.r6g.large < db.r6g.4xlarge).

const NAMED_SIZES: Readonly<Record<string, number>> = { nano: 1 / 16, micro: 1 / 8, small: 1 / 4, medium: 1 / 2, large: 1, xlarge: 2 };

function parseClass(instanceClass: string): { family: string; size: number } | undefined {
  const match = /^db\.([a-z0-9-]+)\.(\d*)(nano|micro|small|medium|large|xlarge)$/.exec(instanceClass);
  if (!match) return undefined;
  const [, family, multiplier, size] = match;
  if (multiplier !== '' && size !== 'xlarge') return undefined;
  return { family: family!, size: multiplier === '' ? NAMED_SIZES[size!]! : 2 * Number(multiplier) };
}

/** The largest class when every class is of one family and has a size we can read; else undefined. */
function largestClass(classes: readonly string[]): string | undefined {
  const parsed = classes.map((c) => ({ name: c, parsed: parseClass(c) }));
  if (parsed.some((p) => !p.parsed) || new Set(parsed.map((p) => p.parsed!.family)).size !== 1) return undefined;
  return parsed.reduce((a, b) => (b.parsed!.size > a.parsed!.size ? b : a)).name;
}

function isSmaller(instanceClass: string, than: string): boolean {
  const a = parseClass(instanceClass);
  const b = parseClass(than);
  return a !== undefined && b !== undefined && a.family === b.family && a.size < b.size;
}
