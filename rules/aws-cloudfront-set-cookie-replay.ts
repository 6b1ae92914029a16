// CDN-001. Loom, March 2023: CloudFront cached an origin's Set-Cookie and served it to other users, who found
// themselves logged in as someone else. An origin request policy that forwards cookies the cache policy does
// not key gets exactly that: cookies reach the origin, the answer is cached under a key without them.
import { defineRule, type Block, type Fixer, type RuleContext, type Suggestion } from './api';
import {
  cacheBehaviors,
  describeBehavior,
  editsStayLocal,
  isStaticAssetBehavior,
  relatedPolicies,
  setCookieReplay,
  unresolvedSetCookieReplay,
  type CacheBehavior,
  type SetCookieReplay,
} from './support/cloudfront-behaviors';
import { CACHING_DISABLED_POLICY_ID, describeCookies, POLICY_READS } from './support/cloudfront-policies';

type MessageId = 'replay' | 'unresolvedCachePolicy' | 'unresolvedOriginPolicy' | 'removeOriginRequestPolicy' | 'useCachingDisabled';

export default defineRule<MessageId>({
  meta: {
    id: 'aws-cloudfront-set-cookie-replay',
    title: 'Do not forward cookies that the cache key leaves out',
    description:
      "When an origin request policy forwards cookies that the cache policy does not put in the cache key, CloudFront caches the origin's Set-Cookie under a key shared by every viewer and replays one user's session to the others.",
    category: 'security',
    severity: 'error',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_cloudfront_distribution'] }],
    fixable: 'suggestion',
    messages: {
      replay:
        'On {behavior}, {originPolicy} forwards {cookies} to the origin but {cachePolicy} leaves them out of the cache key and caches the response, so a Set-Cookie from the origin is replayed to other viewers. Forward no cookies here, or stop caching this behavior.',
      unresolvedCachePolicy:
        'On {behavior}, {originPolicy} forwards {cookies} to the origin, but the cache policy here could not be resolved. If it caches and leaves those cookies out of the cache key, a Set-Cookie from the origin is replayed to other viewers.',
      unresolvedOriginPolicy:
        'On {behavior}, {cachePolicy} caches responses and keys {keyed}, but the origin request policy here could not be resolved. If it forwards other cookies to the origin, a Set-Cookie from the origin is replayed to other viewers.',
      removeOriginRequestPolicy: 'Remove origin_request_policy_id, so no cookies reach the origin from this behavior.',
      useCachingDisabled: 'Use the managed CachingDisabled cache policy, so this behavior caches nothing.',
    },
    incident: 'Loom, March 2023: CloudFront replayed cached Set-Cookie headers',
    reads: POLICY_READS,
    since: '0.1.0',
  },

  check(distribution: Block, ctx) {
    for (const behavior of cacheBehaviors(distribution, ctx)) {
      // Static-asset paths are the static-path rule's, which reports this same shape there.
      if (isStaticAssetBehavior(behavior, ctx)) continue;
      const replay = setCookieReplay(behavior.block, ctx);
      if (!replay) {
        reportUnresolved(behavior, ctx);
        continue;
      }
      ctx.report({
        at: replay.originPolicyAttribute.expr,
        messageId: 'replay',
        severity: replay.severity,
        data: {
          behavior: describeBehavior(behavior),
          originPolicy: replay.originPolicy.label,
          cachePolicy: replay.cachePolicy.label,
          cookies: describeCookies(replay.unkeyed),
        },
        related: relatedPolicies(replay),
        suggest: editsStayLocal(behavior.block, [], ctx) ? suggestions(replay) : [],
      });
    }
  },
});

/** Catalog §0: an unknown policy is never an error, but when the other policy meets its half, say what could not be read. */
function reportUnresolved(behavior: CacheBehavior, ctx: RuleContext<MessageId>): void {
  const unresolved = unresolvedSetCookieReplay(behavior.block, ctx);
  if (!unresolved) return;
  const { attribute, known } = unresolved;
  ctx.report({
    at: attribute.expr,
    severity: 'info',
    ...(unresolved.unresolved === 'cache'
      ? {
          messageId: 'unresolvedCachePolicy' as const,
          data: { behavior: describeBehavior(behavior), originPolicy: known.label, cookies: describeCookies(known.cookies!) },
        }
      : {
          messageId: 'unresolvedOriginPolicy' as const,
          data: { behavior: describeBehavior(behavior), cachePolicy: known.label, keyed: describeCookies(known.cookies!) },
        }),
    ...(known.resource ? { related: [{ at: known.resource, message: `${known.label} is defined here.` }] } : {}),
  });
}

function suggestions(replay: SetCookieReplay): Suggestion<MessageId>[] {
  return [
    { messageId: 'removeOriginRequestPolicy', edits: (fixer: Fixer) => fixer.removeAttribute(replay.originPolicyAttribute) },
    { messageId: 'useCachingDisabled', edits: (fixer: Fixer) => fixer.replace(replay.cachePolicyAttribute.expr, `"${CACHING_DISABLED_POLICY_ID}"`) },
  ];
}
