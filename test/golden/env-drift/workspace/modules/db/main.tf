variable "instance_class" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

resource "aws_db_subnet_group" "db" {
  subnet_ids = var.subnet_ids
}
