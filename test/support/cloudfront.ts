// Builders for CloudFront test modules: complete distributions (so suggestion outputs pass terraform
// validate) whose cache behaviors come first, so the lines a test asserts do not move with the boilerplate.

/** IDs of AWS managed policies, as the rules know them. */
export const MANAGED = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  useOriginCacheControlHeaders: '83da9c7e-98b4-4e11-a168-04f0df8e2c65',
  allViewer: '216adef6-5c7f-47e4-b989-5492eafa07d3',
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
  corsCustomOrigin: '59781a5b-3903-41f3-afcb-af62929ccde1',
  corsS3Origin: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
} as const;

/** `"id"` as HCL. */
export const q = (text: string): string => `"${text}"`;

export interface BehaviorSettings {
  readonly cachePolicy?: string;
  readonly originRequestPolicy?: string;
  /** Extra lines inside the behavior, indented by the caller's choice (4 spaces). */
  readonly extra?: string;
}

/** A default_cache_behavior at two spaces of indentation; the policy values are HCL expressions. */
export function defaultBehavior(settings: BehaviorSettings): string {
  return behaviorBlock('default_cache_behavior', undefined, settings);
}

/** An ordered_cache_behavior; `pathPattern` is an HCL expression. */
export function orderedBehavior(pathPattern: string, settings: BehaviorSettings): string {
  return behaviorBlock('ordered_cache_behavior', pathPattern, settings);
}

function behaviorBlock(type: string, pathPattern: string | undefined, settings: BehaviorSettings): string {
  const lines: [string, string][] = [];
  if (pathPattern !== undefined) lines.push(['path_pattern', pathPattern]);
  lines.push(
    ['target_origin_id', '"app"'],
    ['viewer_protocol_policy', '"redirect-to-https"'],
    ['allowed_methods', '["GET", "HEAD"]'],
    ['cached_methods', '["GET", "HEAD"]'],
  );
  if (settings.cachePolicy !== undefined) lines.push(['cache_policy_id', settings.cachePolicy]);
  if (settings.originRequestPolicy !== undefined) lines.push(['origin_request_policy_id', settings.originRequestPolicy]);
  const width = Math.max(...lines.map(([name]) => name.length));
  const body = lines.map(([name, value]) => `    ${name.padEnd(width)} = ${value}`).join('\n');
  return `  ${type} {\n${body}\n${settings.extra ?? ''}  }\n`;
}

/**
 * A distribution: `resource "aws_cloudfront_distribution" "<name>" {` on line 1, `enabled = true` on line 2,
 * then the behaviors exactly as given from line 3 on, then origin, restrictions and certificate.
 */
export function distribution(behaviors: string, name = 'web', header = ''): string {
  return `resource "aws_cloudfront_distribution" "${name}" {
  enabled = true
${header}${behaviors}
  origin {
    origin_id   = "app"
    domain_name = "app.example.com"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`;
}

/** A custom cache policy; `cookies` is the body of `cookies_config`, TTL lines are given as they should appear. */
export function cachePolicy(name: string, cookies: string, ttls = ''): string {
  return `resource "aws_cloudfront_cache_policy" "${name}" {
  name = "${name}"
${ttls}
  parameters_in_cache_key_and_forwarded_to_origin {
    cookies_config {
${cookies}
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}
`;
}

/** A custom origin request policy; `cookies` is the body of `cookies_config`. */
export function originRequestPolicy(name: string, cookies: string): string {
  return `resource "aws_cloudfront_origin_request_policy" "${name}" {
  name = "${name}"

  cookies_config {
${cookies}
  }
  headers_config {
    header_behavior = "none"
  }
  query_strings_config {
    query_string_behavior = "all"
  }
}
`;
}
