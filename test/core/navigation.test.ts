// Outline and go to definition, from the parse and the module's references.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { createModuleLoader } from '../../server/src/core/graph/module-loader';
import { findDefinition } from '../../server/src/core/navigation/definition';
import { documentSymbols, type OutlineSymbol } from '../../server/src/core/navigation/document-symbols';
import { parseFile } from '../../server/src/core/parse';
import { writeWorkspace } from '../support/workspace';

const MAIN = `terraform {
  required_version = ">= 1.5"
}

variable "region" {
  default = "eu-west-1"
}

locals {
  name = "shop-\${var.region}"
  tags = { app = local.name }
}

resource "aws_s3_bucket" "logs" {
  bucket = local.name
  tags   = local.tags
  lifecycle {
    prevent_destroy = true
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    resources = ["\${aws_s3_bucket.logs.arn}/*"]
  }
}

module "app" {
  source = "./app"
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.read.json
}

output "url" {
  value = module.app.url
}

output "instances" {
  value = [for k, v in module.app : k]
}
`;

const APP = `variable "bucket" {}
variable "policy" {}

output "url" {
  value = "https://\${var.bucket}"
}
`;

/** Symbols as `name (detail) [kind] line` lines, children indented. */
function outline(symbols: readonly OutlineSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''} [${s.kind}] ${s.selection.start.line}`,
    ...outline(s.children, depth + 1),
  ]);
}

test('the outline lists each block by its address, local values one by one, and their arguments and nested blocks', () => {
  assert.deepEqual(outline(documentSymbols(parseFile('main.tf', MAIN))), [
    'terraform (terraform) [Namespace] 1',
    '  required_version [Field] 2',
    'var.region (variable) [Variable] 5',
    '  default [Field] 6',
    'local.name (local value) [Constant] 10',
    'local.tags (local value) [Constant] 11',
    'aws_s3_bucket.logs (resource) [Class] 14',
    '  bucket [Field] 15',
    '  tags [Field] 16',
    '  lifecycle [Object] 17',
    '    prevent_destroy [Field] 18',
    'data.aws_iam_policy_document.read (data source) [Struct] 22',
    '  statement [Object] 23',
    '    resources [Field] 24',
    'module.app (module) [Module] 28',
    '  source [Field] 29',
    '  bucket [Field] 30',
    '  policy [Field] 31',
    'output.url (output) [Event] 34',
    '  value [Field] 35',
    'output.instances (output) [Event] 38',
    '  value [Field] 39',
  ]);
});

test('every symbol selects a part of its own range (what the LSP requires)', () => {
  const check = (symbols: readonly OutlineSymbol[]): void => {
    for (const s of symbols) {
      assert.ok(s.selection.start.offset >= s.range.start.offset && s.selection.end.offset <= s.range.end.offset, s.name);
      check(s.children);
    }
  };
  check(documentSymbols(parseFile('main.tf', MAIN)));
  check(documentSymbols(parseFile('broken.tf', 'resource "aws_s3_bucket" "x" {\n  bucket = \n')));
  assert.deepEqual(outline(documentSymbols(parseFile('prod.tfvars', 'region = "eu"\ncount = 2\n'))), ['region [Property] 1', 'count [Property] 2']);
});

/** Where go to definition lands from the first occurrence of `text` (plus `shift` characters) in main.tf. */
function definitionOf(root: string, text: string, shift = 0): string | undefined {
  const load = createModuleLoader();
  const module = load(root)!;
  const file = path.join(root, 'main.tf');
  const offset = MAIN.indexOf(text) + shift;
  assert.ok(offset >= shift, text);
  const target = findDefinition(module, file, offset, load);
  return target && `${path.relative(root, target.file)}:${target.selection.start.line}:${target.selection.start.column}`;
}

test('go to definition from var.x, local.x, resources, data sources, module calls and module outputs', () => {
  const root = writeWorkspace({ 'main.tf': MAIN, 'app/main.tf': APP }, 'premortem-navigation-');
  assert.equal(definitionOf(root, 'var.region}'), 'main.tf:5:1', 'var.x: its variable block');
  assert.equal(definitionOf(root, 'var.region}', 5), 'main.tf:5:1', 'from inside the name');
  assert.equal(definitionOf(root, 'local.name }'), 'main.tf:10:3', 'local.x: its entry in the locals block');
  assert.equal(definitionOf(root, 'local.tags\n'), 'main.tf:11:3');
  assert.equal(definitionOf(root, 'aws_s3_bucket.logs.arn', 16), 'main.tf:14:1', 'a resource, from its attribute too');
  assert.equal(definitionOf(root, 'aws_s3_bucket.logs.id'), 'main.tf:14:1');
  assert.equal(definitionOf(root, 'data.aws_iam_policy_document.read.json'), 'main.tf:22:1', 'a data source');
  assert.equal(definitionOf(root, 'module.app.url'), 'app/main.tf:4:1', "module.x.out: the output in the module's code");
  assert.equal(definitionOf(root, 'module.app : k'), 'main.tf:28:1', 'module.x alone: the module call');
  assert.equal(definitionOf(root, 'bucket = local'), undefined, 'an argument name is no reference');
  assert.equal(definitionOf(root, 'k, v in'), undefined, 'nor is a name a for expression binds');
});

test("a reference to something not declared, or to a remote module's output, goes where it can or nowhere", () => {
  const root = writeWorkspace(
    {
      'main.tf': `module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
output "id" {
  value = module.vpc.vpc_id
}
output "missing" {
  value = var.nope
}
`,
    },
    'premortem-navigation-',
  );
  const load = createModuleLoader();
  const module = load(root)!;
  const file = path.join(root, 'main.tf');
  const text = module.file(file)!.text;
  const at = (needle: string): string | undefined => {
    const target = findDefinition(module, file, text.indexOf(needle), load);
    return target && `${path.relative(root, target.file)}:${target.selection.start.line}`;
  };
  assert.equal(at('module.vpc.vpc_id'), 'main.tf:1', 'a remote module: its call');
  assert.equal(at('var.nope'), undefined);
});
