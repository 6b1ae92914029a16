terraform {
  backend "s3" {
    bucket = "excluded"
    key    = "excluded.tfstate"
  }
}
