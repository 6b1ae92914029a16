// A small ECS service module: typed variables with validation, locals built with
// for expressions and templates, heredocs, dynamic blocks, and outputs.

/*
  Inputs
  ------
  Everything optional has a default; `container` is the only required object.
*/

variable "name" {
  type        = string
  description = "Service name, used as a prefix for every resource."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,31}$", var.name))
    error_message = "The name must be 3-32 characters: lower-case letters, digits and \"-\"."
  }
}

variable "container" {
  type = object({
    image   = string
    port    = optional(number, 8080)
    cpu     = optional(number, 256)
    memory  = optional(number, 512)
    env     = optional(map(string), {})
    secrets = optional(list(object({ name = string, arn = string })), [])
  })
}

variable "desired_count" {
  type    = number
  default = 2

  validation {
    condition     = var.desired_count >= 0 && var.desired_count <= 50
    error_message = "desired_count must be between 0 and 50, got ${var.desired_count}."
  }
}

variable "subnet_ids" {
  type     = list(string)
  nullable = false
}

variable "ingress" {
  description = "Extra security group rules, by name."
  type = map(object({
    from_port   = number
    to_port     = optional(number)
    cidr_blocks = list(string)
  }))
  default = {}
}

variable "scale" {
  type    = tuple([number, number])
  default = [1, 4]
}

variable "enable_exec" {
  type    = bool
  default = false
}

variable "ratio" {
  type    = any
  default = 1.5e-1
}

locals {
  full_name   = "${var.name}-${terraform.workspace}"
  is_prod     = terraform.workspace == "prod"
  account_id  = provider::aws::arn_parse(data.aws_iam_role.task.arn).account_id
  min_tasks   = local.is_prod ? max(var.scale[0], 2) : var.scale[0]
  max_tasks   = var.scale[1] * (local.is_prod ? 2 : 1)
  module_root = path.module

  environment = [
    for key, value in var.container.env : {
      name  = upper(key)
      value = tostring(value)
    }
    if !startswith(key, "_")
  ]

  secret_arns    = toset(var.container.secrets[*].arn)
  secrets_by_env = { for s in var.container.secrets : s.name => s.arn... }
  ports          = distinct(flatten([for r in values(var.ingress) : range(r.from_port, coalesce(r.to_port, r.from_port) + 1)]))

  labels = join(",", [for k, v in var.tags : "${k}=${v}" if v != ""])
  banner = "%{if local.is_prod}PRODUCTION%{else}${upper(terraform.workspace)}%{endif} - ${local.full_name}"
  hosts  = "%{ for i, h in var.hosts ~}${h}%{ if i < length(var.hosts) - 1 }, %{ endif }%{~ endfor }"
  price  = "costs $${AMOUNT} per 100%% of %{~ if var.enable_exec ~} exec %{~ endif ~} time"

  container_definitions = jsonencode([{
    name      = var.name
    image     = var.container.image
    cpu       = var.container.cpu
    memory    = var.container.memory
    essential = true
    command   = ["/bin/sh", "-c", local.entrypoint]
    portMappings = [{ containerPort = var.container.port, protocol = "tcp" }]
    environment  = local.environment
    secrets      = [for s in var.container.secrets : { name = s.name, valueFrom = s.arn }]
  }])

  entrypoint = <<-EOT
    set -eu
    echo "starting ${var.name} on port ${var.container.port}"
    %{~ for name, arn in local.secrets_by_env ~}
    export ${name}_ARN="${arn[0]}"
    %{~ endfor ~}
    exec /app/server --listen ":$${PORT:-${var.container.port}}"
  EOT

  readme = <<MARKDOWN
# ${var.name}

Tasks: ${local.min_tasks}..${local.max_tasks}
This line mentions MARKDOWN but does not end the heredoc.
MARKDOWN
}

data "aws_iam_role" "task" {
  name = "${var.name}-task"
}

resource "aws_security_group" "service" {
  name_prefix = "${local.full_name}-"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress
    content {
      description = ingress.key
      from_port   = ingress.value.from_port
      to_port     = coalesce(ingress.value.to_port, ingress.value.from_port)
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidr_blocks
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  lifecycle { create_before_destroy = true }
}

resource "aws_ecs_service" "this" {
  count = var.desired_count > 0 ? 1 : 0

  name                   = local.full_name
  cluster                = var.cluster_arn
  task_definition        = aws_ecs_task_definition.this.arn
  desired_count          = var.desired_count
  enable_execute_command = var.enable_exec
  propagate_tags         = "SERVICE"

  network_configuration {
    subnets         = var.subnet_ids
    security_groups = [aws_security_group.service.id]
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  tags = { for k, v in merge(var.tags, { Service = var.name }) : k => v if v != null }
}

moved {
  from = aws_ecs_service.main
  to   = aws_ecs_service.this[0]
}

check "service_is_running" {
  assert {
    condition     = length(aws_ecs_service.this) == 0 || aws_ecs_service.this[0].desired_count == var.desired_count
    error_message = "The service's desired count drifted from ${var.desired_count}."
  }
}

output "service_name" {
  value = one(aws_ecs_service.this[*].name)
}

output "security_group_ids" {
  value     = [aws_security_group.service.id]
  sensitive = false
}

output "summary" {
  value = {
    name    = local.full_name
    tasks   = "${local.min_tasks}-${local.max_tasks}"
    ports   = local.ports
    is_prod = local.is_prod ? "yes" : "no"
    path    = "${path.module}/templates"
  }
}
