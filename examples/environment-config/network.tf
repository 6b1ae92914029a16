resource "aws_vpc" "main" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = local.name })
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.0.0/20"
  availability_zone = "us-east-1a"

  tags = merge(local.tags, { Name = "${local.name}-private-a" })
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.40.16.0/20"
  availability_zone = "us-east-1b"

  tags = merge(local.tags, { Name = "${local.name}-private-b" })
}
