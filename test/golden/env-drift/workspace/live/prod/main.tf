module "network" {
  source     = "../../modules/network"
  name       = "prod"
  subnet_ids = ["sg-00000000000000001", "subnet-00000000000000002"]
}
