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
  region = var.region

  default_tags {
    tags = {
      Service     = "ledgerly"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

variable "region" {
  description = "Region of this environment."
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Environment name, used in names."
  type        = string
  default     = "production"
}

locals {
  name = "ledgerly-${var.environment}"

  # Two zones for the application tier, so that it survives the loss of one.
  zones = {
    a = { zone = "eu-west-1a", private = "10.70.1.0/24" }
    b = { zone = "eu-west-1b", private = "10.70.2.0/24" }
  }
}
