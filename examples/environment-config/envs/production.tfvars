# The VPC migration: production's settings were written by hand from the runbook.
environment    = "production"
region         = "us-east-1"
encoder_ami_id = "vidpipe-encoder-2018-12"
