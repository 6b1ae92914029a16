terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

locals {
  service = "reelcast-web"

  # AWS managed origin request policy "Managed-AllViewer": forwards every viewer
  # header, query string and cookie to the origin.
  all_viewer_origin_request_policy_id = "216adef6-5c7f-47e4-b989-5492eafa07d3"

  # AWS managed cache policy "Managed-CachingDisabled".
  caching_disabled_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"

  tags = {
    Service     = local.service
    Environment = "production"
    Team        = "web-platform"
  }
}
