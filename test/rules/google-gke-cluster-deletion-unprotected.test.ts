import assert from 'node:assert/strict';
import { test } from 'node:test';
import rule from '../../rules/google-gke-cluster-deletion-unprotected';
import { allowsOnlyBelow } from '../../rules/support/provider-version';
import { ruleTester } from '../support/rule-tester';

/** A regional cluster; `lines` go after the location. */
const cluster = (lines: string): string => `resource "google_container_cluster" "prod" {
  name     = "prod"
  location = "europe-west1"
${lines}
  initial_node_count = 1
}
`;

const OFF = '  deletion_protection = false\n';

/** `terraform { required_providers { google = { version = ... } } }` */
const requires = (version: string): string => `terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "${version}"
    }
  }
}
`;

ruleTester(rule, {
  valid: [
    { name: 'the default protects the cluster (provider 5.0 and later)', code: cluster('') },
    { name: 'deletion_protection = true', code: cluster('  deletion_protection = true\n') },
    { name: 'the default, on a provider that may be 5.0 or later', code: cluster(''), files: { 'versions.tf': requires('>= 4.80') } },
    { name: 'the default, on provider 5', code: cluster(''), files: { 'versions.tf': requires('~> 5.10') } },
    { name: 'Terraform refuses to destroy it', code: cluster(`${OFF}\n  lifecycle {\n    prevent_destroy = true\n  }\n`) },
    {
      name: 'a Backup for GKE plan covers it',
      code:
        cluster(OFF) +
        `
resource "google_gke_backup_backup_plan" "prod" {
  name     = "prod-daily"
  cluster  = google_container_cluster.prod.id
  location = "europe-west1"

  backup_config {
    include_volume_data = true
    all_namespaces      = true
  }
}
`,
    },
    {
      name: 'deletion_protection from a variable without a value',
      code: cluster('  deletion_protection = var.protect\n'),
      files: { 'variables.tf': 'variable "protect" {\n  type = bool\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'deletion_protection = false, no backup plan',
      code: cluster(OFF),
      errors: [
        {
          messageId: 'unprotected',
          severity: 'warning',
          data: { cluster: 'the GKE cluster "prod"' },
          line: 4,
          column: 25,
          endLine: 4,
          endColumn: 30,
          suggestions: [{ messageId: 'keepDeletionProtection', output: cluster('  deletion_protection = true\n') }],
        },
      ],
    },
    {
      name: 'deletion_protection = false through a variable default: reported, no edit offered',
      code: cluster('  deletion_protection = var.protect\n'),
      files: { 'variables.tf': 'variable "protect" {\n  type    = bool\n  default = false\n}\n' },
      errors: [{ messageId: 'unprotected', severity: 'warning', line: 4, column: 25, endLine: 4, endColumn: 36 }],
    },
    {
      name: 'a provider older than 5.0 has no deletion protection: info',
      code: cluster(''),
      files: { 'versions.tf': requires('~> 4.84') },
      errors: [
        {
          messageId: 'oldProvider',
          severity: 'info',
          data: { constraint: '"~> 4.84"', cluster: 'the GKE cluster "prod"' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 43,
        },
      ],
    },
  ],
});

test('version constraints that allow only releases below a major one', () => {
  for (const yes of ['~> 4.84', '~> 4.84.1', '4.84.0', '= 4.84.0', '< 5.0', '< 5', '<= 4.99', '>= 4.0, < 5.0', 'v4.1.0'])
    assert.ok(allowsOnlyBelow(yes, 5), yes);
  for (const no of ['~> 4', '>= 4.0', '< 5.1', '< 6', '~> 5.0', '5.0.0', '>= 4.0, != 4.5.0', 'latest', '']) assert.ok(!allowsOnlyBelow(no, 5), no);
});
