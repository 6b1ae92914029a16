ami_id             = "ami-0f0e0d0c0b0a09080"
security_group_ids = ["sg-0fedcba9876543210", "sg-0fedcba9876543211"]
instance_type      = "t3.medium"
