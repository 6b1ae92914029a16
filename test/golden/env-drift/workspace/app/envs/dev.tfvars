ami_id             = "ami-0a1b2c3d4e5f67890"
security_group_ids = ["sg-0123456789abcdef0"]
desired_capacity   = 1
