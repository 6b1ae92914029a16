terraform {
  backend "s3" {
    bucket = "acme-tfstate"
    key    = "live/terraform.tfstate"
    region = "eu-west-1"
  }
}
