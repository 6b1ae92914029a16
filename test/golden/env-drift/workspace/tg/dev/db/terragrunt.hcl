terraform {
  source = "../../../modules//db"
}

inputs = {
  instance_class = "db.t4g.small"
  subnet_ids     = ["subnet-0123456789abcdef0"]
}
