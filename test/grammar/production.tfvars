# Values for the production stack.
name          = "checkout"
desired_count = 6
enable_exec   = false
ratio         = 0.25
max_body_mb   = 1e3
price_class   = null

subnet_ids = [
  "subnet-0a1b2c3d4e5f60718",
  "subnet-0f1e2d3c4b5a69788", // eu-west-1b
]

scale = [2, 12]

container = {
  image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:2024.06.1"
  port  = 8443
  env = {
    LOG_LEVEL          = "info"
    "FEATURE_NEW_CART" = "true"
    _INTERNAL_ONLY     = "x"
  }
  secrets = [
    { name = "DB_PASSWORD", arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:checkout/db" },
  ]
}

ingress = {
  https = {
    from_port   = 443
    cidr_blocks = ["10.0.0.0/8"]
  }
  "metrics-scrape" = {
    from_port   = 9100
    to_port     = 9102
    cidr_blocks = ["10.20.0.0/16", "10.21.0.0/16"]
  }
}

tags = {
  Team        = "payments"
  CostCenter  = "cc-4411"
  Environment = "prod"
}

/* Shown on the status page during maintenance windows. */
maintenance_banner = <<-EOT
  Checkout is down for planned maintenance until 06:00 UTC.
  Orders placed now are queued and processed afterwards.
EOT

extra_response_headers = {
  "Permissions-Policy" = "camera=(), microphone=()"
  "X-Robots-Tag"       = "noindex"
}
