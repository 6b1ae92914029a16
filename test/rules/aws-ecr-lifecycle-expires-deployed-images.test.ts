import rule from '../../rules/aws-ecr-lifecycle-expires-deployed-images';
import { ruleTester } from '../support/rule-tester';

const REPOSITORY = `resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}
`;

/** A lifecycle policy with one rule; KEEP_5's countType value is on line 13 when it follows REPOSITORY. */
const policy = (selection: string, action = '{ type = "expire" }'): string => `
resource "aws_ecr_lifecycle_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      selection = {
${selection}
      }
      action = ${action}
    }]
  })
}
`;

const KEEP_5 = '        tagStatus   = "any"\n        countType   = "imageCountMoreThan"\n        countNumber = 5';

const task = (image: string, extra = ''): string => `
resource "aws_ecs_task_definition" "billing" {
  family = "billing"
  container_definitions = jsonencode([{
    name      = "billing"
    image     = ${image}
    essential = true
    memory    = 512${extra}
  }])
}
`;

const URL_TAG = (tag: string): string => `"\${aws_ecr_repository.api.repository_url}:${tag}"`;

ruleTester(rule, {
  valid: [
    {
      name: 'expiry by last pull knows what is in use',
      code:
        REPOSITORY +
        policy('        tagStatus   = "any"\n        countType   = "sinceImagePulled"\n        countUnit   = "days"\n        countNumber = 90') +
        task(URL_TAG('v1.4.2')),
    },
    {
      name: 'an untagged-only rule never takes a tagged image',
      code:
        REPOSITORY +
        policy('        tagStatus   = "untagged"\n        countType   = "sinceImagePushed"\n        countUnit   = "days"\n        countNumber = 1') +
        task(URL_TAG('v1.4.2')),
    },
    {
      name: 'a prefix that the deployed tag does not have',
      code:
        REPOSITORY +
        policy('        tagStatus     = "tagged"\n        tagPrefixList = ["pr-"]\n        countType     = "imageCountMoreThan"\n        countNumber   = 20') +
        task(URL_TAG('v1.4.2')),
    },
    {
      name: 'a higher-priority pull-based rule takes release tags first',
      code:
        REPOSITORY +
        `
resource "aws_ecr_lifecycle_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 2
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 50 }
        action       = { type = "expire" }
      },
      {
        rulePriority = 1
        selection    = { tagStatus = "tagged", tagPatternList = ["v*"], countType = "sinceImagePulled", countUnit = "days", countNumber = 180 }
        action       = { type = "expire" }
      },
    ]
  })
}
` +
        task(URL_TAG('v1.4.2')),
    },
    { name: 'the workload uses another repository', code: REPOSITORY + policy(KEEP_5) + task('"123456789012.dkr.ecr.us-east-1.amazonaws.com/billing:v1.4.2"') },
    { name: 'a public image is not in ECR', code: REPOSITORY + policy(KEEP_5) + task('"public.ecr.aws/nginx/nginx:1.27"') },
    {
      name: 'a policy read from a file cannot be seen',
      code:
        REPOSITORY +
        '\nresource "aws_ecr_lifecycle_policy" "api" {\n  repository = aws_ecr_repository.api.name\n  policy     = file("${path.module}/policy.json")\n}\n' +
        task(URL_TAG('v1.4.2')),
    },
    {
      name: 'a heredoc that is not valid JSON is ignored',
      code:
        REPOSITORY +
        '\nresource "aws_ecr_lifecycle_policy" "api" {\n  repository = aws_ecr_repository.api.name\n  policy     = <<-EOT\n    { "rules": [ { "rulePriority": 1, } ] \n  EOT\n}\n' +
        task(URL_TAG('v1.4.2')),
    },
    {
      name: 'an earlier rule whose selection is unknown decides nothing for us',
      code:
        REPOSITORY +
        `
resource "aws_ecr_lifecycle_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    rules = [
      { rulePriority = 1, selection = { tagStatus = var.status, countType = "sinceImagePulled", countUnit = "days", countNumber = 30 }, action = { type = "expire" } },
      { rulePriority = 2, selection = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 5 }, action = { type = "expire" } },
    ]
  })
}
` +
        task(URL_TAG('v1.4.2')),
      files: { 'variables.tf': 'variable "status" {\n  type = string\n}\n' },
    },
    {
      name: 'no workload deploys from the repository',
      code: REPOSITORY + policy(KEEP_5),
    },
  ],
  invalid: [
    {
      name: 'keep the last 5 images while a task still runs an older tag',
      code: REPOSITORY + policy(KEEP_5) + task(URL_TAG('v1.4.2')),
      errors: [
        {
          messageId: 'expiresDeployedTag',
          severity: 'warning',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 43,
          data: { tags: 'v1.4.2', consumers: 'aws_ecs_task_definition.billing', removal: 'expires every image beyond the newest 5' },
        },
      ],
    },
    {
      name: 'a heredoc policy and a heredoc container definition with the literal registry URL',
      code:
        REPOSITORY +
        `
resource "aws_ecr_lifecycle_policy" "api" {
  repository = "api"
  policy     = <<-JSON
    {
      "rules": [
        {
          "rulePriority": 1,
          "selection": {
            "tagStatus": "any",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": 30
          },
          "action": { "type": "expire" }
        }
      ]
    }
  JSON
}

resource "aws_ecs_task_definition" "billing" {
  family                = "billing"
  container_definitions = <<-JSON
    [{ "name": "billing", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:2024.11.02", "memory": 512 }]
  JSON
}
`,
      errors: [
        {
          messageId: 'expiresDeployedTag',
          line: 15,
          column: 26,
          endLine: 15,
          endColumn: 44,
          data: { removal: 'expires images pushed more than 30 days ago', tags: '2024.11.02', consumers: 'aws_ecs_task_definition.billing' },
        },
      ],
    },
    {
      name: 'a tag pattern and an archive action',
      code:
        REPOSITORY +
        policy(
          '        tagStatus      = "tagged"\n        tagPatternList = ["v*"]\n        countType      = "imageCountMoreThan"\n        countNumber    = 20',
          '{ type = "transition", targetStorageClass = "archive" }',
        ) +
        task(URL_TAG('v1.4.2')),
      errors: [
        {
          messageId: 'expiresDeployedTag',
          line: 14,
          column: 26,
          endLine: 14,
          endColumn: 46,
          data: { removal: 'archives every image beyond the newest 20', tags: 'v1.4.2', consumers: 'aws_ecs_task_definition.billing' },
        },
      ],
    },
    {
      name: 'a policy document data source and a Lambda function image',
      code:
        REPOSITORY +
        `
data "aws_ecr_lifecycle_policy_document" "api" {
  rule {
    priority = 1
    selection {
      tag_status   = "any"
      count_type   = "imageCountMoreThan"
      count_number = 10
    }
    action {
      type = "expire"
    }
  }
}

resource "aws_ecr_lifecycle_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy     = data.aws_ecr_lifecycle_policy_document.api.json
}

resource "aws_lambda_function" "resize" {
  function_name = "resize"
  role          = "arn:aws:iam::123456789012:role/resize"
  package_type  = "Image"
  image_uri     = "\${aws_ecr_repository.api.repository_url}:v3"
}
`,
      errors: [
        {
          messageId: 'expiresDeployedTag',
          line: 11,
          column: 22,
          endLine: 11,
          endColumn: 42,
          data: { consumers: 'aws_lambda_function.resize', removal: 'expires every image beyond the newest 10', tags: 'v3' },
        },
      ],
    },
    {
      name: 'a Batch job, the tag from terraform.tfvars, the containers in a local, across files',
      files: {
        'ecr.tf': REPOSITORY + policy(KEEP_5),
        'batch.tf': `locals {
  job = {
    image   = "\${aws_ecr_repository.api.repository_url}:\${var.release}"
    command = ["report"]
  }
}

resource "aws_batch_job_definition" "report" {
  name                 = "report"
  type                 = "container"
  container_properties = jsonencode(local.job)
}
`,
        'variables.tf': 'variable "release" {\n  type    = string\n  default = "latest"\n}\n',
        'terraform.tfvars': 'release = "2025.10.01"\n',
      },
      errors: [
        {
          messageId: 'expiresDeployedTag',
          file: 'ecr.tf',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 43,
          data: { tags: '2025.10.01', consumers: 'aws_batch_job_definition.report', removal: 'expires every image beyond the newest 5' },
        },
      ],
    },
    {
      name: 'repositories under for_each: the policy and the task pick the same instance',
      code: `resource "aws_ecr_repository" "svc" {
  for_each = toset(["api", "web"])
  name     = each.key
}

resource "aws_ecr_lifecycle_policy" "svc" {
  for_each   = toset(["api", "web"])
  repository = aws_ecr_repository.svc[each.key].name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 3 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([{
    name  = "web"
    image = "\${aws_ecr_repository.svc["web"].repository_url}:stable"
  }])
}
`,
      errors: [{ messageId: 'expiresDeployedTag', line: 12, column: 55, endLine: 12, endColumn: 75 }],
    },
    {
      name: 'no tag after the repository means latest',
      code: REPOSITORY + policy(KEEP_5) + task('aws_ecr_repository.api.repository_url'),
      errors: [
        {
          messageId: 'expiresDeployedTag',
          line: 13,
          column: 23,
          endLine: 13,
          endColumn: 43,
          data: { tags: 'latest', removal: 'expires every image beyond the newest 5', consumers: 'aws_ecs_task_definition.billing' },
        },
      ],
    },
    {
      name: 'a tag from a variable without a value is only a note',
      code: REPOSITORY + policy(KEEP_5) + task('"${aws_ecr_repository.api.repository_url}:${var.release}"'),
      files: { 'variables.tf': 'variable "release" {\n  type = string\n}\n' },
      errors: [{ messageId: 'mayExpireDeployedImage', severity: 'info', line: 13, column: 23, endLine: 13, endColumn: 43 }],
    },
    {
      name: 'a pipeline deploys the images (ignore_changes): what is written here is only a note',
      code:
        REPOSITORY +
        policy(KEEP_5) +
        task(URL_TAG('bootstrap')).replace('  }])\n}', '  }])\n\n  lifecycle {\n    ignore_changes = [container_definitions]\n  }\n}'),
      errors: [{ messageId: 'mayExpireDeployedImage', severity: 'info', line: 13, column: 23, endLine: 13, endColumn: 43 }],
    },
    {
      name: 'an image pinned by digest is only a note',
      code: REPOSITORY + policy(KEEP_5) + task(URL_TAG('').replace(':"', '@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"')),
      errors: [{ messageId: 'mayExpireDeployedImage', severity: 'info', line: 13, column: 23, endLine: 13, endColumn: 43 }],
    },
  ],
});
