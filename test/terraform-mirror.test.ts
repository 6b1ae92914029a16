// The offline validation helpers tell which providers a configuration needs, so that tests skip
// `terraform validate` with a reason where the mirror lacks one (only hashicorp/aws is mirrored here).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { missingProviders, providersNeeded } from './support/terraform';

test('the providers a configuration needs come from its resource and data source types', () => {
  const files = {
    'main.tf': 'resource "azurerm_key_vault" "kv" {}\ndata "google_project" "p" {}\nresource aws_s3_bucket legacy {}\nresource "terraform_data" "x" {}\n',
    'prod.tfvars': 'resource_like = "resource \\"oci_core_instance\\" \\"x\\""\n',
  };
  assert.deepEqual(providersNeeded(files), ['aws', 'azurerm', 'google']);
});

test('a configuration is validated only when the mirror holds every provider it needs', () => {
  const mirror = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-mirror-'));
  try {
    fs.mkdirSync(path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0'), { recursive: true });
    const tool = { terraform: 'terraform', pluginDir: mirror };
    assert.equal(missingProviders(tool, { 'main.tf': 'resource "aws_s3_bucket" "b" {}\n' }), undefined);
    assert.equal(
      missingProviders(tool, {
        'main.tf': 'resource "aws_s3_bucket" "b" {}\nresource "google_container_cluster" "c" {}\nresource "azurerm_key_vault" "k" {}\n',
      }),
      `no offline mirror of hashicorp/azurerm, hashicorp/google in ${mirror}`,
    );
  } finally {
    fs.rmSync(mirror, { recursive: true, force: true });
  }
});
