resource "aws_s3_bucket" "half_typed" {
  bucket = "acme-broken
  acl    = "private"
}

terraform {
  backend "s3" {
    bucket = "acme-tfstate-broken"
    key    = "live/broken/terraform.tfstate"
  }
}
