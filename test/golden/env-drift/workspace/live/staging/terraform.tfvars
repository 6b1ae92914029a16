vpc_id = "vpc-0fedcba9876543210"
