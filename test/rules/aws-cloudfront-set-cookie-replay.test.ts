import rule from '../../rules/aws-cloudfront-set-cookie-replay';
import { cachePolicy, defaultBehavior, distribution, MANAGED, orderedBehavior, originRequestPolicy, q } from '../support/cloudfront';
import { ruleTester, type ExpectedSuggestion, type InvalidCase } from '../support/rule-tester';

/** A distribution whose only behavior is the default one, with these policy expressions. */
const web = (cachePolicyId: string, originRequestPolicyId?: string): string =>
  distribution(defaultBehavior({ cachePolicy: cachePolicyId, ...(originRequestPolicyId ? { originRequestPolicy: originRequestPolicyId } : {}) }));

const OPTIMIZED_ALL_VIEWER = web(q(MANAGED.cachingOptimized), q(MANAGED.allViewer));

/** The default behavior's origin_request_policy_id value sits on line 9, from column 32. */
const AT_DEFAULT_ORP = { line: 9, column: 32, endLine: 9 } as const;

const API_BEHAVIOR = (cachePolicyId: string, originRequestPolicyId: string): string =>
  distribution(
    defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled) }) +
      orderedBehavior('"/api/*"', { cachePolicy: cachePolicyId, originRequestPolicy: originRequestPolicyId }),
  );

/** In API_BEHAVIOR, the ordered behavior's origin_request_policy_id value is on line 17, from column 32. */
const AT_API_ORP = { line: 17, column: 32, endLine: 17 } as const;

const FOR_EACH_SITES = `  for_each = {
    docs = "${MANAGED.cachingOptimized}"
    app  = "${MANAGED.cachingDisabled}"
  }

`;

const DYNAMIC_BEHAVIORS = `  dynamic "ordered_cache_behavior" {
    for_each = [
      { path = "/api/*", cache = "${MANAGED.cachingOptimized}" },
      { path = "/auth/*", cache = "${MANAGED.cachingDisabled}" },
    ]
    content {
      path_pattern             = ordered_cache_behavior.value.path
      target_origin_id         = "app"
      viewer_protocol_policy   = "redirect-to-https"
      allowed_methods          = ["GET", "HEAD"]
      cached_methods           = ["GET", "HEAD"]
      cache_policy_id          = ordered_cache_behavior.value.cache
      origin_request_policy_id = "${MANAGED.allViewer}"
    }
  }
`;

/** The same shape in JSON syntax, with the reference as a `${...}` string. */
const JSON_MODULE =
  JSON.stringify(
    {
      resource: {
        aws_cloudfront_origin_request_policy: {
          all: {
            name: 'all',
            cookies_config: { cookie_behavior: 'all' },
            headers_config: { header_behavior: 'none' },
            query_strings_config: { query_string_behavior: 'none' },
          },
        },
        aws_cloudfront_distribution: {
          web: {
            enabled: true,
            default_cache_behavior: {
              target_origin_id: 'app',
              viewer_protocol_policy: 'allow-all',
              allowed_methods: ['GET', 'HEAD'],
              cached_methods: ['GET', 'HEAD'],
              cache_policy_id: MANAGED.cachingOptimized,
              origin_request_policy_id: '${aws_cloudfront_origin_request_policy.all.id}',
            },
          },
        },
      },
    },
    null,
    2,
  ) + '\n';

const SHORT_TTL_POLICY = cachePolicy('api_short', '      cookie_behavior = "none"', '  min_ttl     = 0\n  default_ttl = 0\n  max_ttl     = 300\n');

/** Both suggestions, as edits of main.tf: drop the origin request policy line; switch the cache policy to CachingDisabled. */
function replaySuggestions(mainTf: string): ExpectedSuggestion[] {
  return [
    { messageId: 'removeOriginRequestPolicy', output: mainTf.replace(/^ {4}origin_request_policy_id = .*\n/m, '') },
    { messageId: 'useCachingDisabled', output: mainTf.replace(/^( {4}cache_policy_id {10}= ).*$/m, `$1"${MANAGED.cachingDisabled}"`) },
  ];
}

/** A case whose findings offer both suggestions. */
function offering(c: InvalidCase): InvalidCase {
  const mainTf = c.code ?? c.files?.['main.tf'] ?? '';
  return { ...c, errors: c.errors.map((e) => ({ ...e, suggestions: replaySuggestions(mainTf) })) };
}

ruleTester(rule, {
  valid: [
    { name: 'CachingDisabled with AllViewer: cookies forwarded, nothing cached', code: web(q(MANAGED.cachingDisabled), q(MANAGED.allViewer)) },
    { name: 'CachingOptimized without an origin request policy', code: web(q(MANAGED.cachingOptimized)) },
    { name: 'CachingOptimized with CORS-CustomOrigin, which forwards no cookies', code: web(q(MANAGED.cachingOptimized), q(MANAGED.corsCustomOrigin)) },
    {
      name: 'a cache policy that keys all cookies covers everything AllViewer forwards',
      code: web(q(MANAGED.useOriginCacheControlHeaders), q(MANAGED.allViewer)),
    },
    {
      name: 'a comment that mislabels the cache policy ID does not matter: the ID keys all cookies',
      code: web(`"${MANAGED.useOriginCacheControlHeaders}" # Managed-CachingOptimized`, q(MANAGED.allViewer)),
    },
    {
      name: 'the cache key holds every cookie the origin request policy forwards',
      code:
        web('aws_cloudfront_cache_policy.session.id', 'aws_cloudfront_origin_request_policy.session.id') +
        cachePolicy('session', '      cookie_behavior = "whitelist"\n      cookies {\n        items = ["session", "locale"]\n      }') +
        originRequestPolicy('session', '    cookie_behavior = "whitelist"\n    cookies {\n      items = ["session"]\n    }'),
    },
    {
      name: 'a custom cache policy with every TTL at 0 caches nothing',
      code:
        web('aws_cloudfront_cache_policy.off.id', q(MANAGED.allViewer)) +
        cachePolicy('off', '      cookie_behavior = "none"', '  min_ttl     = 0\n  default_ttl = 0\n  max_ttl     = 0\n'),
    },
    {
      name: 'data sources by name: UseOriginCacheControlHeaders has no Managed- prefix and keys all cookies',
      code:
        web('data.aws_cloudfront_cache_policy.origin_headers.id', 'data.aws_cloudfront_origin_request_policy.all_viewer.id') +
        'data "aws_cloudfront_cache_policy" "origin_headers" {\n  name = "UseOriginCacheControlHeaders"\n}\n' +
        'data "aws_cloudfront_origin_request_policy" "all_viewer" {\n  name = "Managed-AllViewer"\n}\n',
    },
    {
      name: 'a static-asset path is left to the static-path rule',
      code: distribution(
        defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled) }) +
          orderedBehavior('"/assets/*"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }),
      ),
    },
    {
      name: 'a distribution with count = 0 is not created',
      code: distribution(defaultBehavior({ cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }), 'web', '  count   = 0\n'),
    },
    {
      name: 'dynamic ordered behaviors with an unknown for_each are unknown',
      code: distribution(
        defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled) }) +
          `  dynamic "ordered_cache_behavior" {
    for_each = var.behaviors
    content {
      path_pattern             = ordered_cache_behavior.value
      target_origin_id         = "app"
      viewer_protocol_policy   = "redirect-to-https"
      allowed_methods          = ["GET", "HEAD"]
      cached_methods           = ["GET", "HEAD"]
      cache_policy_id          = "${MANAGED.cachingOptimized}"
      origin_request_policy_id = "${MANAGED.allViewer}"
    }
  }
`,
      ),
      files: { 'variables.tf': 'variable "behaviors" {\n  type = list(string)\n}\n' },
    },
    {
      name: 'neither policy can be resolved: nothing suggests a risk, so nothing is said',
      code: web('var.cache_policy_id', 'var.origin_request_policy_id'),
      files: { 'variables.tf': 'variable "cache_policy_id" {\n  type = string\n}\nvariable "origin_request_policy_id" {\n  type = string\n}\n' },
    },
    {
      name: 'an unknown origin request policy cannot hurt a cache key that holds every cookie',
      code: web(q(MANAGED.useOriginCacheControlHeaders), 'var.origin_request_policy_id'),
      files: { 'variables.tf': 'variable "origin_request_policy_id" {\n  type = string\n}\n' },
    },
    {
      name: 'an unknown origin request policy cannot hurt a behavior that caches nothing',
      code: web(q(MANAGED.cachingDisabled), 'var.origin_request_policy_id'),
      files: { 'variables.tf': 'variable "origin_request_policy_id" {\n  type = string\n}\n' },
    },
    {
      name: 'an unknown cache policy cannot replay cookies the origin never gets',
      code: web('var.cache_policy_id', q(MANAGED.corsCustomOrigin)),
      files: { 'variables.tf': 'variable "cache_policy_id" {\n  type = string\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'a cache policy ID from a variable without a default is unknown: info, since AllViewer forwards every cookie',
      code: web('var.cache_policy_id', q(MANAGED.allViewer)),
      files: { 'variables.tf': 'variable "cache_policy_id" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'unresolvedCachePolicy',
          severity: 'info',
          line: 8,
          column: 32,
          endLine: 8,
          endColumn: 51,
          data: { behavior: 'the default behavior', originPolicy: 'Managed-AllViewer', cookies: 'all cookies' },
        },
      ],
    },
    {
      name: 'an origin request policy ID that is neither managed nor in this module is unknown: info, since CachingOptimized caches and keys no cookie',
      code: web(q(MANAGED.cachingOptimized), '"0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"'),
      errors: [
        {
          messageId: 'unresolvedOriginPolicy',
          severity: 'info',
          ...AT_DEFAULT_ORP,
          endColumn: 70,
          data: { cachePolicy: 'Managed-CachingOptimized', keyed: 'no cookies', behavior: 'the default behavior' },
        },
      ],
    },
    {
      name: 'a custom origin request policy whose cookie behavior comes from an unset variable is unknown: info',
      code:
        web(q(MANAGED.cachingOptimized), 'aws_cloudfront_origin_request_policy.app.id') +
        originRequestPolicy('app', '    cookie_behavior = var.cookie_behavior'),
      files: { 'variables.tf': 'variable "cookie_behavior" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'unresolvedOriginPolicy',
          severity: 'info',
          ...AT_DEFAULT_ORP,
          endColumn: 75,
          data: { cachePolicy: 'Managed-CachingOptimized', keyed: 'no cookies', behavior: 'the default behavior' },
        },
      ],
    },
    {
      name: 'a cache policy chosen by a condition on an unset variable is unknown: info',
      code: web('var.cache ? local.optimized : local.disabled', q(MANAGED.allViewer)),
      files: {
        'variables.tf': 'variable "cache" {\n  type = bool\n}\n',
        'locals.tf': `locals {\n  optimized = "${MANAGED.cachingOptimized}"\n  disabled  = "${MANAGED.cachingDisabled}"\n}\n`,
      },
      errors: [
        {
          messageId: 'unresolvedCachePolicy',
          severity: 'info',
          line: 8,
          column: 32,
          endLine: 8,
          endColumn: 76,
          data: { behavior: 'the default behavior', originPolicy: 'Managed-AllViewer', cookies: 'all cookies' },
        },
      ],
    },
    {
      name: 'CachingOptimized with AllViewer on the default behavior',
      code: OPTIMIZED_ALL_VIEWER,
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          ...AT_DEFAULT_ORP,
          endColumn: 70,
          data: { cookies: 'all cookies', originPolicy: 'Managed-AllViewer', cachePolicy: 'Managed-CachingOptimized', behavior: 'the default behavior' },
          suggestions: [
            { messageId: 'removeOriginRequestPolicy', output: OPTIMIZED_ALL_VIEWER.replace(`    origin_request_policy_id = "${MANAGED.allViewer}"\n`, '') },
            { messageId: 'useCachingDisabled', output: web(q(MANAGED.cachingDisabled), q(MANAGED.allViewer)) },
          ],
        },
      ],
    },
    {
      name: "a custom policy with min and default TTL 0 is a warning: only the origin's max-age caches",
      code: API_BEHAVIOR('aws_cloudfront_cache_policy.api_short.id', q(MANAGED.allViewer)) + SHORT_TTL_POLICY,
      errors: [
        {
          messageId: 'replay',
          severity: 'warning',
          ...AT_API_ORP,
          endColumn: 70,
          data: {
            behavior: 'the behavior "/api/*"',
            cachePolicy: 'aws_cloudfront_cache_policy.api_short',
            originPolicy: 'Managed-AllViewer',
            cookies: 'all cookies',
          },
          suggestions: [
            {
              messageId: 'removeOriginRequestPolicy',
              output:
                API_BEHAVIOR('aws_cloudfront_cache_policy.api_short.id', q(MANAGED.allViewer)).replace(
                  `    origin_request_policy_id = "${MANAGED.allViewer}"\n`,
                  '',
                ) + SHORT_TTL_POLICY,
            },
            { messageId: 'useCachingDisabled', output: API_BEHAVIOR(q(MANAGED.cachingDisabled), q(MANAGED.allViewer)) + SHORT_TTL_POLICY },
          ],
        },
      ],
    },
    offering({
      name: 'a cache key with one cookie while AllViewer forwards them all',
      code:
        web('aws_cloudfront_cache_policy.locale.id', q(MANAGED.allViewer)) +
        cachePolicy('locale', '      cookie_behavior = "whitelist"\n      cookies {\n        items = ["locale"]\n      }'),
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          ...AT_DEFAULT_ORP,
          endColumn: 70,
          data: {
            cookies: 'all cookies except locale',
            behavior: 'the default behavior',
            originPolicy: 'Managed-AllViewer',
            cachePolicy: 'aws_cloudfront_cache_policy.locale',
          },
        },
      ],
    }),
    offering({
      name: 'the origin gets the session cookie, the key only the locale; policies in their own file',
      files: {
        'main.tf': web('aws_cloudfront_cache_policy.locale.id', 'aws_cloudfront_origin_request_policy.session.id'),
        'policies.tf':
          cachePolicy('locale', '      cookie_behavior = "whitelist"\n      cookies {\n        items = ["locale"]\n      }') +
          originRequestPolicy('session', '    cookie_behavior = "whitelist"\n    cookies {\n      items = ["locale", "session"]\n    }'),
      },
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          ...AT_DEFAULT_ORP,
          endColumn: 79,
          data: {
            cookies: 'the cookie session',
            originPolicy: 'aws_cloudfront_origin_request_policy.session',
            behavior: 'the default behavior',
            cachePolicy: 'aws_cloudfront_cache_policy.locale',
          },
        },
      ],
    }),
    offering({
      name: 'policy IDs through a variable default, a local and terraform.tfvars',
      code: web('local.cache_policy_id', 'var.origin_request_policy_id'),
      files: {
        'variables.tf': `variable "origin_request_policy_id" {\n  type    = string\n  default = "${MANAGED.corsCustomOrigin}"\n}\n\nvariable "cache_policy_id" {\n  type = string\n}\n`,
        'locals.tf': 'locals {\n  cache_policy_id = var.cache_policy_id\n}\n',
        'terraform.tfvars': `cache_policy_id          = "${MANAGED.cachingOptimized}"\norigin_request_policy_id = "${MANAGED.allViewerExceptHostHeader}"\n`,
      },
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          ...AT_DEFAULT_ORP,
          endColumn: 60,
          data: {
            originPolicy: 'Managed-AllViewerExceptHostHeader',
            behavior: 'the default behavior',
            cachePolicy: 'Managed-CachingOptimized',
            cookies: 'all cookies',
          },
        },
      ],
    }),
    offering({
      name: 'an auto.tfvars file switches a safe default to AllViewer',
      code: web(q(MANAGED.cachingOptimized), 'var.origin_request_policy_id'),
      files: {
        'variables.tf': `variable "origin_request_policy_id" {\n  type    = string\n  default = null\n}\n`,
        'prod.auto.tfvars': `origin_request_policy_id = "${MANAGED.allViewer}"\n`,
      },
      errors: [{ messageId: 'replay', severity: 'error', ...AT_DEFAULT_ORP, endColumn: 60 }],
    }),
    offering({
      name: 'a local that holds a reference to a custom origin request policy',
      code: web(q(MANAGED.cachingOptimized), 'local.origin_policy') + originRequestPolicy('all', '    cookie_behavior = "all"'),
      files: { 'locals.tf': 'locals {\n  origin_policy = aws_cloudfront_origin_request_policy.all.id\n}\n' },
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          ...AT_DEFAULT_ORP,
          endColumn: 51,
          data: {
            originPolicy: 'aws_cloudfront_origin_request_policy.all',
            behavior: 'the default behavior',
            cachePolicy: 'Managed-CachingOptimized',
            cookies: 'all cookies',
          },
        },
      ],
    }),
    offering({
      name: 'managed policies looked up by name through data sources',
      code:
        web('data.aws_cloudfront_cache_policy.optimized.id', 'data.aws_cloudfront_origin_request_policy.all_viewer.id') +
        'data "aws_cloudfront_cache_policy" "optimized" {\n  name = "Managed-CachingOptimized"\n}\n' +
        'data "aws_cloudfront_origin_request_policy" "all_viewer" {\n  name = "Managed-AllViewer"\n}\n',
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          ...AT_DEFAULT_ORP,
          endColumn: 87,
          data: { cachePolicy: 'Managed-CachingOptimized', originPolicy: 'Managed-AllViewer', behavior: 'the default behavior', cookies: 'all cookies' },
        },
      ],
    }),
    offering({
      name: 'an origin request policy data source looked up by ID',
      code:
        web(q(MANAGED.cachingOptimized), 'data.aws_cloudfront_origin_request_policy.viewer.id') +
        `data "aws_cloudfront_origin_request_policy" "viewer" {\n  id = "${MANAGED.allViewer}"\n}\n`,
      errors: [{ messageId: 'replay', severity: 'error', ...AT_DEFAULT_ORP, endColumn: 83 }],
    }),
    offering({
      name: 'the ID decides, not the comment: 33f36d7e is AllViewerAndCloudFrontHeaders, whatever the label says',
      code: web(q(MANAGED.cachingOptimized), '"33f36d7e-f396-46d9-90e0-52428a34d9dc" # Managed-UserAgentRefererHeaders'),
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          ...AT_DEFAULT_ORP,
          endColumn: 70,
          data: {
            originPolicy: 'Managed-AllViewerAndCloudFrontHeaders-2022-06',
            behavior: 'the default behavior',
            cachePolicy: 'Managed-CachingOptimized',
            cookies: 'all cookies',
          },
        },
      ],
    }),
    offering({
      name: 'a conditional whose condition has a default picks the caching policy',
      code: web('var.cache ? local.optimized : local.disabled', q(MANAGED.allViewer)),
      files: {
        'variables.tf': 'variable "cache" {\n  type    = bool\n  default = true\n}\n',
        'locals.tf': `locals {\n  optimized = "${MANAGED.cachingOptimized}"\n  disabled  = "${MANAGED.cachingDisabled}"\n}\n`,
      },
      errors: [{ messageId: 'replay', severity: 'error', ...AT_DEFAULT_ORP, endColumn: 70 }],
    }),
    offering({
      name: 'TTLs of a custom cache policy that come from unset variables stay below error',
      code:
        web('aws_cloudfront_cache_policy.tuned.id', q(MANAGED.allViewer)) +
        cachePolicy('tuned', '      cookie_behavior = "none"', '  min_ttl     = var.min_ttl\n  default_ttl = var.default_ttl\n  max_ttl     = 3600\n'),
      files: { 'variables.tf': 'variable "min_ttl" {\n  type = number\n}\n\nvariable "default_ttl" {\n  type = number\n}\n' },
      errors: [{ messageId: 'replay', severity: 'warning', ...AT_DEFAULT_ORP, endColumn: 70 }],
    }),
    offering({
      name: 'a custom origin request policy that forwards all cookies except one',
      code:
        web(q(MANAGED.cachingOptimized), 'aws_cloudfront_origin_request_policy.most.id') +
        originRequestPolicy('most', '    cookie_behavior = "allExcept"\n    cookies {\n      items = ["tracking"]\n    }'),
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          ...AT_DEFAULT_ORP,
          endColumn: 76,
          data: {
            cookies: 'all cookies except tracking',
            behavior: 'the default behavior',
            originPolicy: 'aws_cloudfront_origin_request_policy.most',
            cachePolicy: 'Managed-CachingOptimized',
          },
        },
      ],
    }),
    offering({
      name: 'a distribution under count is reported once, with its suggestions',
      code: distribution(defaultBehavior({ cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }), 'web', '  count   = 2\n'),
      errors: [{ messageId: 'replay', severity: 'error', line: 10, column: 32, endLine: 10, endColumn: 70 }],
    }),
    {
      name: 'for_each: only the instance whose policy caches is reported, without a suggestion that would change both',
      code: distribution(defaultBehavior({ cachePolicy: 'each.value', originRequestPolicy: q(MANAGED.allViewer) }), 'web', FOR_EACH_SITES),
      errors: [{ messageId: 'replay', severity: 'error', line: 14, column: 32, endLine: 14, endColumn: 70 }],
    },
    {
      name: 'one element of a dynamic ordered_cache_behavior with a known for_each',
      code: distribution(defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled) }) + DYNAMIC_BEHAVIORS),
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          line: 22,
          column: 34,
          endLine: 22,
          endColumn: 72,
          data: { behavior: 'the behavior "/api/*"', originPolicy: 'Managed-AllViewer', cachePolicy: 'Managed-CachingOptimized', cookies: 'all cookies' },
        },
      ],
    },
    offering({
      name: 'an instance of a custom cache policy under for_each, picked by key',
      code:
        web('aws_cloudfront_cache_policy.tier["short"].id', q(MANAGED.allViewer)) +
        `resource "aws_cloudfront_cache_policy" "tier" {
  for_each = { short = 5, off = 0 }

  name        = "tier-\${each.key}"
  min_ttl     = 0
  default_ttl = each.value
  max_ttl     = each.value

  parameters_in_cache_key_and_forwarded_to_origin {
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}
`,
      errors: [
        {
          messageId: 'replay',
          severity: 'error',
          ...AT_DEFAULT_ORP,
          endColumn: 70,
          data: {
            cachePolicy: 'aws_cloudfront_cache_policy.tier["short"]',
            behavior: 'the default behavior',
            originPolicy: 'Managed-AllViewer',
            cookies: 'all cookies',
          },
        },
      ],
    }),
    offering({
      name: 'the old "${...}" interpolation style around a policy reference',
      code: web(q(MANAGED.cachingOptimized), '"${aws_cloudfront_origin_request_policy.all.id}"') + originRequestPolicy('all', '    cookie_behavior = "all"'),
      errors: [{ messageId: 'replay', severity: 'error', ...AT_DEFAULT_ORP, endColumn: 80 }],
    }),
    {
      name: 'JSON syntax is read the same way, and reported without suggestions',
      files: { 'main.tf.json': JSON_MODULE },
      errors: [{ messageId: 'replay', severity: 'error', file: 'main.tf.json', line: 32, column: 39, endLine: 32, endColumn: 87 }],
    },
  ],
});
