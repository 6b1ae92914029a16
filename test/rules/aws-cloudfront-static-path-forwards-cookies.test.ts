import rule from '../../rules/aws-cloudfront-static-path-forwards-cookies';
import { cachePolicy, defaultBehavior, distribution, MANAGED, orderedBehavior, originRequestPolicy, q } from '../support/cloudfront';
import { ruleTester } from '../support/rule-tester';

const DEFAULT = defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled), originRequestPolicy: q(MANAGED.allViewer) });

/** A distribution with a safe default behavior (lines 3-10) and one ordered behavior from line 11. */
const withBehavior = (pathPattern: string, settings: Parameters<typeof orderedBehavior>[1]): string =>
  distribution(DEFAULT + orderedBehavior(pathPattern, settings));

/** With both policies, the ordered behavior's origin_request_policy_id value is on line 18 from column 32. */
const AT_ORP = { line: 18, column: 32, endLine: 18 } as const;
/** Its cache_policy_id value, on line 17 (column 32 beside an origin request policy, 30 without). */
const AT_CP = { line: 17, endLine: 17 } as const;

const dropOrp = (text: string): string => text.replace(/^( {4}origin_request_policy_id = .*\n)(?![\s\S]*^ {4}origin_request_policy_id)/m, '');

/** Legacy cookie settings inside an ordered behavior. */
const legacy = (cookies: string): string => `    forwarded_values {
      query_string = false
      cookies {
${cookies}
      }
    }
`;

const LEGACY_ALL = withBehavior('"/static/*"', { extra: legacy('        forward = "all"') });
const LEGACY_WHITELIST = withBehavior('"*.woff2"', {
  extra: legacy('        forward           = "whitelist"\n        whitelisted_names = ["session", "csrf"]'),
});

const CUSTOM_SESSION = originRequestPolicy('session', '    cookie_behavior = "whitelist"\n    cookies {\n      items = ["session"]\n    }');
const CSS_SESSION = withBehavior('"*.css"', {
  cachePolicy: q(MANAGED.cachingOptimized),
  originRequestPolicy: 'aws_cloudfront_origin_request_policy.session.id',
});

const KEYED_LOCALE = cachePolicy('locale', '      cookie_behavior = "whitelist"\n      cookies {\n        items = ["locale"]\n      }');

ruleTester(rule, {
  valid: [
    {
      name: 'a static path with CachingOptimized and no origin request policy',
      code: withBehavior('"/assets/*"', { cachePolicy: q(MANAGED.cachingOptimized) }),
    },
    {
      name: 'a static path with CORS-S3Origin, which forwards no cookies',
      code: withBehavior('"*.js"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.corsS3Origin) }),
    },
    { name: 'legacy settings that forward no cookies', code: withBehavior('"/static/*"', { extra: legacy('        forward = "none"') }) },
    {
      name: 'a whitelist of no cookies forwards none',
      code: withBehavior('"/static/*"', { extra: legacy('        forward           = "whitelist"\n        whitelisted_names = []') }),
    },
    {
      name: "a dynamic path is not this rule's business",
      code: withBehavior('"/api/*"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }),
    },
    {
      name: 'the default behavior is not assessed',
      code: distribution(defaultBehavior({ cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) })),
    },
    {
      name: '/assets* also matches /assets-admin/..., so it is not a static path',
      code: withBehavior('"/assets*"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }),
    },
    {
      name: 'staticAssetPatterns replaces the default list',
      code: withBehavior('"/assets/*"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }),
      settings: { staticAssetPatterns: ['/media/*'] },
    },
    {
      name: 'a path pattern from a variable without a default is unknown',
      code: withBehavior('var.path', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }),
      files: { 'variables.tf': 'variable "path" {\n  type = string\n}\n' },
    },
    {
      name: 'cookie forwarding from a variable without a default is unknown',
      code: withBehavior('"/static/*"', { extra: legacy('        forward = var.forward_cookies') }),
      files: { 'variables.tf': 'variable "forward_cookies" {\n  type = string\n}\n' },
    },
    {
      name: "an unknown policy on a path that is not static is the replay rule's to judge",
      code: withBehavior('"/api/*"', { cachePolicy: 'var.cache_policy_id', originRequestPolicy: 'var.origin_request_policy_id' }),
      files: { 'variables.tf': 'variable "cache_policy_id" {\n  type = string\n}\nvariable "origin_request_policy_id" {\n  type = string\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'an unknown cache policy on a static path: info, since it may key (and so send) cookies',
      code: withBehavior('"/static/*"', { cachePolicy: 'var.cache_policy_id' }),
      files: { 'variables.tf': 'variable "cache_policy_id" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'unresolvedPolicy',
          severity: 'info',
          line: 17,
          column: 30,
          endLine: 17,
          endColumn: 49,
          data: { pattern: '/static/*', policy: 'cache policy' },
        },
      ],
    },
    {
      name: 'an unknown origin request policy on a static path: info',
      code: withBehavior('"/static/*"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: 'var.origin_request_policy_id' }),
      files: { 'variables.tf': 'variable "origin_request_policy_id" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'unresolvedPolicy',
          severity: 'info',
          line: 18,
          column: 32,
          endLine: 18,
          endColumn: 60,
          data: { pattern: '/static/*', policy: 'origin request policy' },
        },
      ],
    },
    {
      name: 'CachingOptimized with AllViewer on the JS bundles: the Loom shape',
      code: withBehavior('"/assets/js/*"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }),
      errors: [
        {
          messageId: 'staticReplay',
          severity: 'error',
          ...AT_ORP,
          endColumn: 70,
          data: { pattern: '/assets/js/*', cookies: 'all cookies', originPolicy: 'Managed-AllViewer', cachePolicy: 'Managed-CachingOptimized' },
          suggestions: [
            {
              messageId: 'removeOriginRequestPolicy',
              output: dropOrp(withBehavior('"/assets/js/*"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) })),
            },
          ],
        },
      ],
    },
    {
      name: 'a custom origin request policy forwards the session cookie on *.css; policies in their own file',
      files: { 'main.tf': CSS_SESSION, 'policies.tf': CUSTOM_SESSION },
      errors: [
        {
          messageId: 'staticReplay',
          severity: 'error',
          ...AT_ORP,
          endColumn: 79,
          data: {
            cookies: 'the cookie session',
            pattern: '*.css',
            originPolicy: 'aws_cloudfront_origin_request_policy.session',
            cachePolicy: 'Managed-CachingOptimized',
          },
          suggestions: [{ messageId: 'removeOriginRequestPolicy', output: dropOrp(CSS_SESSION) }],
        },
      ],
    },
    {
      name: 'cookies forwarded on a static path that does not cache are still a warning',
      code: withBehavior('"/static/*"', { cachePolicy: q(MANAGED.cachingDisabled), originRequestPolicy: q(MANAGED.allViewer) }),
      errors: [
        {
          messageId: 'originForwards',
          severity: 'warning',
          ...AT_ORP,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'removeOriginRequestPolicy',
              output: dropOrp(withBehavior('"/static/*"', { cachePolicy: q(MANAGED.cachingDisabled), originRequestPolicy: q(MANAGED.allViewer) })),
            },
          ],
        },
      ],
    },
    {
      name: 'an unknown cache policy with AllViewer stays a warning',
      code: withBehavior('"*.png"', { cachePolicy: 'var.cache_policy_id', originRequestPolicy: q(MANAGED.allViewer) }),
      files: { 'variables.tf': 'variable "cache_policy_id" {\n  type = string\n}\n' },
      errors: [
        {
          messageId: 'originForwards',
          severity: 'warning',
          ...AT_ORP,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'removeOriginRequestPolicy',
              output: dropOrp(withBehavior('"*.png"', { cachePolicy: 'var.cache_policy_id', originRequestPolicy: q(MANAGED.allViewer) })),
            },
          ],
        },
      ],
    },
    {
      name: 'a cache policy that keys all cookies on *.js',
      code: withBehavior('"*.js"', { cachePolicy: q(MANAGED.useOriginCacheControlHeaders) }),
      errors: [
        {
          messageId: 'cacheKeyCookies',
          severity: 'warning',
          ...AT_CP,
          column: 30,
          endColumn: 68,
          data: { cachePolicy: 'UseOriginCacheControlHeaders', pattern: '*.js', cookies: 'all cookies' },
          suggestions: [{ messageId: 'useCachingOptimized', output: withBehavior('"*.js"', { cachePolicy: q(MANAGED.cachingOptimized) }) }],
        },
      ],
    },
    {
      name: 'a custom cache policy that keys a locale cookie on /fonts/*',
      code: withBehavior('"/fonts/*"', { cachePolicy: 'aws_cloudfront_cache_policy.locale.id' }) + KEYED_LOCALE,
      errors: [
        {
          messageId: 'cacheKeyCookies',
          severity: 'warning',
          ...AT_CP,
          column: 30,
          endColumn: 67,
          data: { cookies: 'the cookie locale', pattern: '/fonts/*', cachePolicy: 'aws_cloudfront_cache_policy.locale' },
          suggestions: [{ messageId: 'useCachingOptimized', output: withBehavior('"/fonts/*"', { cachePolicy: q(MANAGED.cachingOptimized) }) + KEYED_LOCALE }],
        },
      ],
    },
    {
      name: 'legacy settings forward all cookies on /static/*',
      code: LEGACY_ALL,
      errors: [
        {
          messageId: 'legacyForwards',
          severity: 'warning',
          line: 20,
          column: 19,
          endLine: 20,
          endColumn: 24,
          data: { cookies: 'all cookies', pattern: '/static/*' },
          suggestions: [{ messageId: 'forwardNoCookies', output: LEGACY_ALL.replace('forward = "all"', 'forward = "none"') }],
        },
      ],
    },
    {
      name: 'a legacy whitelist on *.woff2: the names go with the fix',
      code: LEGACY_WHITELIST,
      errors: [
        {
          messageId: 'legacyForwards',
          line: 20,
          column: 29,
          endLine: 20,
          endColumn: 40,
          data: { cookies: 'the cookies session, csrf', pattern: '*.woff2' },
          suggestions: [
            {
              messageId: 'forwardNoCookies',
              output: LEGACY_WHITELIST.replace('forward           = "whitelist"', 'forward           = "none"').replace(
                '        whitelisted_names = ["session", "csrf"]\n',
                '',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a path without its leading slash and in capitals still serves static files',
      code: withBehavior('"Images/*.PNG"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }),
      errors: [
        {
          messageId: 'staticReplay',
          ...AT_ORP,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'removeOriginRequestPolicy',
              output: dropOrp(withBehavior('"Images/*.PNG"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) })),
            },
          ],
        },
      ],
    },
    {
      name: 'a project pattern from staticAssetPatterns covers a deeper path',
      code: withBehavior('"/media/thumbs/*"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }),
      settings: { staticAssetPatterns: ['/media/*'] },
      errors: [
        {
          messageId: 'staticReplay',
          ...AT_ORP,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'removeOriginRequestPolicy',
              output: dropOrp(withBehavior('"/media/thumbs/*"', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) })),
            },
          ],
        },
      ],
    },
    {
      name: 'the path pattern from terraform.tfvars and the policy from a local',
      code: withBehavior('var.bundle_path', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: 'local.origin_policy' }),
      files: {
        'variables.tf': 'variable "bundle_path" {\n  type    = string\n  default = "/api/*"\n}\n',
        'terraform.tfvars': 'bundle_path = "/_next/static/*"\n',
        'locals.tf': `locals {\n  origin_policy = "${MANAGED.allViewerExceptHostHeader}"\n}\n`,
      },
      errors: [
        {
          messageId: 'staticReplay',
          ...AT_ORP,
          endColumn: 51,
          data: {
            pattern: '/_next/static/*',
            cookies: 'all cookies',
            originPolicy: 'Managed-AllViewerExceptHostHeader',
            cachePolicy: 'Managed-CachingOptimized',
          },
          suggestions: [
            {
              messageId: 'removeOriginRequestPolicy',
              output: dropOrp(withBehavior('var.bundle_path', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: 'local.origin_policy' })),
            },
          ],
        },
      ],
    },
    {
      name: 'a static element of a dynamic ordered_cache_behavior, reported without a suggestion',
      code: distribution(
        DEFAULT +
          `  dynamic "ordered_cache_behavior" {
    for_each = toset(["/api/*", "*.map"])
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
      errors: [
        {
          messageId: 'staticReplay',
          line: 20,
          column: 34,
          endLine: 20,
          endColumn: 72,
          data: { pattern: '*.map', cookies: 'all cookies', originPolicy: 'Managed-AllViewer', cachePolicy: 'Managed-CachingOptimized' },
        },
      ],
    },
    {
      name: 'for_each over sites: only the one whose behavior serves scripts, without a suggestion that would change both',
      code: distribution(
        DEFAULT + orderedBehavior('each.value', { cachePolicy: q(MANAGED.cachingOptimized), originRequestPolicy: q(MANAGED.allViewer) }),
        'web',
        '  for_each = { app = "/api/*", cdn = "/js/*" }\n\n',
      ),
      errors: [
        {
          messageId: 'staticReplay',
          line: 20,
          column: 32,
          endLine: 20,
          endColumn: 70,
          data: { pattern: '/js/*', cookies: 'all cookies', originPolicy: 'Managed-AllViewer', cachePolicy: 'Managed-CachingOptimized' },
        },
      ],
    },
  ],
});
