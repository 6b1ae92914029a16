// Shared by the CloudFront cookie rules (catalog CDN-001 to CDN-004): a distribution's cache behaviors,
// whether a behavior serves static assets, and the Set-Cookie replay shape (cookies reach the origin
// without being in the cache key of a policy that caches).
import { asString, getAttribute, type Attribute, type Block, type RelatedLocation, type RuleContext } from '../api';
import {
  cookiesOutsideKey,
  cookiesUnknown,
  describeCookies,
  resolvePolicy,
  singleBlock,
  stringList,
  type CookieSet,
  type Policy,
  type PolicyKind,
} from './cloudfront-policies';

export interface CacheBehavior {
  /** The behavior block: an expanded copy for `dynamic` elements and distribution instances. */
  readonly block: Block;
  readonly isDefault: boolean;
  /** An ordered behavior's `path_pattern`, when known. */
  readonly pathPattern?: string;
}

/** The default behavior and the ordered ones, `dynamic "ordered_cache_behavior"` expanded where known. */
export function cacheBehaviors(distribution: Block, ctx: RuleContext): CacheBehavior[] {
  const behaviors: CacheBehavior[] = ctx.nestedBlocks(distribution, 'default_cache_behavior').map((block) => ({ block, isDefault: true }));
  for (const block of ctx.nestedBlocks(distribution, 'ordered_cache_behavior')) {
    const pattern = ctx.attributeValue(block, 'path_pattern');
    const pathPattern = pattern.known ? asString(pattern.value) : undefined;
    behaviors.push(pathPattern === undefined ? { block, isDefault: false } : { block, isDefault: false, pathPattern });
  }
  return behaviors;
}

/** `the default behavior`, `the behavior "/assets/*"`. */
export function describeBehavior(behavior: CacheBehavior): string {
  if (behavior.isDefault) return 'the default behavior';
  return behavior.pathPattern === undefined ? 'an ordered behavior' : `the behavior "${behavior.pathPattern}"`;
}

/**
 * An ordered behavior whose every path is matched by one of the static-asset patterns. Such behaviors belong
 * to the static-path rule; the replay and legacy rules leave them to it, so one problem gets one finding.
 */
export function isStaticAssetBehavior(behavior: CacheBehavior, ctx: RuleContext): boolean {
  const pattern = behavior.pathPattern;
  if (behavior.isDefault || pattern === undefined) return false;
  return ctx.settings.staticAssetPatterns.some((staticPattern) => patternCovers(staticPattern, pattern));
}

/** CloudFront treats `images/*` as `/images/*`; `*.js` already matches from the start of the path. */
function normalizePattern(pattern: string): string {
  const lower = pattern.trim().toLowerCase();
  return lower.startsWith('/') || lower.startsWith('*') ? lower : `/${lower}`;
}

/**
 * Whether every path that `inner` matches is also matched by `outer` (both CloudFront path patterns, where
 * `*` matches any run of characters and `?` exactly one). Matches `outer` against the text of `inner`: a `*`
 * of `outer` may absorb wildcards of `inner`, a `?` only a single character or a `?`. Case is ignored: the
 * question is what kind of content a path serves, and `*.JS` serves scripts as surely as `*.js`.
 */
export function patternCovers(outer: string, inner: string): boolean {
  const p = normalizePattern(outer);
  const q = normalizePattern(inner);
  const memo = new Map<number, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = i * (q.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === p.length) result = j === q.length;
    else if (p[i] === '*') result = match(i + 1, j) || (j < q.length && match(i, j + 1));
    else if (p[i] === '?') result = j < q.length && q[j] !== '*' && match(i + 1, j + 1);
    else result = j < q.length && q[j] === p[i] && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

export interface SetCookieReplay {
  readonly originPolicyAttribute: Attribute;
  readonly cachePolicyAttribute: Attribute;
  readonly originPolicy: Policy;
  readonly cachePolicy: Policy;
  /** Cookies forwarded to the origin but not in the cache key. */
  readonly unkeyed: CookieSet;
  /** `error` when a minimum or default TTL above zero caches whatever the origin's headers say. */
  readonly severity: 'error' | 'warning';
}

/**
 * The CDN-001 shape: the origin request policy forwards cookies the cache policy does not key, and the cache
 * policy caches. Undefined when that is not so, or cannot be known.
 */
export function setCookieReplay(behavior: Block, ctx: RuleContext): SetCookieReplay | undefined {
  const originPolicyAttribute = getAttribute(behavior, 'origin_request_policy_id');
  const cachePolicyAttribute = getAttribute(behavior, 'cache_policy_id');
  if (!originPolicyAttribute || !cachePolicyAttribute) return undefined;
  const origin = resolvePolicy('originRequest', behavior, ctx);
  if (origin.state !== 'known' || !origin.policy.cookies || origin.policy.cookies.kind === 'none') return undefined;
  const cache = resolvePolicy('cache', behavior, ctx);
  if (cache.state !== 'known' || !cache.policy.cookies) return undefined;
  const unkeyed = cookiesOutsideKey(origin.policy.cookies, cache.policy.cookies);
  if (unkeyed.kind === 'none' || cachesResponses(cache.policy) !== true) return undefined;
  const { minTtl, defaultTtl } = cache.policy;
  const severity = (minTtl ?? 0) > 0 || (defaultTtl ?? 0) > 0 ? 'error' : 'warning';
  return { originPolicyAttribute, cachePolicyAttribute, originPolicy: origin.policy, cachePolicy: cache.policy, unkeyed, severity };
}

/** One half of the CDN-001 shape is known and the other policy cannot be resolved (catalog §0: say so, at info). */
export interface UnresolvedReplay {
  /** The policy attribute that could not be resolved. */
  readonly attribute: Attribute;
  readonly unresolved: PolicyKind;
  /** The policy that was resolved and meets its half: it forwards cookies, or it caches without keying them all. */
  readonly known: Policy;
}

/**
 * The CDN-001 shape when one policy is known to meet its half and the other cannot be read here (a variable
 * without a value, a module output, an ID that is neither managed nor in this module, or settings that are
 * not known). Undefined otherwise, including when neither policy is known: then nothing suggests a risk.
 */
export function unresolvedSetCookieReplay(behavior: Block, ctx: RuleContext): UnresolvedReplay | undefined {
  const originAttribute = getAttribute(behavior, 'origin_request_policy_id');
  const cacheAttribute = getAttribute(behavior, 'cache_policy_id');
  if (!originAttribute || !cacheAttribute) return undefined;
  const origin = resolvePolicy('originRequest', behavior, ctx);
  const cache = resolvePolicy('cache', behavior, ctx);
  const originUnknown = cookiesUnknown(origin);
  const cacheUnknown = cookiesUnknown(cache) || (cache.state === 'known' && cachesResponses(cache.policy) === undefined);
  if (origin.state === 'known' && !originUnknown && cacheUnknown && origin.policy.cookies!.kind !== 'none') {
    return { attribute: cacheAttribute, unresolved: 'cache', known: origin.policy };
  }
  if (cache.state === 'known' && !cacheUnknown && originUnknown && cachesResponses(cache.policy) === true && cache.policy.cookies!.kind !== 'all') {
    return { attribute: originAttribute, unresolved: 'originRequest', known: cache.policy };
  }
  return undefined;
}

/** Where the cache key is decided, and the custom policies behind the IDs. */
export function relatedPolicies(replay: SetCookieReplay): RelatedLocation[] {
  const related: RelatedLocation[] = [
    { at: replay.cachePolicyAttribute.expr, message: `The cache policy ${replay.cachePolicy.label} does not key these cookies.` },
  ];
  if (replay.cachePolicy.resource) related.push({ at: replay.cachePolicy.resource, message: `${replay.cachePolicy.label} is defined here.` });
  if (replay.originPolicy.resource) related.push({ at: replay.originPolicy.resource, message: `${replay.originPolicy.label} is defined here.` });
  return related;
}

/** Whether a cache policy caches anything (its TTLs satisfy min <= default <= max), or undefined if unknown. */
export function cachesResponses(policy: Policy): boolean | undefined {
  const { minTtl, defaultTtl, maxTtl } = policy;
  if ((minTtl ?? 0) > 0 || (defaultTtl ?? 0) > 0 || (maxTtl ?? 0) > 0) return true;
  if (maxTtl === 0) return false;
  return undefined;
}

export interface LegacyCookieForwarding {
  /** `forwarded_values { cookies { forward = ... } }`. */
  readonly forward: Attribute;
  readonly whitelistedNames?: Attribute;
  /** `forwarded_values` and its `cookies` block. */
  readonly blocks: readonly Block[];
  /** `all cookies`, `the cookies a, b`, or `the whitelisted cookies` when the names are not known. */
  readonly description: string;
}

/**
 * Cookies forwarded (and keyed) by the legacy `forwarded_values` settings, which apply only when the
 * behavior names no cache policy. Undefined when none are, or when that cannot be known.
 */
export function legacyCookieForwarding(behavior: Block, ctx: RuleContext): LegacyCookieForwarding | undefined {
  if (resolvePolicy('cache', behavior, ctx).state !== 'absent') return undefined;
  const forwardedValues = singleBlock(behavior, 'forwarded_values', ctx);
  const cookies = forwardedValues && singleBlock(forwardedValues, 'cookies', ctx);
  const forward = cookies && getAttribute(cookies, 'forward');
  if (!cookies || !forward) return undefined;
  const value = ctx.valueOf(forward.expr, cookies);
  if (!value.known) return undefined;
  const blocks = [forwardedValues, cookies];
  if (value.value === 'all') return { forward, blocks, description: describeCookies({ kind: 'all' }) };
  if (value.value !== 'whitelist') return undefined;
  const whitelistedNames = getAttribute(cookies, 'whitelisted_names');
  const names = whitelistedNames ? stringList(ctx.valueOf(whitelistedNames.expr, cookies)) : [];
  if (names && names.length === 0) return undefined; // a whitelist of nothing forwards nothing
  const description = names ? describeCookies({ kind: 'list', names }) : 'the whitelisted cookies';
  return whitelistedNames ? { forward, whitelistedNames, blocks, description } : { forward, blocks, description };
}

/**
 * Whether an edit inside this behavior changes it alone, as a suggestion must: not when one of the blocks is
 * an element of a `dynamic` block, nor when the behavior differs between `count`/`for_each` instances (an edit
 * to the shared source would change the instances the finding is not about).
 */
export function editsStayLocal(behavior: Block, nested: readonly Block[], ctx: RuleContext): boolean {
  if (behavior.dynamicSource || nested.some((b) => b.dynamicSource)) return false;
  return ctx.referencesIn(behavior).every((r) => r.kind !== 'each' && r.kind !== 'count');
}
