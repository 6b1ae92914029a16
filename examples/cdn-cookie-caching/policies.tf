# One "house" cache policy for everything that can be cached. It keeps cookies out
# of the cache key (good for hit ratio) and pins a one-second minimum TTL, which
# CloudFront honours even when the origin says Cache-Control: private.
resource "aws_cloudfront_cache_policy" "edge_default" {
  name        = "reelcast-edge-default"
  comment     = "Shared by every cacheable behavior in every distribution"
  min_ttl     = 1
  default_ttl = 300
  max_ttl     = 86400

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "whitelist"
      query_strings {
        items = ["v"]
      }
    }
  }
}

# Shared origin request policy: the app origin needs the session cookie on a few
# routes, so "forward the session" was added here once, for every behavior.
resource "aws_cloudfront_origin_request_policy" "app_session" {
  name    = "reelcast-app-session"
  comment = "Forward the session cookie and viewer locale to the app"

  cookies_config {
    cookie_behavior = "whitelist"
    cookies {
      items = ["rc_session", "rc_csrf"]
    }
  }

  headers_config {
    header_behavior = "whitelist"
    headers {
      items = ["CloudFront-Viewer-Country"]
    }
  }

  query_strings_config {
    query_string_behavior = "all"
  }
}
