// CDN-004. Loom, March 2023: one CloudFront configuration change reached routes nobody meant to touch. A
// custom cache or origin request policy attached to many behaviors turns every edit to it into a change to
// all of them at once; the risk grows with the fan-out, and with what the policy does to cookies and TTLs.
import { addressOf, defineRule, getAttribute, isExpanded, type Attribute, type Block, type Module, type RuleContext } from './api';
import { cacheBehaviors, describeBehavior, type CacheBehavior } from './support/cloudfront-behaviors';
import { describeCookies, instanceSuffix, POLICY_READS, resolvePolicy, type Policy, type PolicyKind } from './support/cloudfront-policies';

type MessageId = 'shared' | 'sharedRisky';

interface Use {
  readonly distribution: string;
  readonly behavior: CacheBehavior;
  readonly attribute: Attribute;
}

interface SharedPolicy {
  readonly policy: Policy;
  /** The custom policy resource (instance) the finding points at. */
  readonly resource: Block;
  readonly uses: Use[];
}

const MIN_DISTRIBUTIONS = 2;
const MIN_BEHAVIORS = 3;

const ATTRIBUTE: Record<PolicyKind, string> = { cache: 'cache_policy_id', originRequest: 'origin_request_policy_id' };

export default defineRule<MessageId>({
  meta: {
    id: 'aws-cloudfront-shared-policy-blast-radius',
    title: 'Do not share one CloudFront policy across many behaviors',
    description:
      'A custom cache or origin request policy attached to several distributions or many behaviors changes all of them with every edit, so a cookie or TTL change meant for one route reaches routes that cache.',
    category: 'change-safety',
    severity: 'info',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_cloudfront_cache_policy', 'aws_cloudfront_distribution', 'aws_cloudfront_origin_request_policy'] }],
    fixable: 'none',
    messages: {
      shared:
        '{policy} is attached to {behaviors} in {distributions}, so one edit to it changes all of them at once. Give each kind of traffic its own policy, and have changes to this one reviewed.',
      sharedRisky:
        '{policy} {risk} and is attached to {behaviors} in {distributions}, so one edit to its cookies or TTLs changes caching on all of them at once. Give each kind of traffic its own policy, and have changes to this one reviewed.',
    },
    incident: 'Loom, March 2023: one CloudFront change reached cached routes',
    reads: POLICY_READS,
    since: '0.1.0',
  },

  checkModule(module: Module, ctx) {
    for (const shared of sharedPolicies(module, ctx).values()) {
      const distributions = new Set(shared.uses.map((u) => u.distribution)).size;
      const behaviors = shared.uses.length;
      if (distributions < MIN_DISTRIBUTIONS && behaviors < MIN_BEHAVIORS) continue;
      const risk = riskOf(shared.policy);
      const data = {
        policy: shared.policy.label,
        behaviors: plural(behaviors, 'behavior'),
        distributions: plural(distributions, 'distribution'),
        ...(risk ? { risk } : {}),
      };
      ctx.report({
        at: shared.resource,
        messageId: risk ? 'sharedRisky' : 'shared',
        severity: risk ? 'warning' : 'info',
        data,
        related: shared.uses.map((use) => ({ at: use.attribute.expr, message: `Used by ${use.distribution}, ${describeBehavior(use.behavior)}.` })),
      });
    }
  },
});

/** Every custom policy in the module, with the behaviors that name it, in source order. */
function sharedPolicies(module: Module, ctx: RuleContext<MessageId>): Map<string, SharedPolicy> {
  const byIdentity = new Map<string, SharedPolicy>();
  for (const resource of module.resourcesOfType('aws_cloudfront_distribution')) {
    for (const distribution of knownInstances(resource, ctx)) {
      const name = `${addressOf(resource)}${instanceSuffix(distribution)}`;
      for (const behavior of cacheBehaviors(distribution, ctx)) {
        for (const kind of ['cache', 'originRequest'] as const) {
          const attribute = getAttribute(behavior.block, ATTRIBUTE[kind]);
          const resolved = attribute && resolvePolicy(kind, behavior.block, ctx);
          if (!attribute || resolved?.state !== 'known') continue;
          const { policy } = resolved;
          if (!policy.identity || !policy.resource) continue; // managed, or an instance we cannot tell
          const entry = byIdentity.get(policy.identity) ?? { policy, resource: policy.resource, uses: [] };
          entry.uses.push({ distribution: name, behavior, attribute });
          byIdentity.set(policy.identity, entry);
        }
      }
    }
  }
  return byIdentity;
}

/** The instances of a distribution, or none when its count or for_each is unknown (it may be zero). */
function knownInstances(resource: Block, ctx: RuleContext<MessageId>): readonly Block[] {
  const instances = ctx.instances(resource);
  return isExpanded(resource) && instances.some((i) => !i.instance) ? [] : instances;
}

/** What makes an edit to this policy dangerous: cookies it forwards or keys, or a minimum TTL. */
function riskOf(policy: Policy): string | undefined {
  const cookies = policy.cookies && policy.cookies.kind !== 'none' ? describeCookies(policy.cookies) : undefined;
  if (policy.kind === 'originRequest') return cookies && `forwards ${cookies} to the origin`;
  const minTtl = policy.minTtl !== undefined && policy.minTtl > 0 ? `caches for at least ${policy.minTtl} s whatever the origin says` : undefined;
  const keyed = cookies && `keys and forwards ${cookies}`;
  return keyed && minTtl ? `${keyed}, ${minTtl},` : (keyed ?? minTtl);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
