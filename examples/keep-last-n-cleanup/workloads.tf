# ---------------------------------------------------------------------------
# Container images
# ---------------------------------------------------------------------------

# The enactor image: tags are immutable, but the repository keeps only the
# newest 10 images. The task definition below still runs an older release.
resource "aws_ecr_repository" "enactor" {
  name                 = "edge-dns/enactor"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_lifecycle_policy" "enactor" {
  repository = aws_ecr_repository.enactor.name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Keep the last 10 images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = 10
        }
        action = {
          type = "expire"
        }
      }
    ]
  })
}

# The planner image: deployed by re-pushing the mutable "stable" tag. ECS pins
# the digest it resolved at deploy time, and the old digest becomes untagged.
resource "aws_ecr_repository" "planner" {
  name                 = "edge-dns/planner"
  image_tag_mutability = "MUTABLE"
}

resource "aws_ecr_lifecycle_policy" "planner" {
  repository = aws_ecr_repository.planner.name

  policy = <<-JSON
    {
      "rules": [
        {
          "rulePriority": 1,
          "description": "Expire untagged images after one day",
          "selection": {
            "tagStatus": "untagged",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": 1
          },
          "action": { "type": "expire" }
        }
      ]
    }
  JSON
}

resource "aws_ecs_task_definition" "enactor" {
  family                   = "edge-dns-enactor"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"

  container_definitions = jsonencode([
    {
      name      = "enactor"
      image     = "${aws_ecr_repository.enactor.repository_url}:2025.09.30-1"
      essential = true
      environment = [
        { name = "DNS_ZONE", value = local.domain },
      ]
    }
  ])
}

resource "aws_ecs_task_definition" "planner" {
  family                   = "edge-dns-planner"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"

  container_definitions = jsonencode([
    {
      name      = "planner"
      image     = "${aws_ecr_repository.planner.repository_url}:stable"
      essential = true
    }
  ])
}

# ---------------------------------------------------------------------------
# Golden AMIs for the resolver hosts: DLM keeps the newest 3, the launch
# template resolves "whatever DLM made last" when it is created.
# ---------------------------------------------------------------------------

resource "aws_iam_role" "dlm" {
  name = "edge-dns-dlm"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = "dlm.amazonaws.com" }
      }
    ]
  })
}

resource "aws_dlm_lifecycle_policy" "resolver_amis" {
  description        = "Nightly golden AMI of the resolver build host"
  execution_role_arn = aws_iam_role.dlm.arn
  state              = "ENABLED"

  policy_details {
    policy_type    = "IMAGE_MANAGEMENT"
    resource_types = ["INSTANCE"]

    target_tags = {
      GoldenSource = "resolver"
    }

    schedule {
      name = "nightly-golden"

      create_rule {
        interval      = 24
        interval_unit = "HOURS"
        times         = ["04:00"]
      }

      retain_rule {
        count = 3
      }

      tags_to_add = {
        Image = "resolver-golden"
      }

      copy_tags = false
    }
  }
}

data "aws_ami" "resolver" {
  owners      = ["self"]
  most_recent = true

  filter {
    name   = "tag:Image"
    values = ["resolver-golden"]
  }
}

resource "aws_launch_template" "resolver" {
  name_prefix   = "edge-dns-resolver-"
  image_id      = data.aws_ami.resolver.id
  instance_type = "c7g.large"

  tag_specifications {
    resource_type = "instance"
    tags = {
      Name = "edge-dns-resolver"
    }
  }
}
