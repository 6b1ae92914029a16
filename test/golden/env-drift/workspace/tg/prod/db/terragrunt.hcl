terraform {
  source = "../../../modules//db"
}

dependency "network" {
  config_path = "../network"
}

inputs = {
  instance_class = "db.r6g.xlarge"
  subnet_ids     = "subnet-00000000000000001"
}
