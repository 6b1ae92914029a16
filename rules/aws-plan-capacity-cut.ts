// AWS S3, 28 February 2017: a command meant to take a few servers out of service was given a wrong input and
// removed far more, including those of two subsystems the region needed. One Terraform apply can do the same:
// a halved desired capacity, or a count that drops most of a resource's instances, takes that share of
// capacity away at once, with no step at which someone sees the load on what is left.
import { defineRule, expansionOf, type RelatedLocation, type ResourceChange } from './api';
import { numberAt } from './support/plan';

type MessageId = 'groupCut' | 'instancesCut';

/** Resource types whose instances serve load or run work: losing a share of them loses that share of capacity. */
const CAPACITY_TYPES: readonly string[] = [
  'aws_instance',
  'aws_spot_instance_request',
  'aws_autoscaling_group',
  'aws_eks_node_group',
  'aws_ecs_service',
  'aws_db_instance',
  'aws_rds_cluster_instance',
  'aws_docdb_cluster_instance',
  'aws_neptune_cluster_instance',
  'aws_elasticache_cluster',
  'aws_lb_target_group_attachment',
  'aws_nat_gateway',
  'aws_lambda_provisioned_concurrency_config',
];

/** The autoscaling group settings that hold capacity up. */
const GROUP_SETTINGS = ['desired_capacity', 'min_size'] as const;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-plan-capacity-cut',
    title: 'Take capacity away in steps, not in one apply',
    description:
      'A plan that halves an autoscaling group, or destroys half or more of the instances of one resource, removes that share of capacity in one apply; if what is left cannot carry the load, that is an outage.',
    category: 'capacity',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: CAPACITY_TYPES }],
    fixable: 'none',
    messages: {
      groupCut:
        'This plan cuts {resource} in one apply: {cuts}. Half or more of its capacity goes at once; if the rest cannot carry the load, that is an outage. Step it down over several applies while watching the load, or check that the new numbers are meant.',
      instancesCut:
        'This plan destroys {deleted} of the {total} instances of {resource} in one apply: if the rest cannot carry the load, that is an outage. Remove them over several applies while watching the load, or check that the count or for_each is meant to drop them.',
    },
    incident: 'AWS S3, 28 February 2017: one command removed far more capacity than intended',
    reads: ['aws_autoscaling_group.desired_capacity', 'aws_autoscaling_group.min_size'],
    since: '0.1.0',
    runsOn: 'plan',
  },

  checkPlan(plan, ctx) {
    const capacity = new Set(CAPACITY_TYPES);
    const byResource = new Map<string, ResourceChange[]>();
    for (const change of plan.changes) {
      if (change.mode !== 'managed' || !capacity.has(change.type)) continue;
      if (change.type === 'aws_autoscaling_group') reportGroupCut(change, ctx.report);
      const resource = resourceOf(change);
      byResource.set(resource, [...(byResource.get(resource) ?? []), change]);
    }
    for (const [resource, changes] of byResource) {
      const total = changes.filter((c) => c.before !== null).length;
      const deleted = changes.filter((c) => c.before !== null && c.actions.length === 1 && c.actions[0] === 'delete');
      if (total < 2 || deleted.length * 2 < total) continue;
      // Where the count or for_each that drops them is written, when the resource is still declared.
      const block = changes.map((c) => ctx.blockOf(c)).find((b) => b !== undefined);
      const expansion = block && expansionOf(block);
      const related: RelatedLocation[] = expansion
        ? [{ at: expansion, message: `The ${expansion.name} that decides how many instances of ${resource} there are.` }]
        : [];
      ctx.report({ resource, messageId: 'instancesCut', data: { resource, deleted: deleted.length, total }, related });
    }
  },
});

/** `desired_capacity 8 → 4 and min_size 4 → 2`, when a known setting is cut to half or less of its known value. */
function reportGroupCut(change: ResourceChange, report: (descriptor: { resource: string; messageId: MessageId; data: Record<string, string> }) => void): void {
  if (!change.before || !change.after) return;
  const cuts: string[] = [];
  for (const name of GROUP_SETTINGS) {
    const before = numberAt(change.before, name, undefined);
    const after = numberAt(change.after, name, undefined);
    if (before === undefined || after === undefined || before <= 0) continue;
    if (after * 2 <= before) cuts.push(`${name} ${before} → ${after}`);
  }
  if (cuts.length > 0) report({ resource: change.address, messageId: 'groupCut', data: { resource: change.address, cuts: cuts.join(' and ') } });
}

/** The address of a change's resource without any instance key, its modules' included: `module.cell.aws_instance.node`. */
function resourceOf(change: ResourceChange): string {
  return change.address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}
