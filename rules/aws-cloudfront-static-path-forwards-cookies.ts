// CDN-002. Loom, March 2023: a change sent session cookies to the CDN routes that serve the JS and CSS
// bundles, which cache. Static assets never need cookies; any cookie that reaches the origin on such a path
// invites a cached Set-Cookie. The paths come from the shared `staticAssetPatterns` setting.
import { defineRule, getAttribute, type Attribute, type Block, type Fixer, type RuleContext, type Suggestion } from './api';
import {
  cacheBehaviors,
  editsStayLocal,
  isStaticAssetBehavior,
  legacyCookieForwarding,
  relatedPolicies,
  setCookieReplay,
  type CacheBehavior,
} from './support/cloudfront-behaviors';
import { CACHING_OPTIMIZED_POLICY_ID, cookiesUnknown, describeCookies, POLICY_READS, resolvePolicy } from './support/cloudfront-policies';

type MessageId =
  | 'staticReplay'
  | 'originForwards'
  | 'cacheKeyCookies'
  | 'legacyForwards'
  | 'unresolvedPolicy'
  | 'removeOriginRequestPolicy'
  | 'useCachingOptimized'
  | 'forwardNoCookies';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-cloudfront-static-path-forwards-cookies',
    title: 'Keep cookies away from static-asset paths',
    description:
      'Scripts, styles, images and fonts never need cookies. A static-asset behavior that lets cookies reach the origin gets Set-Cookie answers back, and CloudFront caches them with the file and serves them to other viewers.',
    category: 'security',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_cloudfront_distribution'] }],
    fixable: 'suggestion',
    messages: {
      staticReplay:
        'The static-asset behavior "{pattern}" forwards {cookies} to the origin through {originPolicy}, but {cachePolicy} leaves them out of the cache key and caches the response, so a Set-Cookie from the origin is replayed to every viewer of these files. Forward no cookies on this path.',
      originForwards:
        'The static-asset behavior "{pattern}" forwards {cookies} to the origin through {originPolicy}; static files need no cookies, and a Set-Cookie that comes back is cached with them. Forward no cookies on this path.',
      cacheKeyCookies:
        'The static-asset behavior "{pattern}" sends {cookies} to the origin as part of the cache key of {cachePolicy}; static files need no cookies, the cache splits per cookie value, and a Set-Cookie is cached for every viewer without them. Use a cache policy that names no cookies.',
      legacyForwards:
        'The static-asset behavior "{pattern}" forwards {cookies} to the origin through forwarded_values; static files need no cookies, and a Set-Cookie that comes back is cached with them. Set forward = "none".',
      unresolvedPolicy:
        'The {policy} of the static-asset behavior "{pattern}" could not be resolved. Static files need no cookies: if it sends any to the origin, a Set-Cookie that comes back is cached with these files for every viewer.',
      removeOriginRequestPolicy: 'Remove origin_request_policy_id from this static path.',
      useCachingOptimized: 'Use the managed CachingOptimized cache policy, which keeps cookies out of the key and away from the origin.',
      forwardNoCookies: 'Set forward = "none".',
    },
    incident: 'Loom, March 2023: session cookies sent to cached JS and CSS routes',
    reads: [
      ...POLICY_READS,
      'aws_cloudfront_distribution.ordered_cache_behavior.forwarded_values.cookies.forward',
      'aws_cloudfront_distribution.ordered_cache_behavior.forwarded_values.cookies.whitelisted_names',
    ],
    since: '0.1.0',
  },

  check(distribution: Block, ctx) {
    for (const behavior of cacheBehaviors(distribution, ctx)) {
      if (isStaticAssetBehavior(behavior, ctx)) checkStaticBehavior(behavior, ctx);
    }
  },
});

/** One finding per behavior, for the first way cookies reach the origin. */
function checkStaticBehavior(behavior: CacheBehavior, ctx: RuleContext<MessageId>): void {
  const block = behavior.block;
  const pattern = behavior.pathPattern!;
  const replay = setCookieReplay(block, ctx);
  if (replay) {
    ctx.report({
      at: replay.originPolicyAttribute.expr,
      messageId: 'staticReplay',
      severity: 'error',
      data: { pattern, cookies: describeCookies(replay.unkeyed), originPolicy: replay.originPolicy.label, cachePolicy: replay.cachePolicy.label },
      related: relatedPolicies(replay),
      suggest: removeOriginRequestPolicy(block, replay.originPolicyAttribute, ctx),
    });
    return;
  }

  const origin = resolvePolicy('originRequest', block, ctx);
  const originAttribute = getAttribute(block, 'origin_request_policy_id');
  if (origin.state === 'known' && origin.policy.cookies && origin.policy.cookies.kind !== 'none' && originAttribute) {
    ctx.report({
      at: originAttribute.expr,
      messageId: 'originForwards',
      severity: 'warning',
      data: { pattern, cookies: describeCookies(origin.policy.cookies), originPolicy: origin.policy.label },
      ...(origin.policy.resource ? { related: [{ at: origin.policy.resource, message: `${origin.policy.label} is defined here.` }] } : {}),
      suggest: removeOriginRequestPolicy(block, originAttribute, ctx),
    });
    return;
  }

  const cache = resolvePolicy('cache', block, ctx);
  const cacheAttribute = getAttribute(block, 'cache_policy_id');
  if (cache.state === 'known' && cache.policy.cookies && cache.policy.cookies.kind !== 'none' && cacheAttribute) {
    ctx.report({
      at: cacheAttribute.expr,
      messageId: 'cacheKeyCookies',
      severity: 'warning',
      data: { pattern, cookies: describeCookies(cache.policy.cookies), cachePolicy: cache.policy.label },
      ...(cache.policy.resource ? { related: [{ at: cache.policy.resource, message: `${cache.policy.label} is defined here.` }] } : {}),
      suggest: editsStayLocal(block, [], ctx)
        ? [{ messageId: 'useCachingOptimized', edits: (fixer: Fixer) => fixer.replace(cacheAttribute.expr, `"${CACHING_OPTIMIZED_POLICY_ID}"`) }]
        : [],
    });
    return;
  }

  const legacy = legacyCookieForwarding(block, ctx);
  if (legacy) {
    ctx.report({
      at: legacy.forward.expr,
      messageId: 'legacyForwards',
      severity: 'warning',
      data: { pattern, cookies: legacy.description },
      suggest: editsStayLocal(block, legacy.blocks, ctx)
        ? [
            {
              messageId: 'forwardNoCookies',
              edits: (fixer: Fixer) => {
                fixer.replace(legacy.forward.expr, '"none"');
                if (legacy.whitelistedNames) fixer.removeAttribute(legacy.whitelistedNames);
              },
            },
          ]
        : [],
    });
    return;
  }

  // Catalog §0: a policy that cannot be resolved is never a warning here, but on a static path it is worth a word.
  const unresolved =
    originAttribute && cookiesUnknown(origin)
      ? { attribute: originAttribute, policy: 'origin request policy' }
      : cacheAttribute && cookiesUnknown(cache)
        ? { attribute: cacheAttribute, policy: 'cache policy' }
        : undefined;
  if (unresolved) {
    ctx.report({ at: unresolved.attribute.expr, messageId: 'unresolvedPolicy', severity: 'info', data: { pattern, policy: unresolved.policy } });
  }
}

function removeOriginRequestPolicy(block: Block, attribute: Attribute, ctx: RuleContext<MessageId>): Suggestion<MessageId>[] {
  if (!editsStayLocal(block, [], ctx)) return [];
  return [{ messageId: 'removeOriginRequestPolicy', edits: (fixer: Fixer) => fixer.removeAttribute(attribute) }];
}
