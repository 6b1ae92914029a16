import rule from '../../rules/aws-ecr-untagged-expiry-mutable-tags';
import { ruleTester } from '../support/rule-tester';

const repository = (mutability = '\n  image_tag_mutability = "MUTABLE"'): string => `resource "aws_ecr_repository" "web" {
  name = "web"${mutability}
}
`;

/** One untagged rule (or `rules`); with the default repository its tagStatus value is on line 10. */
const policy = (
  rules = '{ rulePriority = 1, selection = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 1 }, action = { type = "expire" } },',
): string => `
resource "aws_ecr_lifecycle_policy" "web" {
  repository = aws_ecr_repository.web.name
  policy = jsonencode({
    rules = [
      ${rules}
    ]
  })
}
`;

const task = (image = '"${aws_ecr_repository.web.repository_url}:latest"', extra = ''): string => `
resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([{
    name      = "web"
    image     = ${image}
    essential = true
    memory    = 512${extra}
  }])
}
`;

const ANY_FIRST =
  '{ rulePriority = 1, selection = { tagStatus = "any", countType = "sinceImagePulled", countUnit = "days", countNumber = 30 }, action = { type = "expire" } },\n      { rulePriority = 2, selection = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 1 }, action = { type = "expire" } },';

ruleTester(rule, {
  valid: [
    { name: 'immutable tags are never pushed again', code: repository('\n  image_tag_mutability = "IMMUTABLE"') + policy() + task() },
    {
      name: 'mutability from a variable without a value stays silent',
      code: repository('\n  image_tag_mutability = var.mutability') + policy() + task(),
      files: { 'variables.tf': 'variable "mutability" {\n  type = string\n}\n' },
    },
    {
      name: 'versionConsistency = "disabled": ECS resolves the tag at each launch',
      code: repository() + policy() + task(undefined, '\n    versionConsistency = "disabled"'),
    },
    {
      name: 'a tag from a variable without a value is probably unique per build: silent',
      code: repository() + policy() + task('"${aws_ecr_repository.web.repository_url}:${var.build_sha}"'),
      files: { 'variables.tf': 'variable "build_sha" {\n  type = string\n}\n' },
    },
    {
      name: 'untagged images expired by last pull: ECS pulls the pinned digest',
      code:
        repository() +
        policy(
          '{ rulePriority = 1, selection = { tagStatus = "untagged", countType = "sinceImagePulled", countUnit = "days", countNumber = 14 }, action = { type = "expire" } },',
        ) +
        task(),
    },
    { name: 'an earlier "any" rule decides for untagged images', code: repository() + policy(ANY_FIRST) + task() },
    {
      name: 'the repository is not managed in this module',
      code:
        '\nresource "aws_ecr_lifecycle_policy" "web" {\n  repository = "web"\n  policy = jsonencode({ rules = [{ rulePriority = 1, selection = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 1 }, action = { type = "expire" } }] })\n}\n' +
        task('"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:latest"'),
    },
    {
      name: 'a Lambda function is not an ECS service',
      code:
        repository() +
        policy() +
        '\nresource "aws_lambda_function" "web" {\n  function_name = "web"\n  role          = "arn:aws:iam::123456789012:role/web"\n  package_type  = "Image"\n  image_uri     = "${aws_ecr_repository.web.repository_url}:latest"\n}\n',
    },
    {
      name: 'a pipeline deploys new revisions (ignore_changes = all): the tag written here is not what runs',
      code: repository() + policy() + task().replace('  }])\n}', '  }])\n\n  lifecycle {\n    ignore_changes = all\n  }\n}'),
    },
    {
      name: 'only tagged images are cleaned up',
      code:
        repository() +
        policy(
          '{ rulePriority = 1, selection = { tagStatus = "tagged", tagPrefixList = ["pr-"], countType = "imageCountMoreThan", countNumber = 20 }, action = { type = "expire" } },',
        ) +
        task(),
    },
  ],
  invalid: [
    {
      name: 'a mutable repository, untagged images expire after a day, ECS runs :latest',
      code: repository() + policy() + task(),
      errors: [
        {
          messageId: 'untaggedExpiry',
          severity: 'warning',
          line: 10,
          column: 53,
          endLine: 10,
          endColumn: 63,
          data: { removal: 'expires untagged images pushed more than 1 day ago', tags: 'latest', consumers: 'aws_ecs_task_definition.web' },
        },
      ],
    },
    {
      name: 'mutability unset is mutable; a count of untagged images from a policy document',
      code:
        repository('') +
        `
data "aws_ecr_lifecycle_policy_document" "web" {
  rule {
    priority = 1
    selection {
      tag_status   = "untagged"
      count_type   = "imageCountMoreThan"
      count_number = 3
    }
    action {
      type = "expire"
    }
  }
}

resource "aws_ecr_lifecycle_policy" "web" {
  repository = aws_ecr_repository.web.name
  policy     = data.aws_ecr_lifecycle_policy_document.web.json
}
` +
        task('"${aws_ecr_repository.web.repository_url}:stable"'),
      errors: [
        {
          messageId: 'untaggedExpiry',
          line: 9,
          column: 22,
          endLine: 9,
          endColumn: 32,
          data: { removal: 'expires every untagged image beyond the newest 3', tags: 'stable', consumers: 'aws_ecs_task_definition.web' },
        },
      ],
    },
    {
      name: 'a heredoc policy, mutability from terraform.tfvars, in separate files',
      files: {
        'ecr.tf': `${repository('\n  image_tag_mutability = var.mutability')}
resource "aws_ecr_lifecycle_policy" "web" {
  repository = aws_ecr_repository.web.name
  policy     = <<-JSON
    {
      "rules": [
        {
          "rulePriority": 1,
          "selection": {
            "tagStatus": "untagged",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": 7
          },
          "action": { "type": "expire" }
        }
      ]
    }
  JSON
}
`,
        'ecs.tf': task('"123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:prod"'),
        'variables.tf': 'variable "mutability" {\n  type    = string\n  default = "IMMUTABLE"\n}\n',
        'terraform.tfvars': 'mutability = "MUTABLE"\n',
      },
      errors: [
        {
          messageId: 'untaggedExpiry',
          file: 'ecr.tf',
          line: 14,
          column: 26,
          endLine: 14,
          endColumn: 36,
          data: { tags: 'prod', removal: 'expires untagged images pushed more than 7 days ago', consumers: 'aws_ecs_task_definition.web' },
        },
      ],
    },
    {
      name: 'repositories and task definitions under for_each',
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
      selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 1 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_ecs_task_definition" "svc" {
  for_each = toset(["web"])
  family   = each.key
  container_definitions = jsonencode([{
    name  = each.key
    image = "\${aws_ecr_repository.svc[each.key].repository_url}:main"
  }])
}
`,
      errors: [
        {
          messageId: 'untaggedExpiry',
          line: 12,
          column: 36,
          endLine: 12,
          endColumn: 46,
          data: { consumers: 'aws_ecs_task_definition.svc', removal: 'expires untagged images pushed more than 1 day ago', tags: 'main' },
        },
      ],
    },
  ],
});
