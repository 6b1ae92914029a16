// XR-004. Loom, October 2025: "we scaled up the database writer and two readers … This did not help."
// When the writer and its readers take their class from one expression and apply changes immediately, one
// edit restarts all of them together (Terraform modifies independent instances in parallel), removing read
// capacity at the moment it is most needed.
import { addressOf, asBool, asString, defineRule, getAttribute, isExpanded, type RelatedLocation, type RuleContext } from './api';
import { clustersOf, promotionTier, type AuroraCluster, type ClusterMember } from './support/aurora-clusters';

type MessageId = 'resizeAllAtOnce' | 'resizeAllAtOnceIfSeveral';

const SERVERLESS = 'db.serverless';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-rds-resize-all-at-once',
    title: 'Do not resize the writer and every reader in one apply',
    description:
      'When the writer and readers of an Aurora cluster share one instance class expression and apply_immediately, a single class change restarts all of them at the same time, taking read capacity away exactly when it is needed.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_rds_cluster_instance'] }],
    fixable: 'none',
    messages: {
      resizeAllAtOnce:
        'The writer and its readers take their instance class from one expression and apply changes immediately, so one class change restarts all of them at once. Give the writer its own class variable and resize readers first, or drop apply_immediately so changes wait for the maintenance window.',
      resizeAllAtOnceIfSeveral:
        'If this creates more than one instance, the writer and its readers take their class from one expression and apply changes immediately, so one class change restarts all of them at once. Give the writer its own class variable and resize readers first.',
    },
    incident: 'Loom, October 2025: writer and readers resized together',
    reads: [
      'aws_rds_cluster_instance.cluster_identifier',
      'aws_rds_cluster_instance.instance_class',
      'aws_rds_cluster_instance.apply_immediately',
      'aws_rds_cluster_instance.promotion_tier',
      'aws_rds_cluster.cluster_identifier',
    ],
    since: '0.1.0',
  },

  checkModule(module, ctx) {
    for (const cluster of clustersOf(module, ctx)) checkCluster(cluster, ctx);
  },
});

function checkCluster(cluster: AuroraCluster, ctx: RuleContext<MessageId>): void {
  const tiers = cluster.members.map((m) => promotionTier(m.instance, ctx));
  const writerTier = tiers.includes(undefined) ? undefined : Math.min(...(tiers as number[]));
  for (const group of sharedClassGroups(cluster, ctx)) {
    const immediate = group.filter((m) => {
      const value = ctx.attributeValue(m.instance, 'apply_immediately');
      return value.known && asBool(value.value) === true;
    });
    const definite = immediate.filter((m) => !m.unknownCount).length;
    if (definite < 2 && !immediate.some((m) => m.unknownCount)) continue;
    // The group must hold the writer candidate: every member of the cluster, or one with the best tier.
    const writer =
      immediate.length === cluster.members.length
        ? immediate[0]
        : immediate.find((m) => writerTier !== undefined && promotionTier(m.instance, ctx) === writerTier);
    if (!writer) continue;
    if (immediate.every((m) => isServerless(m, ctx))) continue;

    const classAttribute = getAttribute(writer.block, 'instance_class')!;
    const related: RelatedLocation[] = [{ at: classAttribute.expr, message: 'One change to this instance class resizes every one of them.' }];
    for (const block of new Set(immediate.map((m) => m.block))) {
      if (block !== writer.block)
        related.push({ at: getAttribute(block, 'apply_immediately')!.expr, message: `${addressOf(block)} also applies changes immediately.` });
    }
    ctx.report({
      at: getAttribute(writer.block, 'apply_immediately')!.expr,
      messageId: definite >= 2 ? 'resizeAllAtOnce' : 'resizeAllAtOnceIfSeveral',
      severity: definite >= 2 ? 'warning' : 'info',
      related,
    });
  }
}

/**
 * Members whose class one edit changes together: the instances of one `count`/`for_each` block whose class
 * does not depend on the element, and separate blocks whose class is the same variable or local expression.
 */
function sharedClassGroups(cluster: AuroraCluster, ctx: RuleContext<MessageId>): ClusterMember[][] {
  const groups = new Map<string, ClusterMember[]>();
  for (const member of cluster.members) {
    const attribute = getAttribute(member.block, 'instance_class');
    if (!attribute) continue;
    const references = ctx.referencesIn(attribute.expr);
    if (references.some((r) => r.kind === 'each' || r.kind === 'count')) continue;
    const expanded = isExpanded(member.block);
    const key = references.some((r) => r.kind === 'variable' || r.kind === 'local')
      ? `expression:${ctx.sourceText(attribute.expr)}`
      : expanded
        ? `block:${addressOf(member.block)}`
        : undefined;
    if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), member]);
  }
  return [...groups.values()];
}

/** Serverless v2 members change capacity without a restart. */
function isServerless(member: ClusterMember, ctx: RuleContext<MessageId>): boolean {
  const value = ctx.attributeValue(member.instance, 'instance_class');
  return value.known && asString(value.value) === SERVERLESS;
}
