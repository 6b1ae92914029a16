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

  default_tags {
    tags = {
      Service   = "flowhooks"
      Team      = "runtime"
      ManagedBy = "terraform"
    }
  }
}

variable "event_retention_seconds" {
  description = "How long workflow events wait in the intake queue (4 days)."
  type        = number
  default     = 345600
}

locals {
  lambda_package = "build/lambda.zip"
}

resource "aws_iam_role" "runtime" {
  name = "flowhooks-runtime"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = "lambda.amazonaws.com" }
      }
    ]
  })
}

# ---------------------------------------------------------------------------
# Intake buffer: BullMQ on Redis between the HTTP edge and the workers.
# ---------------------------------------------------------------------------

resource "aws_elasticache_parameter_group" "intake" {
  name   = "flowhooks-intake-redis7"
  family = "redis7"

  # When memory fills during an outage, Redis silently evicts queued jobs.
  parameter {
    name  = "maxmemory-policy"
    value = "allkeys-lru"
  }
}

resource "aws_elasticache_replication_group" "intake_queue" {
  replication_group_id       = "flowhooks-intake-queue"
  description                = "BullMQ job queue for incoming HTTP events"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  parameter_group_name       = aws_elasticache_parameter_group.intake.name
}
