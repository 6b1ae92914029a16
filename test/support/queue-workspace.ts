// A module with a queue whose Redis may evict jobs (unless its caller says otherwise), a local module call
// that sets that policy, and an S3 backend without locking: the small workspaces of the change-review tests
// (--new-since, --staged, --cache, the GitHub Action), where one edit turns a finding on or off.
export const QUEUE_MODULE = `variable "policy" {
  type    = string
  default = "noeviction"
}

resource "aws_elasticache_parameter_group" "intake" {
  name   = "intake-redis7"
  family = "redis7"

  parameter {
    name  = "maxmemory-policy"
    value = var.policy
  }
}

resource "aws_elasticache_replication_group" "intake_queue" {
  replication_group_id = "intake-queue"
  description          = "job queue"
  node_type            = "cache.t3.micro"
  parameter_group_name = aws_elasticache_parameter_group.intake.name
}
`;
export const caller = (policy: string): string => `module "queue" {\n  source = "../modules/queue"\n  policy = "${policy}"\n}\n`;
export const UNLOCKED = 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod.tfstate"\n  }\n}\n';
