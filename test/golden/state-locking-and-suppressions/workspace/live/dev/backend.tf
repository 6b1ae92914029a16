# premortem-ignore-file: aws-made-up-rule -- a rule id that does not exist is reported
terraform {
  # premortem-ignore: terraform-s3-backend-without-locking -- dev state is only applied by the nightly job
  backend "s3" {
    bucket = "acme-tfstate-dev"
    key    = "live/dev/terraform.tfstate"
  }
}

resource "aws_s3_bucket" "scratch" { # premortem-ignore: terraform-s3-backend-without-locking
  bucket = "acme-dev-scratch"
}
