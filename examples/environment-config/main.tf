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
}

variable "region" {
  description = "Region of this environment."
  type        = string
  default     = "us-east-1"
}

variable "environment" {
  description = "Environment name, used in names and tags."
  type        = string
  default     = "production"
}

# Copied from the staging environment's settings when the VPC migration
# started. The ID is a staging-account image in another region, and the
# security group names only exist in the old EC2-Classic style setup.
variable "encoder_ami_id" {
  description = "Golden image for the encoding workers."
  type        = string
  default     = "ami-0b5e2f9c81d4a7e36"
}

variable "encoder_security_group_names" {
  description = "Security groups of the encoding workers."
  type        = list(string)
  default     = ["encoder-workers", "internal-ssh"]
}

locals {
  name = "vidpipe-${var.environment}"

  tags = {
    Service     = "vidpipe"
    Environment = var.environment
    Owner       = "media-infra"
  }
}
