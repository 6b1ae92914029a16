terraform {
  required_version = ">= 1.10"

  # Two pipelines apply this root module: the hourly DNS planner job and the
  # on-call "enact now" job. Nothing stops them from writing the state at the
  # same time: there is no use_lockfile and no dynamodb_table.
  backend "s3" {
    bucket  = "edgedns-terraform-state"
    key     = "edge-dns/us-east-1/terraform.tfstate"
    region  = "us-east-1"
    encrypt = true
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Service   = "edge-dns"
      Team      = "traffic"
      ManagedBy = "terraform"
    }
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

locals {
  domain = "edgedns.example"
}

# ---------------------------------------------------------------------------
# The state bucket. It lives in this module so the cleanup rules sit next to
# the backend that depends on them.
# ---------------------------------------------------------------------------

resource "aws_s3_bucket" "state" {
  bucket = "edgedns-terraform-state"
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  # Meant for the plan files CI uploads under edge-dns/us-east-1/plans/, but
  # the prefix also covers the live state object.
  rule {
    id     = "expire-old-plan-files"
    status = "Enabled"

    filter {
      prefix = "edge-dns/"
    }

    expiration {
      days = 14
    }
  }

  # "Keep the last 2 versions": a keep-last-N cleanup of state history, which
  # leaves almost nothing to roll back to after a bad write.
  rule {
    id     = "keep-last-2-state-versions"
    status = "Enabled"

    # An empty prefix: the whole bucket, state objects included.
    filter {
      prefix = ""
    }

    noncurrent_version_expiration {
      noncurrent_days           = 1
      newer_noncurrent_versions = 2
    }
  }
}
