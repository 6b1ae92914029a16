resource "aws_cloudfront_distribution" "app" {
  enabled         = true
  is_ipv6_enabled = true
  comment         = "app.reelcast.example: web app and its JS/CSS bundles"
  price_class     = "PriceClass_100"

  origin {
    origin_id   = "app-alb"
    domain_name = "app-origin.reelcast.example"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # Dynamic pages: nothing cached, cookies forwarded. Safe.
  default_cache_behavior {
    target_origin_id         = "app-alb"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = local.caching_disabled_policy_id
    origin_request_policy_id = local.all_viewer_origin_request_policy_id
  }

  # The JS bundles are served by the app itself; its auth middleware runs on
  # every request and may answer with Set-Cookie. Cookies reach the origin
  # (origin request policy) but are not in the cache key (cache policy), so the
  # Set-Cookie is cached and replayed to whoever asks for the same URL next.
  ordered_cache_behavior {
    path_pattern             = "/assets/js/*"
    target_origin_id         = "app-alb"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD"]
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = aws_cloudfront_cache_policy.edge_default.id
    origin_request_policy_id = aws_cloudfront_origin_request_policy.app_session.id
  }

  ordered_cache_behavior {
    path_pattern             = "*.css"
    target_origin_id         = "app-alb"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD"]
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = aws_cloudfront_cache_policy.edge_default.id
    origin_request_policy_id = local.all_viewer_origin_request_policy_id
  }

  # Public share pages are rendered by the app and cached briefly with the house
  # policy. The app also reads the session cookie here, to show "Edit" to the
  # owner, and refreshes it with Set-Cookie: that answer is cached for everyone.
  ordered_cache_behavior {
    path_pattern             = "/share/*"
    target_origin_id         = "app-alb"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD"]
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = aws_cloudfront_cache_policy.edge_default.id
    origin_request_policy_id = aws_cloudfront_origin_request_policy.app_session.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }

  tags = local.tags
}

# The embed player is a second distribution that reuses the same cache policy,
# and still carries a behavior written before cache policies existed.
resource "aws_cloudfront_distribution" "embed" {
  enabled         = true
  is_ipv6_enabled = true
  comment         = "embed.reelcast.example: embeddable video player"
  price_class     = "PriceClass_100"

  origin {
    origin_id   = "embed-app"
    domain_name = "embed-origin.reelcast.example"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "embed-app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    cache_policy_id        = aws_cloudfront_cache_policy.edge_default.id
  }

  # Legacy cache settings: every cookie is forwarded and keyed, and responses are
  # cached for a day, Set-Cookie included.
  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = "embed-app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    min_ttl                = 0
    default_ttl            = 86400
    max_ttl                = 604800

    forwarded_values {
      query_string = false

      cookies {
        forward = "all"
      }
    }
  }

  # The player page greets signed-in viewers by name, so it forwards the session
  # cookie; legacy settings key on it, but every viewer without the cookie shares
  # one cached page, and any Set-Cookie on it, for five minutes.
  ordered_cache_behavior {
    path_pattern           = "/player/*"
    target_origin_id       = "embed-app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    min_ttl                = 0
    default_ttl            = 300
    max_ttl                = 3600

    forwarded_values {
      query_string = true

      cookies {
        forward           = "whitelist"
        whitelisted_names = ["rc_session"]
      }
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

  tags = local.tags
}
