import rule from '../../rules/aws-cloudfront-legacy-cookie-forwarding';
import { defaultBehavior, distribution, MANAGED, orderedBehavior, q } from '../support/cloudfront';
import { ruleTester } from '../support/rule-tester';

/** Legacy cache settings: TTL lines (as given), then forwarded_values with these cookie lines. */
const legacy = (ttls: string, cookies: string): string => `${ttls}    forwarded_values {
      query_string = true
      cookies {
${cookies}
      }
    }
`;

const FORWARD_ALL = '        forward = "all"';
const WHITELIST_LOCALE = '        forward           = "whitelist"\n        whitelisted_names = ["locale"]';

/** A distribution whose default behavior (lines 3-...) has these legacy settings. */
const web = (ttls: string, cookies: string, header = ''): string => distribution(defaultBehavior({ extra: legacy(ttls, cookies) }), 'web', header);

/** With no TTL lines, `forward`'s value is on line 11. */
const AT_FORWARD = { line: 11, endLine: 11 } as const;

/** The TTL lines the suggestion adds to a behavior built without any, aligned with its other arguments. */
const ADDED_TTLS = '    min_ttl                = 0\n    default_ttl            = 0\n    max_ttl                = 0\n';

/** `text` with `insert` after the last occurrence of `anchor`. */
const afterLast = (text: string, anchor: string, insert: string): string => {
  const at = text.lastIndexOf(anchor) + anchor.length;
  return text.slice(0, at) + insert + text.slice(at);
};

const CACHED_METHODS = '    cached_methods         = ["GET", "HEAD"]\n';

const APP_BEHAVIOR = distribution(
  defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled) }) + orderedBehavior('"/app/*"', { extra: legacy('', FORWARD_ALL) }),
);
const CATALOG = web('    min_ttl = 1\n', WHITELIST_LOCALE);

const STOPPED = '    min_ttl     = 0\n    default_ttl = 0\n    max_ttl     = 0\n';

ruleTester(rule, {
  valid: [
    { name: 'every TTL at 0: nothing is cached', code: web(STOPPED, FORWARD_ALL) },
    { name: 'no cookies forwarded', code: web('', '        forward = "none"') },
    {
      name: "min and default TTL 0: only the origin's own max-age caches, as the catalog allows",
      code: web('    min_ttl     = 0\n    default_ttl = 0\n', FORWARD_ALL),
    },
    {
      name: 'a cache policy takes over from forwarded_values',
      code: distribution(defaultBehavior({ cachePolicy: q(MANAGED.cachingOptimized), extra: legacy('', FORWARD_ALL) })),
    },
    {
      name: 'TTLs from variables without defaults are unknown',
      code: web('    min_ttl     = var.min_ttl\n    default_ttl = var.default_ttl\n    max_ttl     = var.max_ttl\n', FORWARD_ALL),
      files: {
        'variables.tf':
          'variable "min_ttl" {\n  type = number\n}\n\nvariable "default_ttl" {\n  type = number\n}\n\nvariable "max_ttl" {\n  type = number\n}\n',
      },
    },
    {
      name: 'cookie forwarding from a variable without a default is unknown',
      code: web('', '        forward = var.forward'),
      files: { 'variables.tf': 'variable "forward" {\n  type = string\n}\n' },
    },
    {
      name: 'a static-asset path is left to the static-path rule',
      code: distribution(defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled) }) + orderedBehavior('"/static/*"', { extra: legacy('', FORWARD_ALL) })),
    },
    {
      name: 'a whitelist of no cookies forwards none',
      code: web('', '        forward           = "whitelist"\n        whitelisted_names = []'),
    },
    {
      name: 'a cache policy ID from an unset variable may take over',
      code: distribution(defaultBehavior({ cachePolicy: 'var.cache_policy_id', extra: legacy('', FORWARD_ALL) })),
      files: { 'variables.tf': 'variable "cache_policy_id" {\n  type = string\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'a whitelisted cookie with a one-second minimum TTL on the default behavior',
      code: CATALOG,
      errors: [
        {
          messageId: 'legacyCaching',
          severity: 'warning',
          line: 12,
          column: 29,
          endLine: 12,
          endColumn: 40,
          data: { behavior: 'the default behavior', cookies: 'the cookie locale', maxTtl: 31536000 },
          suggestions: [{ messageId: 'stopCaching', output: CATALOG.replace('    min_ttl = 1\n', '    min_ttl = 0\n    default_ttl = 0\n    max_ttl = 0\n') }],
        },
      ],
    },
    {
      name: "all cookies on an ordered behavior with the API's default TTLs",
      code: APP_BEHAVIOR,
      errors: [
        {
          messageId: 'legacyCaching',
          line: 19,
          column: 19,
          endLine: 19,
          endColumn: 24,
          data: { behavior: 'the behavior "/app/*"', cookies: 'all cookies', maxTtl: 31536000 },
          suggestions: [{ messageId: 'stopCaching', output: afterLast(APP_BEHAVIOR, CACHED_METHODS, ADDED_TTLS) }],
        },
      ],
    },
    {
      name: 'TTLs from a variable default and terraform.tfvars, in a module of several files',
      files: {
        'cdn.tf': web('    default_ttl = var.page_ttl\n    max_ttl     = var.page_ttl\n', FORWARD_ALL),
        'variables.tf': 'variable "page_ttl" {\n  type    = number\n  default = 0\n}\n',
        'terraform.tfvars': 'page_ttl = 60\n',
      },
      errors: [
        {
          messageId: 'legacyCaching',
          file: 'cdn.tf',
          line: 13,
          column: 19,
          endLine: 13,
          endColumn: 24,
          data: { maxTtl: 60, behavior: 'the default behavior', cookies: 'all cookies' },
          suggestions: [
            {
              messageId: 'stopCaching',
              file: 'cdn.tf',
              output: web('    default_ttl = 0\n    max_ttl     = 0\n    min_ttl = 0\n', FORWARD_ALL),
            },
          ],
        },
      ],
    },
    {
      name: 'an auto.tfvars file and a local turn the cookies on',
      code: web('', '        forward = local.forward'),
      files: {
        'locals.tf': 'locals {\n  forward = var.session_cookies ? "all" : "none"\n}\n',
        'variables.tf': 'variable "session_cookies" {\n  type    = bool\n  default = false\n}\n',
        'app.auto.tfvars': 'session_cookies = true\n',
      },
      errors: [
        {
          messageId: 'legacyCaching',
          ...AT_FORWARD,
          column: 19,
          endColumn: 32,
          suggestions: [{ messageId: 'stopCaching', output: afterLast(web('', '        forward = local.forward'), CACHED_METHODS, ADDED_TTLS) }],
        },
      ],
    },
    {
      name: 'a cache_policy_id that is known to be null leaves forwarded_values in charge',
      code: distribution(defaultBehavior({ cachePolicy: 'var.cache_policy_id', extra: legacy('', FORWARD_ALL) })),
      files: { 'variables.tf': 'variable "cache_policy_id" {\n  type    = string\n  default = null\n}\n' },
      errors: [
        {
          messageId: 'legacyCaching',
          line: 12,
          column: 19,
          endLine: 12,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'stopCaching',
              output: distribution(defaultBehavior({ cachePolicy: 'var.cache_policy_id', extra: legacy('', FORWARD_ALL) })).replace(
                '    cache_policy_id        = var.cache_policy_id\n',
                '    cache_policy_id        = var.cache_policy_id\n' + ADDED_TTLS,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'whitelisted names that are not known are still a whitelist',
      code: web('', '        forward           = "whitelist"\n        whitelisted_names = var.cookies'),
      files: { 'variables.tf': 'variable "cookies" {\n  type = list(string)\n}\n' },
      errors: [
        {
          messageId: 'legacyCaching',
          ...AT_FORWARD,
          column: 29,
          endColumn: 40,
          data: { cookies: 'the whitelisted cookies', behavior: 'the default behavior', maxTtl: 31536000 },
          suggestions: [
            {
              messageId: 'stopCaching',
              output: afterLast(web('', '        forward           = "whitelist"\n        whitelisted_names = var.cookies'), CACHED_METHODS, ADDED_TTLS),
            },
          ],
        },
      ],
    },
    {
      name: 'count: the same behavior in every instance is reported once',
      code: web('', FORWARD_ALL, '  count   = 2\n'),
      errors: [
        {
          messageId: 'legacyCaching',
          line: 12,
          column: 19,
          endLine: 12,
          endColumn: 24,
          suggestions: [{ messageId: 'stopCaching', output: afterLast(web('', FORWARD_ALL, '  count   = 2\n'), CACHED_METHODS, ADDED_TTLS) }],
        },
      ],
    },
    {
      name: 'for_each: only the instance that caches, with no suggestion that would change both',
      code: web('    default_ttl = each.value\n', FORWARD_ALL, '  for_each = { app = 0, docs = 300 }\n\n'),
      errors: [{ messageId: 'legacyCaching', line: 14, column: 19, endLine: 14, endColumn: 24 }],
    },
    {
      name: 'a dynamic ordered_cache_behavior with a known for_each',
      code: distribution(
        defaultBehavior({ cachePolicy: q(MANAGED.cachingDisabled) }) +
          `  dynamic "ordered_cache_behavior" {
    for_each = { "/account/*" = 60 }
    content {
      path_pattern           = ordered_cache_behavior.key
      target_origin_id       = "app"
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      default_ttl            = ordered_cache_behavior.value
      forwarded_values {
        query_string = true
        cookies {
          forward = "all"
        }
      }
    }
  }
`,
      ),
      errors: [
        {
          messageId: 'legacyCaching',
          line: 22,
          column: 21,
          endLine: 22,
          endColumn: 26,
          data: { behavior: 'the behavior "/account/*"', cookies: 'all cookies', maxTtl: 31536000 },
        },
      ],
    },
  ],
});
