# A CloudFront distribution in front of an ALB and an S3 bucket, with ordered
# behaviors, managed and custom policies, and a bucket policy for the OAC.

terraform {
  required_version = ">= 1.8"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}

data "aws_cloudfront_cache_policy" "caching_disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_origin_request_policy" "all_viewer" {
  name = "Managed-AllViewerExceptHostHeader"
}

locals {
  app_origin_id    = "app-alb"
  assets_origin_id = "assets-s3"
  aliases          = [for host in var.hostnames : lower(trimspace(host))]

  # Static paths served from S3, longest first so CloudFront matches them before "/*".
  static_paths = {
    "/assets/*"      = { ttl = 86400, compress = true }
    "/fonts/*"       = { ttl = 604800, compress = false }
    "/favicon.ico"   = { ttl = 3600, compress = false }
  }
}

resource "aws_cloudfront_cache_policy" "assets" {
  name        = "${var.name}-assets"
  comment     = "Long-lived, versioned assets; no cookies in the key"
  min_ttl     = 0
  default_ttl = 86400
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "whitelist"
      query_strings {
        items = ["v", "locale"]
      }
    }
  }
}

resource "aws_cloudfront_response_headers_policy" "security" {
  name = "${var.name}-security-headers"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000 # two years
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    content_type_options {
      override = true
    }
    frame_options {
      frame_option = "DENY"
      override     = true
    }
  }

  custom_headers_config {
    dynamic "items" {
      for_each = var.extra_response_headers
      content {
        header   = items.key
        value    = items.value
        override = false
      }
    }
  }
}

resource "aws_cloudfront_origin_access_control" "assets" {
  name                              = "${var.name}-assets"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  enabled             = true
  is_ipv6_enabled     = true
  http_version        = "http2and3"
  comment             = "${var.name}: app and static assets"
  aliases             = local.aliases
  default_root_object = "index.html"
  price_class         = var.price_class != null ? var.price_class : "PriceClass_100"
  web_acl_id          = try(aws_wafv2_web_acl.edge[0].arn, null)

  origin {
    origin_id   = local.app_origin_id
    domain_name = var.alb_dns_name

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
      origin_read_timeout    = 30
    }

    custom_header {
      name  = "X-Origin-Verify"
      value = random_password.origin_secret.result
    }
  }

  origin {
    origin_id                = local.assets_origin_id
    domain_name              = aws_s3_bucket.assets.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.assets.id
  }

  default_cache_behavior {
    target_origin_id           = local.app_origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = data.aws_cloudfront_cache_policy.caching_disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  dynamic "ordered_cache_behavior" {
    for_each = local.static_paths
    iterator = behavior

    content {
      path_pattern               = behavior.key
      target_origin_id           = local.assets_origin_id
      viewer_protocol_policy     = "redirect-to-https"
      allowed_methods            = ["GET", "HEAD"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = behavior.value.compress
      cache_policy_id            = aws_cloudfront_cache_policy.assets.id
      response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id

      dynamic "function_association" {
        for_each = var.rewrite_function_arn == "" ? [] : [var.rewrite_function_arn]
        content {
          event_type   = "viewer-request"
          function_arn = function_association.value
        }
      }
    }
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = local.app_origin_id
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = data.aws_cloudfront_cache_policy.caching_disabled.id
  }

  custom_error_response {
    error_code            = 503
    response_code         = 503
    response_page_path    = "/errors/503.html"
    error_caching_min_ttl = 10
  }

  restrictions {
    geo_restriction {
      restriction_type = length(var.blocked_countries) > 0 ? "blacklist" : "none"
      locations        = var.blocked_countries
    }
  }

  viewer_certificate {
    acm_certificate_arn      = var.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  logging_config {
    bucket          = "${aws_s3_bucket.logs.bucket}.s3.amazonaws.com"
    prefix          = "cloudfront/${var.name}/"
    include_cookies = false
  }

  tags = merge(var.tags, { Name = var.name, "cost-center" = var.cost_center })

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags["LastDeployedBy"]]
  }

  depends_on = [aws_s3_bucket_policy.assets]
}

data "aws_iam_policy_document" "assets" {
  statement {
    sid       = "AllowCloudFrontRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.assets.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = data.aws_iam_policy_document.assets.json
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Service": "delivery.logs.amazonaws.com" },
        "Action": "s3:PutObject",
        "Resource": "${aws_s3_bucket.logs.arn}/cloudfront/*"
      }]
    }
  POLICY
}

output "distribution_domain_name" {
  description = "The *.cloudfront.net name to point DNS at."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "behavior_paths" {
  value = aws_cloudfront_distribution.this.ordered_cache_behavior[*].path_pattern
}
