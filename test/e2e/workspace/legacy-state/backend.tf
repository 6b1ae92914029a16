# A root module that nobody opens during the end-to-end test: only "premortem: Scan Workspace" can
# report its unlocked state backend.
terraform {
  backend "s3" {
    bucket = "legacy-terraform-state"
    key    = "legacy/terraform.tfstate"
    region = "us-east-1"
  }
}
