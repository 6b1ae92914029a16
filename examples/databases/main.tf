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
  region = "us-west-2"

  default_tags {
    tags = {
      Service   = "clipnote"
      Team      = "data-platform"
      ManagedBy = "terraform"
    }
  }
}

variable "app_instance_class" {
  description = "Instance class of the writer and the general-purpose readers."
  type        = string
  default     = "db.r6g.4xlarge"
}

variable "db_subnet_group_name" {
  description = "Existing DB subnet group in the data VPC."
  type        = string
  default     = "clipnote-data-private"
}
