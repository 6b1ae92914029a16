terraform {
  required_version = ">= 1.10"

  backend "s3" {
    bucket = "acme-tfstate-prod"
    key    = "live/prod/terraform.tfstate"
    region = var.region
  }
}
