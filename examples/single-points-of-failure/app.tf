data "aws_ami" "app" {
  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }
}

resource "aws_db_subnet_group" "ledger" {
  name       = local.name
  subnet_ids = [for subnet in aws_subnet.private : subnet.id]
}

# The ledger database. multi_az is left at its default (false): it runs in one zone.
resource "aws_db_instance" "ledger" {
  identifier                  = local.name
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.r6g.large"
  allocated_storage           = 100
  username                    = "ledger"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.ledger.name
  backup_retention_period     = 14
  deletion_protection         = true
  final_snapshot_identifier   = "${local.name}-final"
  maintenance_window          = "sun:03:00-sun:04:00"
}

resource "aws_launch_template" "api" {
  name_prefix   = "${local.name}-api-"
  image_id      = data.aws_ami.app.id
  instance_type = "t3.medium"

  user_data = base64encode(<<-EOT
    #!/bin/bash
    echo "DATABASE_HOST=${aws_db_instance.ledger.address}" >> /etc/ledgerly.env
    systemctl restart ledgerly-api
  EOT
  )
}

# Spread over both zones: it survives a zone's loss, but its database does not.
resource "aws_autoscaling_group" "api" {
  name                = "${local.name}-api"
  min_size            = 2
  max_size            = 8
  desired_capacity    = 2
  vpc_zone_identifier = [for subnet in aws_subnet.private : subnet.id]

  launch_template {
    id      = aws_launch_template.api.id
    version = aws_launch_template.api.latest_version
  }
}
