import rule from '../../rules/terraform-state-bucket-expires-state';
import { ruleTester } from '../support/rule-tester';

const BACKEND = `terraform {
  backend "s3" {
    bucket       = "acme-tfstate"
    key          = "network/prod.tfstate"
    region       = "us-east-1"
    use_lockfile = true
  }
}
`;

const BUCKET = `
resource "aws_s3_bucket" "state" {
  bucket = "acme-tfstate"
}
`;

const VERSIONING = `
resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}
`;

/** Backend (lines 1-8), bucket (10-12), versioning (14-19); a lifecycle configuration starts on line 21. */
const STATE = BACKEND + BUCKET + VERSIONING;

const lifecycle = (rules: string): string => `
resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id
${rules}
}
`;

const rule1 = (filter: string, action: string, status = '"Enabled"'): string => `  rule {
    id     = "tidy"
    status = ${status}
${filter}
${action}
  }`;

const EXPIRE_14 = '    expiration {\n      days = 14\n    }';
const PREFIX = (p: string): string => `    filter {\n      prefix = "${p}"\n    }`;
const NONCURRENT = (days: number, versions?: number): string =>
  `    noncurrent_version_expiration {\n      noncurrent_days = ${days}${versions === undefined ? '' : `\n      newer_noncurrent_versions = ${versions}`}\n    }`;

ruleTester(rule, {
  valid: [
    { name: 'a versioned state bucket with no lifecycle rules', code: STATE },
    { name: 'expiration scoped to a prefix that does not hold the state', code: STATE + lifecycle(rule1(PREFIX('plans/'), EXPIRE_14)) },
    {
      name: 'a tag-filtered rule never touches state objects (Terraform does not tag them)',
      code: STATE + lifecycle(rule1('    filter {\n      tag {\n        key   = "kind"\n        value = "scratch"\n      }\n    }', EXPIRE_14)),
    },
    {
      name: 'prefix and tags together still need the tag',
      code:
        STATE +
        lifecycle(
          rule1('    filter {\n      and {\n        prefix = "network/"\n        tags = {\n          kind = "scratch"\n        }\n      }\n    }', EXPIRE_14),
        ),
    },
    { name: 'a disabled rule', code: STATE + lifecycle(rule1(PREFIX(''), EXPIRE_14, '"Disabled"')) },
    { name: 'history kept for 90 days', code: STATE + lifecycle(rule1(PREFIX(''), NONCURRENT(90, 1))) },
    { name: 'history of 10 versions, whatever their age', code: STATE + lifecycle(rule1(PREFIX(''), NONCURRENT(7, 10))) },
    {
      name: 'a size filter might exclude the state: silent',
      code: STATE + lifecycle(rule1('    filter {\n      object_size_greater_than = 1048576\n    }', EXPIRE_14)),
    },
    { name: 'no backend in the module: the bucket may hold anything', code: BUCKET + VERSIONING + lifecycle(rule1(PREFIX(''), EXPIRE_14)) },
    {
      name: 'the backend uses another bucket',
      code: STATE.replace('bucket       = "acme-tfstate"', 'bucket       = "acme-other-state"') + lifecycle(rule1(PREFIX(''), EXPIRE_14)),
    },
    {
      name: 'legacy inline versioning counts as versioning',
      code: BACKEND + '\nresource "aws_s3_bucket" "state" {\n  bucket = "acme-tfstate"\n\n  versioning {\n    enabled = true\n  }\n}\n',
    },
    {
      name: 'a prefix from a variable without a value stays silent',
      code: STATE + lifecycle(rule1('    filter {\n      prefix = var.scratch_prefix\n    }', EXPIRE_14)),
      files: { 'variables.tf': 'variable "scratch_prefix" {\n  type = string\n}\n' },
    },
    {
      name: 'a bucket name from a variable without a value cannot be matched',
      code: BACKEND + '\nresource "aws_s3_bucket" "state" {\n  bucket = var.state_bucket\n}\n' + lifecycle(rule1(PREFIX(''), EXPIRE_14)),
      files: { 'variables.tf': 'variable "state_bucket" {\n  type = string\n}\n' },
    },
    {
      name: 'a status from a variable without a value stays silent',
      code: STATE + lifecycle(rule1(PREFIX(''), EXPIRE_14, 'var.tidy_status')),
      files: { 'variables.tf': 'variable "tidy_status" {\n  type = string\n}\n' },
    },
    {
      name: 'versioning configured for a bucket we cannot name: no claim that versioning is missing',
      code:
        BACKEND +
        BUCKET +
        '\nresource "aws_s3_bucket_versioning" "all" {\n  bucket = var.versioned_bucket\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
      files: { 'variables.tf': 'variable "versioned_bucket" {\n  type = string\n}\n' },
    },
    {
      name: 'only expired delete markers are cleaned up',
      code: STATE + lifecycle(rule1(PREFIX(''), '    expiration {\n      expired_object_delete_marker = true\n    }')),
    },
  ],
  invalid: [
    {
      name: 'expiration on a prefix that holds the live state',
      code: STATE + lifecycle(rule1(PREFIX('network/'), EXPIRE_14)),
      errors: [
        {
          messageId: 'expiresLiveState',
          severity: 'error',
          line: 30,
          column: 14,
          endLine: 30,
          endColumn: 16,
          data: { prefix: 'network/', key: 'network/prod.tfstate', when: 'after 14 days' },
        },
      ],
    },
    {
      name: 'a rule without a filter covers the whole bucket; a date expires it too',
      code: STATE + lifecycle('  rule {\n    id     = "tidy"\n    status = "Enabled"\n\n    expiration {\n      date = "2026-01-01T00:00:00Z"\n    }\n  }'),
      errors: [{ messageId: 'expiresLiveState', severity: 'error', line: 28, column: 14, endLine: 28, endColumn: 36 }],
    },
    {
      name: 'expiration days from a variable without a value: still expires, but only a warning',
      code: STATE + lifecycle(rule1('    filter {}', '    expiration {\n      days = var.scratch_days\n    }')),
      files: { 'variables.tf': 'variable "scratch_days" {\n  type = number\n}\n' },
      errors: [{ messageId: 'expiresLiveState', severity: 'warning', line: 28, column: 14, endLine: 28, endColumn: 30 }],
    },
    {
      name: 'keep the last 2 versions for a day (the example shape)',
      code: STATE + lifecycle(rule1(PREFIX(''), NONCURRENT(1, 2))),
      errors: [{ messageId: 'historyTooShort', severity: 'warning', line: 30, column: 25, endLine: 30, endColumn: 26 }],
    },
    {
      name: 'a state bucket without versioning',
      code: BACKEND + BUCKET,
      errors: [{ messageId: 'noVersioning', severity: 'warning', line: 10, column: 1, endLine: 10, endColumn: 33 }],
    },
    {
      name: 'versioning suspended',
      code: STATE.replace('status = "Enabled"', 'status = "Suspended"'),
      errors: [{ messageId: 'versioningOff', severity: 'warning', line: 17, column: 14, endLine: 17, endColumn: 25 }],
    },
    {
      name: 'legacy inline versioning turned off and a legacy lifecycle_rule that expires everything',
      code:
        BACKEND +
        '\nresource "aws_s3_bucket" "state" {\n  bucket = "acme-tfstate"\n\n  versioning {\n    enabled = false\n  }\n\n  lifecycle_rule {\n    enabled = true\n\n    expiration {\n      days = 30\n    }\n  }\n}\n',
      errors: [
        { messageId: 'versioningOff', line: 14, column: 15, endLine: 14, endColumn: 20 },
        { messageId: 'expiresLiveState', severity: 'error', line: 21, column: 14, endLine: 21, endColumn: 16 },
      ],
    },
    {
      name: 'a partial backend completed by a .tfbackend file, bucket and rules in other files',
      files: {
        'backend.tf': 'terraform {\n  backend "s3" {}\n}\n',
        'prod.s3.tfbackend': 'bucket       = "acme-tfstate"\nkey          = "network/prod.tfstate"\nuse_lockfile = true\n',
        'state.tf': BUCKET + VERSIONING,
        'lifecycle.tf': lifecycle(rule1(PREFIX('network/'), EXPIRE_14)),
      },
      errors: [{ messageId: 'expiresLiveState', file: 'lifecycle.tf', line: 11, column: 14, endLine: 11, endColumn: 16 }],
    },
    {
      name: 'a bucket name and history settings from variables set in terraform.tfvars',
      code:
        BACKEND +
        '\nresource "aws_s3_bucket" "state" {\n  bucket = var.state_bucket\n}\n' +
        VERSIONING +
        lifecycle(rule1(PREFIX(''), '    noncurrent_version_expiration {\n      noncurrent_days = local.history_days\n    }')),
      files: {
        'variables.tf':
          'variable "state_bucket" {\n  type = string\n}\n\nvariable "history_days" {\n  type    = number\n  default = 90\n}\n\nlocals {\n  history_days = var.history_days\n}\n',
        'terraform.tfvars': 'state_bucket = "acme-tfstate"\nhistory_days = 3\n',
      },
      errors: [{ messageId: 'historyTooShort', line: 30, column: 25, endLine: 30, endColumn: 43 }],
    },
    {
      name: 'buckets under for_each and a dynamic rule block: only the state bucket is checked',
      code: `${BACKEND}
resource "aws_s3_bucket" "all" {
  for_each = toset(["acme-tfstate", "acme-logs"])
  bucket   = each.key
}

resource "aws_s3_bucket_lifecycle_configuration" "all" {
  for_each = toset(["acme-tfstate", "acme-logs"])
  bucket   = aws_s3_bucket.all[each.key].id

  dynamic "rule" {
    for_each = { logs = "" }
    content {
      id     = rule.key
      status = "Enabled"
      expiration {
        days = 7
      }
    }
  }
}
`,
      errors: [
        { messageId: 'noVersioning', line: 10, column: 1, endLine: 10, endColumn: 31 },
        { messageId: 'expiresLiveState', line: 25, column: 16, endLine: 25, endColumn: 17 },
      ],
    },
  ],
});
