variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "queues" {
  type = map(object({
    retention = optional(number, 345600)
  }))
}

locals {
  # é and 😀 before a finding-free resource keep column counting honest.
  owner = "platform-équipe 😀"
  tags  = merge({ Owner = local.owner }, { Env = "prod" })
}

resource "aws_sqs_queue" "work" {
  for_each                  = var.queues
  name                      = "work-${each.key}"
  message_retention_seconds = each.value.retention
  tags                      = local.tags
}

data "aws_iam_policy_document" "read" {
  dynamic "statement" {
    for_each = aws_sqs_queue.work
    content {
      actions   = ["sqs:ReceiveMessage"]
      resources = [statement.value.arn]
    }
  }
}

resource "aws_iam_policy" "read" {
  count  = length(var.queues) > 0 ? 1 : 0
  name   = "read-work-queues"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": ${jsonencode([for q in aws_sqs_queue.work : q.arn])}
    }
  EOT
}
