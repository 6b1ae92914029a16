// CDN-003. Loom, March 2023 was a cached Set-Cookie. The legacy `forwarded_values` settings forward and key
// cookies in one, so CloudFront caches the Set-Cookie the origin returns and serves it on every hit with the
// same cookies, and every viewer without those cookies (each first visit) shares one entry.
import { asNumber, defineRule, getAttribute, type Block, type Fixer, type RuleContext } from './api';
import { cacheBehaviors, describeBehavior, editsStayLocal, isStaticAssetBehavior, legacyCookieForwarding } from './support/cloudfront-behaviors';

type MessageId = 'legacyCaching' | 'stopCaching';

/** The API's values when a legacy behavior leaves a TTL unset (catalog §0, item 3). */
const TTL_DEFAULTS = { min_ttl: 0, default_ttl: 86400, max_ttl: 31536000 } as const;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-cloudfront-legacy-cookie-forwarding',
    title: 'Do not cache behaviors that forward cookies with forwarded_values',
    description:
      'A behavior whose legacy forwarded_values forward cookies, and which caches, also caches the Set-Cookie the origin sends back and replays it to other viewers with the same cookies, including every first-time visitor who has none.',
    category: 'security',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_cloudfront_distribution'] }],
    fixable: 'suggestion',
    messages: {
      legacyCaching:
        'On {behavior}, forwarded_values forwards {cookies} to the origin and the response is cached for up to {maxTtl} s, Set-Cookie included, so it is replayed to viewers who send the same cookies or none. Move this behavior to a cache policy, or set its TTLs to 0 if it needs cookies.',
      stopCaching: 'Set min_ttl, default_ttl and max_ttl to 0, so this behavior caches nothing.',
    },
    incident: 'Loom, March 2023: CloudFront replayed cached Set-Cookie headers',
    reads: [
      'aws_cloudfront_distribution.default_cache_behavior.cache_policy_id',
      'aws_cloudfront_distribution.default_cache_behavior.min_ttl',
      'aws_cloudfront_distribution.default_cache_behavior.default_ttl',
      'aws_cloudfront_distribution.default_cache_behavior.max_ttl',
      'aws_cloudfront_distribution.default_cache_behavior.forwarded_values.cookies.forward',
      'aws_cloudfront_distribution.default_cache_behavior.forwarded_values.cookies.whitelisted_names',
      'aws_cloudfront_distribution.ordered_cache_behavior.path_pattern',
      'aws_cloudfront_distribution.ordered_cache_behavior.cache_policy_id',
      'aws_cloudfront_distribution.ordered_cache_behavior.min_ttl',
      'aws_cloudfront_distribution.ordered_cache_behavior.default_ttl',
      'aws_cloudfront_distribution.ordered_cache_behavior.max_ttl',
      'aws_cloudfront_distribution.ordered_cache_behavior.forwarded_values.cookies.forward',
      'aws_cloudfront_distribution.ordered_cache_behavior.forwarded_values.cookies.whitelisted_names',
    ],
    since: '0.1.0',
  },

  check(distribution: Block, ctx) {
    for (const behavior of cacheBehaviors(distribution, ctx)) {
      // Static-asset paths are the static-path rule's, which reports legacy forwarding there too.
      if (isStaticAssetBehavior(behavior, ctx)) continue;
      const legacy = legacyCookieForwarding(behavior.block, ctx);
      if (!legacy) continue;
      const maxTtl = cachingTtl(behavior.block, ctx);
      if (maxTtl === undefined) continue;
      ctx.report({
        at: legacy.forward.expr,
        messageId: 'legacyCaching',
        data: { behavior: describeBehavior(behavior), cookies: legacy.description, maxTtl },
        suggest: editsStayLocal(behavior.block, [], ctx)
          ? [
              {
                messageId: 'stopCaching',
                edits: (fixer: Fixer) => {
                  for (const name of Object.keys(TTL_DEFAULTS)) fixer.setAttribute(behavior.block, name, '0');
                },
              },
            ]
          : [],
      });
    }
  },
});

/** The behavior's maximum TTL when it caches (max_ttl > 0, and min_ttl or default_ttl > 0); else undefined. */
function cachingTtl(behavior: Block, ctx: RuleContext<MessageId>): number | undefined {
  const ttl = (name: keyof typeof TTL_DEFAULTS): number | undefined => {
    if (!getAttribute(behavior, name)) return TTL_DEFAULTS[name];
    const value = ctx.attributeValue(behavior, name);
    if (!value.known) return undefined;
    return value.value === null ? TTL_DEFAULTS[name] : asNumber(value.value);
  };
  const maxTtl = ttl('max_ttl');
  if (maxTtl === undefined || maxTtl <= 0) return undefined;
  const minTtl = ttl('min_ttl');
  const defaultTtl = ttl('default_ttl');
  return (minTtl !== undefined && minTtl > 0) || (defaultTtl !== undefined && defaultTtl > 0) ? maxTtl : undefined;
}
