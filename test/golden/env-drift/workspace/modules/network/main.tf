variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "name" {
  type = string
}

resource "aws_lb" "public" {
  name    = var.name
  subnets = var.subnet_ids
}
