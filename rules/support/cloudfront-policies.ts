// Shared by the CloudFront cookie rules (catalog CDN-001 to CDN-004): what a behavior's cache policy and
// origin request policy do with cookies and TTLs. Managed policies are known by ID only (comments in public
// code mislabel them); a data source that looks one up by name resolves to the same policy; a custom policy
// is read from its resource. Anything else is unknown, and callers stay silent on unknowns.
import { asBool, asNumber, asString, getAttribute, isExpanded, type Block, type Evaluated, type Expression, type RuleContext } from '../api';

/** Which cookies a policy names: none, all, a list, or all but a list. Names are case-sensitive, as in CloudFront. */
export type CookieSet =
  | { readonly kind: 'none' }
  | { readonly kind: 'all' }
  | { readonly kind: 'list'; readonly names: readonly string[] }
  | { readonly kind: 'allExcept'; readonly names: readonly string[] };

export type PolicyKind = 'cache' | 'originRequest';

export interface Policy {
  readonly kind: PolicyKind;
  /** For messages: the managed policy's name, or the resource address (with its instance key). */
  readonly label: string;
  /** The custom policy resource (instance, when known), or undefined for a managed policy. */
  readonly resource?: Block;
  /**
   * The identity of a custom policy across behaviors (`aws_cloudfront_cache_policy.x["k"]`), or undefined
   * when it is managed or the instance it refers to is not known.
   */
  readonly identity?: string;
  /** Cookies in the cache key (cache policy) or forwarded to the origin (origin request policy); undefined if unknown. */
  readonly cookies?: CookieSet;
  /** Cache policies only; undefined if unknown. */
  readonly minTtl?: number;
  readonly defaultTtl?: number;
  readonly maxTtl?: number;
}

/** The policy an attribute names: none at all, one we cannot see, or a known one. */
export type PolicyResolution = { readonly state: 'absent' } | { readonly state: 'unknown' } | { readonly state: 'known'; readonly policy: Policy };

/** Whether a behavior names a policy whose cookie settings cannot be read here: an unresolvable ID, or unknown settings. */
export function cookiesUnknown(resolution: PolicyResolution): boolean {
  return resolution.state === 'unknown' || (resolution.state === 'known' && resolution.policy.cookies === undefined);
}

const ABSENT: PolicyResolution = { state: 'absent' };
const UNRESOLVED: PolicyResolution = { state: 'unknown' };

const NO_COOKIES: CookieSet = { kind: 'none' };
const ALL_COOKIES: CookieSet = { kind: 'all' };

interface ManagedPolicy {
  readonly name: string;
  readonly cookies?: CookieSet;
  readonly minTtl?: number;
  readonly defaultTtl?: number;
  readonly maxTtl?: number;
}

/** AWS managed cache policies by ID (catalog §0.1). Settings AWS does not publish are left unknown. */
export const MANAGED_CACHE_POLICIES: ReadonlyMap<string, ManagedPolicy> = new Map([
  ['658327ea-f89d-4fab-a63d-7e88639e58f6', { name: 'Managed-CachingOptimized', cookies: NO_COOKIES, minTtl: 1, defaultTtl: 86400, maxTtl: 31536000 }],
  [
    'b2884449-e4de-46a7-ac36-70bc7f1ddd6d',
    { name: 'Managed-CachingOptimizedForUncompressedObjects', cookies: NO_COOKIES, minTtl: 1, defaultTtl: 86400, maxTtl: 31536000 },
  ],
  ['4135ea2d-6df8-44a3-9df3-4b5a84be39ad', { name: 'Managed-CachingDisabled', cookies: NO_COOKIES, minTtl: 0, defaultTtl: 0, maxTtl: 0 }],
  ['08627262-05a9-4f76-9ded-b50ca2e3a84f', { name: 'Managed-Elemental-MediaPackage', cookies: NO_COOKIES, minTtl: 0, defaultTtl: 86400, maxTtl: 31536000 }],
  ['2e54312d-136d-493c-8eb9-b001f22f67d2', { name: 'Managed-Amplify', cookies: ALL_COOKIES, minTtl: 2, defaultTtl: 2, maxTtl: 600 }],
  ['83da9c7e-98b4-4e11-a168-04f0df8e2c65', { name: 'UseOriginCacheControlHeaders', cookies: ALL_COOKIES, minTtl: 0, defaultTtl: 0, maxTtl: 31536000 }],
  [
    '4cc15a8a-d715-48a4-82b8-cc0b614638fe',
    { name: 'UseOriginCacheControlHeaders-QueryStrings', cookies: ALL_COOKIES, minTtl: 0, defaultTtl: 0, maxTtl: 31536000 },
  ],
  // Used only by Amplify; their TTLs are not published.
  ['4d1d2f1d-3a71-49ad-9e08-7ea5d843a556', { name: 'Amplify-Default' }],
  ['a6bad946-36c3-4c33-aa98-362c74a7fb13', { name: 'Amplify-DefaultNoCookies', cookies: NO_COOKIES }],
  ['1c6db51a-a33f-469a-8245-dae26771f530', { name: 'Amplify-ImageOptimization' }],
  ['7e5fad67-ee98-4ad0-b05a-394999eefc1a', { name: 'Amplify-StaticContent' }],
]);

/** AWS managed origin request policies by ID (catalog §0.2). */
export const MANAGED_ORIGIN_REQUEST_POLICIES: ReadonlyMap<string, ManagedPolicy> = new Map([
  ['216adef6-5c7f-47e4-b989-5492eafa07d3', { name: 'Managed-AllViewer', cookies: ALL_COOKIES }],
  ['33f36d7e-f396-46d9-90e0-52428a34d9dc', { name: 'Managed-AllViewerAndCloudFrontHeaders-2022-06', cookies: ALL_COOKIES }],
  ['b689b0a8-53d0-40ab-baf2-68738e2966ac', { name: 'Managed-AllViewerExceptHostHeader', cookies: ALL_COOKIES }],
  ['59781a5b-3903-41f3-afcb-af62929ccde1', { name: 'Managed-CORS-CustomOrigin', cookies: NO_COOKIES }],
  ['88a5eaf4-2fd4-4709-b370-b4c650ea3fcf', { name: 'Managed-CORS-S3Origin', cookies: NO_COOKIES }],
  ['775133bc-15f2-49f9-abea-afb2e0bf67d2', { name: 'Managed-Elemental-MediaTailor-PersonalizedManifests', cookies: NO_COOKIES }],
  ['acba4595-bd28-49b8-b9fe-13317c0390fa', { name: 'Managed-UserAgentRefererHeaders', cookies: NO_COOKIES }],
  ['bf0718e1-ba1e-49d1-88b1-f726733018ae', { name: 'Managed-HostHeaderOnly', cookies: NO_COOKIES }],
]);

export const CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
export const CACHING_OPTIMIZED_POLICY_ID = '658327ea-f89d-4fab-a63d-7e88639e58f6';

const RESOURCE_TYPE: Record<PolicyKind, string> = {
  cache: 'aws_cloudfront_cache_policy',
  originRequest: 'aws_cloudfront_origin_request_policy',
};

function managedTable(kind: PolicyKind): ReadonlyMap<string, ManagedPolicy> {
  return kind === 'cache' ? MANAGED_CACHE_POLICIES : MANAGED_ORIGIN_REQUEST_POLICIES;
}

function managedById(kind: PolicyKind, id: string): PolicyResolution {
  const managed = managedTable(kind).get(id.trim().toLowerCase());
  if (!managed) return UNRESOLVED; // a custom policy made elsewhere: its settings are not in this module
  const { name, ...settings } = managed;
  return { state: 'known', policy: { kind, label: name, ...settings } };
}

/** The data sources take the managed names; two cache policies carry no `Managed-` prefix. */
function managedByName(kind: PolicyKind, name: string): PolicyResolution {
  for (const [id, managed] of managedTable(kind)) if (managed.name === name) return managedById(kind, id);
  return UNRESOLVED;
}

/**
 * The policy that a behavior's `cache_policy_id` or `origin_request_policy_id` names. Pass the behavior block
 * as the rules get it (an expanded copy for `dynamic` elements and `count`/`for_each` instances), so the IDs
 * are evaluated in that instance's scope.
 */
export function resolvePolicy(kind: PolicyKind, behavior: Block, ctx: RuleContext): PolicyResolution {
  const name = kind === 'cache' ? 'cache_policy_id' : 'origin_request_policy_id';
  const attr = getAttribute(behavior, name);
  return attr ? resolvePolicyExpression(kind, attr.expr, behavior, ctx, 0) : ABSENT;
}

function resolvePolicyExpression(kind: PolicyKind, expr: Expression, within: Block, ctx: RuleContext, depth: number): PolicyResolution {
  if (depth > 8) return UNRESOLVED;
  if (expr.kind === 'parens') return resolvePolicyExpression(kind, expr.expr, within, ctx, depth + 1);
  // `"${aws_cloudfront_cache_policy.x.id}"`: the old interpolation style, and every expression in .tf.json.
  const only = expr.kind === 'template' && expr.parts.length === 1 ? expr.parts[0] : undefined;
  if (only?.kind === 'interpolation') return resolvePolicyExpression(kind, only.expr, within, ctx, depth + 1);
  if (expr.kind === 'conditional') {
    const condition = ctx.valueOf(expr.condition, within);
    const branch = condition.known ? asBool(condition.value) : undefined;
    if (branch === undefined) return UNRESOLVED;
    return resolvePolicyExpression(kind, branch ? expr.trueResult : expr.falseResult, within, ctx, depth + 1);
  }
  // `local.x`: follow it, since a local may hold a reference to a policy resource.
  if (expr.kind === 'traversal' && expr.source.kind === 'variable' && expr.source.name === 'local' && expr.steps.length === 1) {
    const step = expr.steps[0]!;
    const local = step.kind === 'attr' ? ctx.module.locals.get(step.name) : undefined;
    if (local) return resolvePolicyExpression(kind, local.expr, within, ctx, depth + 1);
  }
  const resolved = ctx.resolveReference(expr, within);
  if (resolved && resolved.path.length === 1 && resolved.path[0] === 'id') {
    const target = resolved.block;
    const type = target.labels[0];
    if (target.type === 'resource' && type === RESOURCE_TYPE[kind]) return customPolicy(kind, target, resolved.instance, ctx);
    if (target.type === 'data' && type === RESOURCE_TYPE[kind]) return dataSourcePolicy(kind, resolved.instance ?? target, ctx);
  }
  if (resolved) return UNRESOLVED; // another resource, a module output: nothing we can read
  const value = ctx.valueOf(expr, within);
  if (!value.known) return UNRESOLVED;
  if (value.value === null) return ABSENT;
  const id = asString(value.value);
  return id === undefined ? UNRESOLVED : id === '' ? ABSENT : managedById(kind, id);
}

/** `[0]` or `["key"]` for an instance of a `count`/`for_each` block, else empty. */
export function instanceSuffix(block: Block): string {
  const key = block.instance?.key;
  return key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `["${key}"]`;
}

function dataSourcePolicy(kind: PolicyKind, data: Block, ctx: RuleContext): PolicyResolution {
  if (isExpanded(data) && !data.instance) return UNRESOLVED;
  const id = getAttribute(data, 'id') ? ctx.attributeValue(data, 'id') : undefined;
  if (id) return id.known && typeof id.value === 'string' ? managedById(kind, id.value) : UNRESOLVED;
  const name = ctx.attributeValue(data, 'name');
  return name.known && typeof name.value === 'string' ? managedByName(kind, name.value) : UNRESOLVED;
}

function customPolicy(kind: PolicyKind, resource: Block, instance: Block | undefined, ctx: RuleContext): PolicyResolution {
  const expanded = isExpanded(resource);
  // A reference without a known instance of a count/for_each policy: settings that do not depend on the
  // instance are still known when read from the unexpanded block, but which policy it is is not.
  const block = instance ?? resource;
  const address = `${resource.labels[0]}.${resource.labels[1]}`;
  const identity = expanded && !instance ? undefined : `${address}${instanceSuffix(block)}`;
  const policy: Policy =
    kind === 'cache'
      ? {
          kind,
          label: identity ?? address,
          resource: block,
          ...(identity ? { identity } : {}),
          ...optionalCookies(cachePolicyCookies(block, ctx)),
          ...ttls(block, ctx),
        }
      : {
          kind,
          label: identity ?? address,
          resource: block,
          ...(identity ? { identity } : {}),
          ...optionalCookies(cookiesConfig(block, ctx)),
        };
  return { state: 'known', policy };
}

function optionalCookies(cookies: CookieSet | undefined): { cookies?: CookieSet } {
  return cookies ? { cookies } : {};
}

/** TTLs of a custom cache policy, with the provider's defaults for unset ones (catalog §0, item 3). */
function ttls(block: Block, ctx: RuleContext): { minTtl?: number; defaultTtl?: number; maxTtl?: number } {
  const read = (name: string, fallback: number): number | undefined => {
    if (!getAttribute(block, name)) return fallback;
    const value = ctx.attributeValue(block, name);
    if (!value.known) return undefined;
    return value.value === null ? fallback : asNumber(value.value);
  };
  const out: { minTtl?: number; defaultTtl?: number; maxTtl?: number } = {};
  const minTtl = read('min_ttl', 0);
  const defaultTtl = read('default_ttl', 86400);
  const maxTtl = read('max_ttl', 31536000);
  if (minTtl !== undefined) out.minTtl = minTtl;
  if (defaultTtl !== undefined) out.defaultTtl = defaultTtl;
  if (maxTtl !== undefined) out.maxTtl = maxTtl;
  return out;
}

/** The one nested block of a type, or undefined when it is missing or comes from a `dynamic` we cannot expand. */
export function singleBlock(block: Block, type: string, ctx: RuleContext): Block | undefined {
  if (ctx.mayHaveUnknownBlocks(block, type)) return undefined;
  const blocks = ctx.nestedBlocks(block, type);
  return blocks.length === 1 ? blocks[0] : undefined;
}

function cachePolicyCookies(policy: Block, ctx: RuleContext): CookieSet | undefined {
  const parameters = singleBlock(policy, 'parameters_in_cache_key_and_forwarded_to_origin', ctx);
  return parameters ? cookiesConfig(parameters, ctx) : undefined;
}

/** Reads `cookies_config { cookie_behavior, cookies { items } }` inside a block. */
function cookiesConfig(parent: Block, ctx: RuleContext): CookieSet | undefined {
  const config = singleBlock(parent, 'cookies_config', ctx);
  if (!config) return undefined;
  const behavior = ctx.attributeValue(config, 'cookie_behavior');
  if (!behavior.known || typeof behavior.value !== 'string') return undefined;
  switch (behavior.value) {
    case 'none':
      return NO_COOKIES;
    case 'all':
      return ALL_COOKIES;
    case 'whitelist':
    case 'allExcept': {
      const names = cookieItems(config, ctx);
      if (!names) return undefined;
      if (behavior.value === 'whitelist') return names.length === 0 ? NO_COOKIES : { kind: 'list', names };
      return names.length === 0 ? ALL_COOKIES : { kind: 'allExcept', names };
    }
    default:
      return undefined;
  }
}

function cookieItems(config: Block, ctx: RuleContext): string[] | undefined {
  if (ctx.mayHaveUnknownBlocks(config, 'cookies')) return undefined;
  const lists = ctx.nestedBlocks(config, 'cookies');
  if (lists.length === 0) return [];
  if (lists.length > 1 || !getAttribute(lists[0]!, 'items')) return lists.length > 1 ? undefined : [];
  return stringList(ctx.attributeValue(lists[0]!, 'items'));
}

/** A wholly known list of strings, or undefined. */
export function stringList(value: Evaluated): string[] | undefined {
  if (!value.known) return undefined;
  if (value.value === null) return [];
  if (!Array.isArray(value.value)) return undefined;
  const names: string[] = [];
  for (const item of value.value as readonly unknown[]) {
    if (typeof item !== 'string') return undefined;
    names.push(item);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Cookie sets

function difference(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set(a.filter((name) => !b.includes(name)))];
}

function intersection(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set(a.filter((name) => b.includes(name)))];
}

function listOrNone(names: readonly string[]): CookieSet {
  return names.length === 0 ? NO_COOKIES : { kind: 'list', names };
}

/** The cookies in `forwarded` that are not in `keyed`: forwarded to the origin but left out of the cache key. */
export function cookiesOutsideKey(forwarded: CookieSet, keyed: CookieSet): CookieSet {
  if (forwarded.kind === 'none' || keyed.kind === 'all') return NO_COOKIES;
  if (keyed.kind === 'none') return forwarded;
  if (keyed.kind === 'list') {
    if (forwarded.kind === 'list') return listOrNone(difference(forwarded.names, keyed.names));
    if (forwarded.kind === 'all') return { kind: 'allExcept', names: keyed.names };
    return { kind: 'allExcept', names: [...new Set([...forwarded.names, ...keyed.names])] };
  }
  // The key holds every cookie except keyed.names.
  if (forwarded.kind === 'list') return listOrNone(intersection(forwarded.names, keyed.names));
  if (forwarded.kind === 'all') return listOrNone(keyed.names);
  return listOrNone(difference(keyed.names, forwarded.names));
}

/** `all cookies`, `the cookies a, b`, `all cookies except a, b`. */
export function describeCookies(cookies: CookieSet): string {
  switch (cookies.kind) {
    case 'none':
      return 'no cookies';
    case 'all':
      return 'all cookies';
    case 'list':
      return `the cookie${cookies.names.length === 1 ? '' : 's'} ${cookies.names.join(', ')}`;
    case 'allExcept':
      return `all cookies except ${cookies.names.join(', ')}`;
  }
}

/** The provider attributes policy resolution reads, for the rules' `meta.reads`. */
export const POLICY_READS: readonly string[] = [
  'aws_cloudfront_distribution.default_cache_behavior.cache_policy_id',
  'aws_cloudfront_distribution.default_cache_behavior.origin_request_policy_id',
  'aws_cloudfront_distribution.ordered_cache_behavior.path_pattern',
  'aws_cloudfront_distribution.ordered_cache_behavior.cache_policy_id',
  'aws_cloudfront_distribution.ordered_cache_behavior.origin_request_policy_id',
  'aws_cloudfront_cache_policy.min_ttl',
  'aws_cloudfront_cache_policy.default_ttl',
  'aws_cloudfront_cache_policy.max_ttl',
  'aws_cloudfront_cache_policy.parameters_in_cache_key_and_forwarded_to_origin.cookies_config.cookie_behavior',
  'aws_cloudfront_cache_policy.parameters_in_cache_key_and_forwarded_to_origin.cookies_config.cookies.items',
  'aws_cloudfront_origin_request_policy.cookies_config.cookie_behavior',
  'aws_cloudfront_origin_request_policy.cookies_config.cookies.items',
  'data.aws_cloudfront_cache_policy.id',
  'data.aws_cloudfront_cache_policy.name',
  'data.aws_cloudfront_origin_request_policy.id',
  'data.aws_cloudfront_origin_request_policy.name',
];
