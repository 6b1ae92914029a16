// Aurora clusters and their members: every `aws_rds_cluster_instance` (each `count`/`for_each` instance
// separately when the collection is known) grouped by the cluster its `cluster_identifier` names.
import { addressOf, asNumber, asString, isExpanded, type Block, type Expression, type Module, type RuleContext } from '../api';

export interface ClusterMember {
  /** The `aws_rds_cluster_instance` block as written. */
  readonly block: Block;
  /** One instance of it; the block itself when it has no `count`/`for_each` or the collection is unknown. */
  readonly instance: Block;
  /** The block has `count`/`for_each` whose collection is unknown: this member stands for any number. */
  readonly unknownCount: boolean;
}

export interface AuroraCluster {
  /** The `aws_rds_cluster` (or its instance) the members refer to, when they refer to one in this module. */
  readonly cluster: Block | undefined;
  readonly members: readonly ClusterMember[];
}

export function clustersOf(module: Module, ctx: RuleContext<string, object>): AuroraCluster[] {
  const clusters = new Map<string, { cluster: Block | undefined; members: ClusterMember[] }>();
  for (const block of module.resourcesOfType('aws_rds_cluster_instance')) {
    const expanded = isExpanded(block);
    for (const instance of ctx.instances(block)) {
      const unknownCount = expanded && instance.instance === undefined;
      const target = clusterOf(instance, ctx);
      if (!target) continue;
      let entry = clusters.get(target.key);
      if (!entry) clusters.set(target.key, (entry = { cluster: target.cluster, members: [] }));
      entry.members.push({ block, instance, unknownCount });
    }
  }
  return [...clusters.values()];
}

/** Which cluster a member belongs to: a key that is equal for equal clusters, or undefined when unknown. */
function clusterOf(member: Block, ctx: RuleContext<string, object>): { key: string; cluster: Block | undefined } | undefined {
  const attribute = member.body.attributes.find((a) => a.name === 'cluster_identifier');
  if (!attribute) return undefined;
  const resolved = ctx.resolveReference(unwrapTemplate(attribute.expr), member);
  if (resolved && resolved.block.labels[0] === 'aws_rds_cluster') {
    // One instance of a counted cluster that we cannot pick out: members of different clusters must not mix.
    if (isExpanded(resolved.block) && !resolved.instance) return undefined;
    const cluster = resolved.instance ?? resolved.block;
    const identifier = cluster.type === 'resource' ? ctx.attributeValue(cluster, 'cluster_identifier') : { known: false as const };
    const text = identifier.known ? asString(identifier.value) : undefined;
    if (text !== undefined) return { key: `id:${text}`, cluster };
    return { key: `${addressOf(resolved.block)}[${JSON.stringify(resolved.instance?.instance?.key ?? null)}]`, cluster };
  }
  const value = ctx.valueOf(attribute.expr, member);
  const text = value.known ? asString(value.value) : undefined;
  return text === undefined ? undefined : { key: `id:${text}`, cluster: undefined };
}

/** `"${aws_rds_cluster.app.id}"` is the reference itself, as older configurations write it. */
export function unwrapTemplate(expr: Expression): Expression {
  if (expr.kind === 'template' && !expr.heredoc && expr.parts.length === 1 && expr.parts[0]!.kind === 'interpolation') return expr.parts[0]!.expr;
  return expr;
}

/** A member's promotion tier: the provider sets 0 when the argument is absent. Undefined when unknown. */
export function promotionTier(member: Block, ctx: RuleContext<string, object>): number | undefined {
  if (!member.body.attributes.some((a) => a.name === 'promotion_tier')) return 0;
  const value = ctx.attributeValue(member, 'promotion_tier');
  if (!value.known) return undefined;
  return value.value === null ? 0 : asNumber(value.value);
}
