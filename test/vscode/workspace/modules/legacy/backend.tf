# Never opened by the tests: only the workspace scan can find this one.
terraform {
  backend "s3" {
    bucket = "acme-tfstate"
    key    = "legacy/terraform.tfstate"
  }
}
