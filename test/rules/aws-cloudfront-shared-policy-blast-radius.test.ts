import rule from '../../rules/aws-cloudfront-shared-policy-blast-radius';
import { cachePolicy, defaultBehavior, distribution, MANAGED, orderedBehavior, originRequestPolicy, q } from '../support/cloudfront';
import { ruleTester } from '../support/rule-tester';

const NO_COOKIES = '      cookie_behavior = "none"';
const ALL_COOKIES = '      cookie_behavior = "all"';

/** A cache policy named `shared` on lines 1-..., with its header `resource "aws_cloudfront_cache_policy" "shared"` (cols 1-48). */
const SHARED_QUIET = cachePolicy('shared', NO_COOKIES);
const SHARED_COOKIES = cachePolicy('shared', ALL_COOKIES, '  min_ttl     = 1\n  default_ttl = 60\n  max_ttl     = 3600\n');
const AT_SHARED = { line: 1, column: 1, endLine: 1, endColumn: 48 } as const;

const USES_SHARED = defaultBehavior({ cachePolicy: 'aws_cloudfront_cache_policy.shared.id' });
const site = (name: string, behaviors = USES_SHARED, header = ''): string => distribution(behaviors, name, header);
const ordered = (pattern: string, cachePolicyId = 'aws_cloudfront_cache_policy.shared.id'): string =>
  orderedBehavior(q(pattern), { cachePolicy: cachePolicyId });

ruleTester(rule, {
  valid: [
    { name: 'one distribution, two behaviors', code: SHARED_QUIET + site('web', USES_SHARED + ordered('/docs/*')) },
    {
      name: 'managed policies are excluded: AWS does not let anyone edit them',
      code:
        site('a', defaultBehavior({ cachePolicy: q(MANAGED.cachingOptimized) }) + ordered('/x/*', q(MANAGED.cachingOptimized))) +
        site('b', defaultBehavior({ cachePolicy: q(MANAGED.cachingOptimized) }) + ordered('/y/*', q(MANAGED.cachingOptimized))),
    },
    {
      name: 'a managed policy found through a data source is excluded too',
      code:
        'data "aws_cloudfront_cache_policy" "optimized" {\n  name = "Managed-CachingOptimized"\n}\n' +
        site('a', defaultBehavior({ cachePolicy: 'data.aws_cloudfront_cache_policy.optimized.id' })) +
        site('b', defaultBehavior({ cachePolicy: 'data.aws_cloudfront_cache_policy.optimized.id' })),
    },
    {
      name: 'each distribution has its own policy',
      code:
        cachePolicy('a', NO_COOKIES) +
        cachePolicy('b', NO_COOKIES) +
        site('a', defaultBehavior({ cachePolicy: 'aws_cloudfront_cache_policy.a.id' })) +
        site('b', defaultBehavior({ cachePolicy: 'aws_cloudfront_cache_policy.b.id' })),
    },
    {
      name: 'a distribution whose for_each is unknown may be created zero times',
      code: SHARED_QUIET + site('web') + site('tenants', USES_SHARED, '  for_each = var.tenants\n'),
      files: { 'variables.tf': 'variable "tenants" {\n  type = set(string)\n}\n' },
    },
    {
      name: 'one policy per instance: each distribution instance picks its own',
      code:
        `resource "aws_cloudfront_cache_policy" "per_site" {
  for_each = toset(["a", "b"])

  name = "per-site-\${each.key}"

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
` + site('web', defaultBehavior({ cachePolicy: 'aws_cloudfront_cache_policy.per_site[each.key].id' }), '  for_each = toset(["a", "b"])\n'),
    },
  ],
  invalid: [
    {
      name: 'a cookie-keying policy with a minimum TTL shared by two distributions',
      code: SHARED_COOKIES + site('marketing') + site('app'),
      errors: [
        {
          messageId: 'sharedRisky',
          severity: 'warning',
          ...AT_SHARED,
          data: {
            behaviors: '2 behaviors',
            distributions: '2 distributions',
            risk: 'keys and forwards all cookies, caches for at least 1 s whatever the origin says,',
            policy: 'aws_cloudfront_cache_policy.shared',
          },
        },
      ],
    },
    {
      name: 'a quiet policy on three behaviors of one distribution is info',
      code: SHARED_QUIET + site('web', USES_SHARED + ordered('/docs/*') + ordered('/blog/*')),
      errors: [
        {
          messageId: 'shared',
          severity: 'info',
          ...AT_SHARED,
          data: { behaviors: '3 behaviors', distributions: '1 distribution', policy: 'aws_cloudfront_cache_policy.shared' },
        },
      ],
    },
    {
      name: 'an origin request policy that forwards the session cookie, in its own file, used from two files',
      files: {
        'policies.tf': originRequestPolicy('session', '    cookie_behavior = "whitelist"\n    cookies {\n      items = ["session"]\n    }'),
        'app.tf': site(
          'app',
          defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled), originRequestPolicy: 'aws_cloudfront_origin_request_policy.session.id' }),
        ),
        'admin.tf': site('admin', defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled), originRequestPolicy: 'local.session_policy' })),
        'locals.tf': 'locals {\n  session_policy = aws_cloudfront_origin_request_policy.session.id\n}\n',
      },
      errors: [
        {
          messageId: 'sharedRisky',
          severity: 'warning',
          file: 'policies.tf',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 58,
          data: {
            risk: 'forwards the cookie session to the origin',
            policy: 'aws_cloudfront_origin_request_policy.session',
            behaviors: '2 behaviors',
            distributions: '2 distributions',
          },
        },
      ],
    },
    {
      name: 'count: two instances of one distribution are two distributions',
      code: SHARED_QUIET + site('web', USES_SHARED, '  count   = 2\n'),
      errors: [
        {
          messageId: 'shared',
          severity: 'info',
          ...AT_SHARED,
          data: { distributions: '2 distributions', policy: 'aws_cloudfront_cache_policy.shared', behaviors: '2 behaviors' },
        },
      ],
    },
    {
      name: 'for_each over sites from a variable default',
      code: SHARED_COOKIES + site('web', USES_SHARED, '  for_each = var.sites\n'),
      files: { 'variables.tf': 'variable "sites" {\n  type    = set(string)\n  default = ["docs", "blog", "shop"]\n}\n' },
      errors: [
        {
          messageId: 'sharedRisky',
          severity: 'warning',
          ...AT_SHARED,
          data: {
            behaviors: '3 behaviors',
            distributions: '3 distributions',
            policy: 'aws_cloudfront_cache_policy.shared',
            risk: 'keys and forwards all cookies, caches for at least 1 s whatever the origin says,',
          },
        },
      ],
    },
    {
      name: 'terraform.tfvars raises the minimum TTL of a shared policy',
      code: cachePolicy('shared', NO_COOKIES, '  min_ttl = var.min_ttl\n') + site('a') + site('b'),
      files: { 'variables.tf': 'variable "min_ttl" {\n  type    = number\n  default = 0\n}\n', 'terraform.tfvars': 'min_ttl = 5\n' },
      errors: [
        {
          messageId: 'sharedRisky',
          severity: 'warning',
          ...AT_SHARED,
          data: {
            risk: 'caches for at least 5 s whatever the origin says',
            policy: 'aws_cloudfront_cache_policy.shared',
            behaviors: '2 behaviors',
            distributions: '2 distributions',
          },
        },
      ],
    },
    {
      name: 'a dynamic ordered_cache_behavior with three known elements',
      code:
        SHARED_QUIET +
        site(
          'web',
          defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled) }) +
            `  dynamic "ordered_cache_behavior" {
    for_each = ["/a/*", "/b/*", "/c/*"]
    content {
      path_pattern           = ordered_cache_behavior.value
      target_origin_id       = "app"
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      cache_policy_id        = aws_cloudfront_cache_policy.shared.id
    }
  }
`,
        ),
      errors: [
        {
          messageId: 'shared',
          severity: 'info',
          ...AT_SHARED,
          data: { behaviors: '3 behaviors', policy: 'aws_cloudfront_cache_policy.shared', distributions: '1 distribution' },
        },
      ],
    },
    {
      name: 'a cookie behavior that is not known stays info',
      code: cachePolicy('shared', '      cookie_behavior = var.cookies') + site('a') + site('b'),
      files: { 'variables.tf': 'variable "cookies" {\n  type = string\n}\n' },
      errors: [{ messageId: 'shared', severity: 'info', ...AT_SHARED }],
    },
  ],
});
