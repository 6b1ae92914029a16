variable "vpc_id" {
  type = string
}

module "network" {
  source     = "../../modules/network"
  name       = "staging"
  vpc_id     = var.vpc_id
  subnet_ids = ["subnet-0fedcba9876543210", "subnet-0fedcba9876543211"]
}
