environment    = "dev"
region         = "us-east-1"
encoder_ami_id = "ami-04c9e1d2b3a4f5e67"
