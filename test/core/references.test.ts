// What counts as a reference in a block, and which of the block's own attributes holds each one: the graph
// links a module call's argument to the child's variable, a local value to its own name, and `depends_on`
// as an ordering, all from the holder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectReferences, visitReferenceRoots } from '../../server/src/core/references';
import { parseFile } from '../../server/src/core/parse';

/** Each reference of the file's first block as `kind address.path… [key] (holder)`. */
function references(text: string): string[] {
  const file = parseFile('/test/main.tf', text);
  assert.deepEqual(file.errors, [], 'the example parses');
  const block = file.body.blocks[0]!;
  // The holder comes with the root of each traversal; a reference starts where its root does.
  const holders = new Map<number, string>();
  visitReferenceRoots(block, (root, _steps, holder) => holders.set(root.range.start.offset, holder?.name ?? 'nested'));
  return collectReferences(block).map((reference) => {
    const key = reference.instanceKey ? ` [${reference.instanceKey.kind}]` : '';
    return `${reference.kind} ${[reference.address, ...reference.path].join('.')}${key} (${holders.get(reference.range.start.offset)})`;
  });
}

const CASES: { name: string; text: string; expected: string[] }[] = [
  {
    name: 'each kind of root, with the attribute that holds it',
    text: `resource "aws_instance" "web" {
  ami           = data.aws_ami.ubuntu.id
  subnet_id     = module.network.private_subnets[0]
  tags          = { Name = "\${var.name}-\${local.suffix}" }
  count         = length(aws_subnet.private)
  depends_on    = [aws_iam_role.web]
}`,
    expected: [
      'data data.aws_ami.ubuntu.id (ami)',
      'module module.network.private_subnets.0 (subnet_id)',
      'variable var.name (tags)',
      'local local.suffix (tags)',
      'resource aws_subnet.private (count)',
      'resource aws_iam_role.web (depends_on)',
    ],
  },
  {
    name: 'an index right after the address says which instance',
    text: `resource "aws_lb_target_group_attachment" "a" {
  target_group_arn = aws_lb_target_group.app[each.key].arn
  target_id        = aws_instance.web[0].id
}`,
    expected: [
      'resource aws_lb_target_group.app [traversal] (target_group_arn)',
      'each each.key (target_group_arn)',
      'resource aws_instance.web.0.id [literal] (target_id)',
    ],
  },
  {
    name: 'a nested block has no holder among the block’s own attributes',
    text: `resource "aws_cloudfront_distribution" "site" {
  enabled = var.enabled
  default_cache_behavior {
    cache_policy_id = aws_cloudfront_cache_policy.assets.id
  }
}`,
    expected: ['variable var.enabled (enabled)', 'resource aws_cloudfront_cache_policy.assets.id (nested)'],
  },
  {
    name: 'names bound by a for expression, a template directive and a dynamic iterator are not references',
    text: `resource "aws_security_group" "web" {
  description = "%{ for port in var.ports }\${port} %{ endfor }"
  tags        = { for k, v in var.tags : k => upper(v) }
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value.port
      cidr_blocks = [rule.cidr]
    }
  }
}`,
    expected: ['variable var.ports (description)', 'variable var.tags (tags)', 'variable var.rules (nested)', 'resource rule.cidr (nested)'],
  },
  {
    name: 'a provider argument names a provider, not a value',
    text: `resource "aws_s3_bucket" "logs" {
  provider = aws.west
  bucket   = local.name
}`,
    expected: ['local local.name (bucket)'],
  },
  {
    name: 'each local value holds its own references',
    text: `locals {
  name   = "\${var.prefix}-app"
  bucket = aws_s3_bucket.logs.bucket
}`,
    expected: ['variable var.prefix (name)', 'resource aws_s3_bucket.logs.bucket (bucket)'],
  },
  {
    name: 'an index where Terraform wants a name is not a reference',
    text: `output "x" {
  value = var[0]
}`,
    expected: [],
  },
];

for (const { name, text, expected } of CASES) {
  test(`references: ${name}`, () => {
    assert.deepEqual(references(text), expected);
  });
}
