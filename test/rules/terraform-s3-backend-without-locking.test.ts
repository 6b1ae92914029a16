import rule from '../../rules/terraform-s3-backend-without-locking';
import { ruleTester } from '../support/rule-tester';

const backend = (body: string): string => `terraform {
  backend "s3" {
${body}
  }
}
`;

const COMPLETE = `    bucket = "acme-tfstate"
    key    = "prod/network.tfstate"
    region = "us-east-1"`;

const WITH_LOCKFILE = backend(`    bucket       = "acme-tfstate"
    key          = "prod/network.tfstate"
    region       = "us-east-1"
    use_lockfile = true`);

ruleTester(rule, {
  valid: [
    { name: 'use_lockfile = true', code: WITH_LOCKFILE },
    {
      name: 'migrating: DynamoDB and the lock file together',
      code: backend(`${COMPLETE}\n    dynamodb_table = "tf-locks"\n    use_lockfile   = true`),
    },
    { name: 'no backend block at all', code: 'terraform {\n  required_version = ">= 1.10"\n}\n' },
    { name: 'remote backend locks by itself', code: 'terraform {\n  backend "remote" {\n    organization = "acme"\n  }\n}\n' },
    { name: 'cloud block', code: 'terraform {\n  cloud {\n    organization = "acme"\n  }\n}\n' },
    {
      name: 'use_lockfile from a variable without a default (unknown) stays silent',
      code: backend(`${COMPLETE}\n    use_lockfile = var.lock`),
      files: { 'variables.tf': 'variable "lock" {\n  type = bool\n}\n' },
    },
    {
      name: 'use_lockfile from a local that is true',
      code: backend(`${COMPLETE}\n    use_lockfile = local.lock`),
      files: { 'locals.tf': 'locals {\n  lock = !false\n}\n' },
    },
    {
      name: 'terraform.tfvars turns the lock on',
      code: backend(`${COMPLETE}\n    use_lockfile = var.lock`),
      files: { 'variables.tf': 'variable "lock" {\n  default = false\n}\n', 'terraform.tfvars': 'lock = true\n' },
    },
    {
      name: 'partial backend completed by a .tfbackend file that locks',
      code: 'terraform {\n  backend "s3" {}\n}\n',
      files: { 'prod.s3.tfbackend': 'bucket       = "acme-tfstate"\nkey          = "prod.tfstate"\nuse_lockfile = true\n' },
    },
    {
      name: 'complete backend with the DynamoDB table in backend.hcl',
      code: backend(COMPLETE),
      files: { 'backend.hcl': 'dynamodb_table = "tf-locks"\n' },
    },
    {
      name: 'an s3 backend inside a resource is not a backend',
      code: 'resource "aws_s3_bucket" "state" {\n  bucket = "acme-tfstate"\n}\n',
    },
  ],
  invalid: [
    {
      name: 'complete backend without any locking',
      code: backend(COMPLETE),
      errors: [
        {
          messageId: 'noLocking',
          severity: 'warning',
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 15,
          suggestions: [{ messageId: 'addLockfile', output: WITH_LOCKFILE }],
        },
      ],
    },
    {
      name: 'use_lockfile = false underlines the value',
      code: backend(`${COMPLETE}\n    use_lockfile = false`),
      errors: [
        {
          messageId: 'lockingDisabled',
          severity: 'warning',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 25,
          suggestions: [{ messageId: 'addLockfile', output: backend(`${COMPLETE}\n    use_lockfile = true`) }],
        },
      ],
    },
    {
      name: 'only the deprecated DynamoDB table is info',
      code: backend(`    bucket         = "acme-tfstate"\n    key            = "prod/network.tfstate"\n    dynamodb_table = "tf-locks"`),
      errors: [
        {
          messageId: 'deprecatedDynamoDb',
          severity: 'info',
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'addLockfile',
              output: backend(
                `    bucket         = "acme-tfstate"\n    key            = "prod/network.tfstate"\n    dynamodb_table = "tf-locks"\n    use_lockfile   = true`,
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'an empty (partial) backend without a backend config file cannot be verified',
      code: 'terraform {\n  backend "s3" {}\n}\n',
      errors: [
        {
          messageId: 'cannotVerify',
          severity: 'info',
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 15,
          suggestions: [{ messageId: 'addLockfile', output: 'terraform {\n  backend "s3" {\n    use_lockfile = true\n  }\n}\n' }],
        },
      ],
    },
    {
      name: 'a variable default that turns locking off',
      code: backend(`${COMPLETE}\n    use_lockfile = var.lock`),
      files: { 'variables.tf': 'variable "lock" {\n  type    = bool\n  default = false\n}\n' },
      errors: [
        {
          messageId: 'lockingDisabled',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 28,
          suggestions: [{ messageId: 'addLockfile', output: backend(`${COMPLETE}\n    use_lockfile = true`) }],
        },
      ],
    },
    {
      name: 'an auto.tfvars value overrides a safe default',
      code: backend(`${COMPLETE}\n    use_lockfile = var.lock`),
      files: { 'variables.tf': 'variable "lock" {\n  default = true\n}\n', 'ci.auto.tfvars': 'lock = "false"\n' },
      errors: [
        {
          messageId: 'lockingDisabled',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 28,
          suggestions: [{ messageId: 'addLockfile', output: backend(`${COMPLETE}\n    use_lockfile = true`) }],
        },
      ],
    },
    {
      name: 'the backend in its own file of a multi-file module',
      files: {
        'backend.tf': backend(COMPLETE),
        'main.tf': 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
      },
      errors: [
        {
          messageId: 'noLocking',
          file: 'backend.tf',
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 15,
          suggestions: [{ messageId: 'addLockfile', file: 'backend.tf', output: WITH_LOCKFILE }],
        },
      ],
    },
    {
      name: 'JSON syntax is reported without a fix',
      files: {
        'backend.tf.json':
          '{\n  "terraform": {\n    "backend": {\n      "s3": {\n        "bucket": "acme-tfstate",\n        "key": "prod.tfstate"\n      }\n    }\n  }\n}\n',
      },
      errors: [{ messageId: 'noLocking', file: 'backend.tf.json', line: 3, column: 5, endLine: 4, endColumn: 11 }],
    },
    {
      name: 'a backend block where the = signs are not aligned keeps its style',
      code: 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key = "prod.tfstate"\n  }\n}\n',
      errors: [
        {
          messageId: 'noLocking',
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'addLockfile',
              output: 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key = "prod.tfstate"\n    use_lockfile = true\n  }\n}\n',
            },
          ],
        },
      ],
    },
  ],
});
