// Spotify, 2018: production Kubernetes clusters were deleted by accident, twice, and users were spared only
// because the old servers still carried the traffic while the clusters were made again. Terraform's default
// replacement has no such fallback: it deletes the old object, then creates the new one. For a load balancer,
// a target, an address or a DNS record that requests reach, the time between the two is an outage;
// `create_before_destroy` turns the order around.
import { defineRule, type Fixer, type PlanReference, type PlanRuleContext, type RelatedLocation, type ResourceChange } from './api';
import { listInWords, replacementOrder, stringAt } from './support/plan';

type MessageId = 'behindTraffic' | 'servesTraffic' | 'createBeforeDestroy';

/** What requests reach, by the resources that send them there. */
const TARGETS: ReadonlySet<string> = new Set(['aws_lb', 'aws_alb', 'aws_elb', 'aws_lb_target_group', 'aws_alb_target_group', 'aws_instance', 'aws_eip']);

/** What sends traffic to a target, and the arguments through which it does. */
const TRAFFIC_LINKS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['aws_route53_record', new Set(['alias', 'records'])],
  ['aws_lb_target_group_attachment', new Set(['target_id'])],
  ['aws_alb_target_group_attachment', new Set(['target_id'])],
  ['aws_lb_listener', new Set(['load_balancer_arn', 'default_action'])],
  ['aws_alb_listener', new Set(['load_balancer_arn', 'default_action'])],
  ['aws_lb_listener_rule', new Set(['action'])],
  ['aws_alb_listener_rule', new Set(['action'])],
  ['aws_cloudfront_distribution', new Set(['origin'])],
]);

/** What is itself the way in: replaced old-first, it is gone until the new one exists. */
const ENTRY_POINTS: ReadonlyMap<string, string> = new Map([
  ['aws_route53_record', 'the name does not resolve'],
  ['aws_cloudfront_distribution', 'nothing serves its domain, and the new distribution gets a domain of its own'],
]);

/** Types whose name is unique in the account and region: a new one cannot take the old one's name while it exists. */
const UNIQUE_NAMES: ReadonlySet<string> = new Set(['aws_lb', 'aws_alb', 'aws_elb', 'aws_lb_target_group', 'aws_alb_target_group']);

export default defineRule<MessageId>({
  meta: {
    id: 'aws-plan-replace-delete-first-behind-traffic',
    title: 'Replace what serves traffic new-first',
    description:
      'A plan that replaces a load balancer, target group, instance or address that DNS, a listener, a target group or CloudFront sends traffic to, or a DNS record or distribution itself, deletes the old one before it creates the new one; requests fail in between.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: [...TARGETS, ...TRAFFIC_LINKS.keys()] }],
    fixable: 'suggestion',
    messages: {
      behindTraffic:
        'This plan replaces {resource} by deleting it first, while traffic reaches it from {senders}: between the delete and the create, those requests fail. {remedy}',
      servesTraffic: 'This plan replaces {resource} by deleting it first: until the new one exists, {gap}. {remedy}',
      createBeforeDestroy: 'Set lifecycle { create_before_destroy = true }.',
    },
    incident: 'Spotify, 2018: production clusters deleted and made again; only the old servers kept users served',
    reads: [
      'aws_lb.name',
      'aws_lb_target_group.name',
      'aws_elb.name',
      'aws_route53_record.alias',
      'aws_route53_record.records',
      'aws_lb_target_group_attachment.target_id',
      'aws_lb_listener.load_balancer_arn',
      'aws_lb_listener.default_action',
      'aws_lb_listener_rule.action',
      'aws_cloudfront_distribution.origin',
    ],
    since: '0.1.0',
    runsOn: 'plan',
  },

  checkPlan(plan, ctx) {
    for (const change of plan.changes) {
      if (change.mode !== 'managed' || replacementOrder(change) !== 'delete-first') continue;
      const gap = ENTRY_POINTS.get(change.type);
      if (gap !== undefined) {
        report(ctx, change, 'servesTraffic', { gap }, []);
        continue;
      }
      if (!TARGETS.has(change.type)) continue;
      const senders = plan.referencesTo(change).filter(sendsTraffic);
      if (senders.length === 0) continue;
      const names = [...new Set(senders.map((s) => s.from.address))];
      const related: RelatedLocation[] = [];
      for (const sender of senders) {
        const block = ctx.blockOf(sender.from);
        if (block)
          related.push({
            at: block,
            message: `Sends traffic to ${change.address} (${sender.argument}${sender.through ? `, through ${sender.through}` : ''}).`,
          });
      }
      report(ctx, change, 'behindTraffic', { senders: listInWords(names) }, related);
    }
  },
});

/** A reference that sends requests to the target, from something that stays (a sender the plan deletes does not). */
function sendsTraffic(reference: PlanReference): boolean {
  const from = reference.from;
  const deleted = from.actions.length === 1 && from.actions[0] === 'delete';
  return !deleted && TRAFFIC_LINKS.get(from.type)?.has(reference.argument) === true;
}

function report(
  ctx: PlanRuleContext<MessageId>,
  change: ResourceChange,
  messageId: 'behindTraffic' | 'servesTraffic',
  data: Record<string, string>,
  related: RelatedLocation[],
): void {
  const keepsName = UNIQUE_NAMES.has(change.type) && keptName(change);
  const remedy = keepsName
    ? `Its name stays "${keepsName}", which the new one cannot take while the old one exists: use name_prefix (or a new name) and lifecycle { create_before_destroy = true }.`
    : 'Set lifecycle { create_before_destroy = true }, so the new one exists before the old one goes.';
  const block = ctx.blockOf(change);
  ctx.report({
    resource: change.address,
    messageId,
    data: { resource: change.address, ...data, remedy },
    related,
    suggest:
      block && !keepsName
        ? [
            {
              messageId: 'createBeforeDestroy',
              edits: (fixer: Fixer) => fixer.setAttribute(fixer.ensureBlock(block, 'lifecycle'), 'create_before_destroy', 'true'),
            },
          ]
        : [],
  });
}

/** The name a replacement keeps, when the plan knows it is the old one's. */
function keptName(change: ResourceChange): string | undefined {
  const before = stringAt(change.before, 'name');
  const after = stringAt(change.after, 'name');
  return before && after === before ? before : undefined;
}
