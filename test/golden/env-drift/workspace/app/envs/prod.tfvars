# Production: the new VPC (December 6)
ami_id             = "uploader-2018-12"
security_group_ids = ["uploader-sg", "sg-00000000000000001"]
instance_type      = "c5.xlarge"
desired_capacity   = 12
desired_capcity    = 20
