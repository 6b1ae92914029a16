environment    = "staging"
region         = "us-east-1"
encoder_ami_id = "ami-0b5e2f9c81d4a7e36"
