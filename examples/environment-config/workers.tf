# Encoding workers: scale with the upload queue.
resource "aws_launch_template" "encoder" {
  name_prefix          = "${local.name}-encoder-"
  image_id             = var.encoder_ami_id
  instance_type        = "c6i.2xlarge"
  security_group_names = var.encoder_security_group_names

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, { Role = "encoder" })
  }
}

resource "aws_autoscaling_group" "encoder" {
  name                = "${local.name}-encoder"
  min_size            = 2
  max_size            = 40
  desired_capacity    = 4
  vpc_zone_identifier = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  health_check_type   = "EC2"

  # Every new template version goes live at the next scale-out, untested.
  launch_template {
    id      = aws_launch_template.encoder.id
    version = "$Latest"
  }

  tag {
    key                 = "Service"
    value               = "vidpipe"
    propagate_at_launch = true
  }
}

# The import assembler: a single instance in a single subnet.
resource "aws_launch_template" "assembler" {
  name_prefix            = "${local.name}-assembler-"
  image_id               = "ami-0e7d41c9a2b5f8036"
  instance_type          = "m6i.large"
  vpc_security_group_ids = [aws_security_group.assembler.id]
}

resource "aws_autoscaling_group" "assembler" {
  name                = "${local.name}-assembler"
  min_size            = 1
  max_size            = 1
  vpc_zone_identifier = [aws_subnet.private_a.id]

  launch_template {
    id      = aws_launch_template.assembler.id
    version = aws_launch_template.assembler.latest_version
  }

  tag {
    key                 = "Service"
    value               = "vidpipe"
    propagate_at_launch = true
  }
}

resource "aws_security_group" "assembler" {
  name_prefix = "${local.name}-assembler-"
  description = "Import assembler"
  vpc_id      = aws_vpc.main.id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.tags
}
