// What counts as a reference in a block, and which of the block's own attributes holds each one: the graph
// links a module call's argument to the child's variable, a local value to its own name, and `depends_on`
// as an ordering, all from the holder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Block } from '../../rules/api';
import { collectReferences, visitReferenceRoots, walkReferenceRoots } from '../../server/src/core/references';
import { parseFile } from '../../server/src/core/parse';
import { corpusFiles, corpusSkipMessage, hclFixtureFiles, readSource } from '../support/corpus';

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

// The parser records each argument's reference roots as it builds the expression, so the graph need not walk
// it again. What it records must be exactly what a walk finds: the same nodes, in the same order.

type RootVisit = readonly [root: unknown, steps: unknown, holder: unknown];

function visits(block: Block, visitor: typeof visitReferenceRoots): RootVisit[] {
  const found: RootVisit[] = [];
  visitor(block, (root, steps, holder) => found.push([root, steps, holder]));
  return found;
}

/** Compares every block of a file, nested ones too (as if each were a block of its own); returns how many roots the file's top-level blocks have. */
function assertRecordedRootsMatchTheWalk(file: ReturnType<typeof parseFile>, where: string): number {
  let compared = 0;
  const check = (block: Block, top: boolean): void => {
    const recorded = visits(block, visitReferenceRoots);
    const walked = visits(block, walkReferenceRoots);
    assert.equal(recorded.length, walked.length, `${where}: ${block.type} ${block.labels.join('.')} has as many recorded roots as walked ones`);
    recorded.forEach((visit, i) => {
      const [root, steps, holder] = walked[i]!;
      assert.ok(visit[0] === root && visit[1] === steps && visit[2] === holder, `${where}: root ${i} of ${block.type} ${block.labels.join('.')} is the walk's`);
    });
    if (top) compared += recorded.length;
    for (const nested of block.body.blocks) check(nested, false);
  };
  for (const block of file.body.blocks) check(block, true);
  return compared;
}

const RECORDING_CASES: { name: string; text: string; roots: number }[] = [
  { name: 'a dotted name, a bare name and an index key', text: 'locals {\n  a = var.x\n  b = each\n  c = aws_s3_bucket.b[var.i].arn\n}', roots: 4 },
  { name: 'a traversal after parentheses or a call', text: 'locals {\n  a = (var.m).k\n  b = lookup(var.m, local.k)[0]\n}', roots: 3 },
  { name: 'splats, legacy and new', text: 'locals {\n  a = aws_instance.web.*.id\n  b = aws_instance.web[*].private_ip\n}', roots: 2 },
  {
    name: 'for expressions bind their names, not their collection',
    text: 'locals {\n  a = { for k, v in var.m : k => v if v != local.skip }\n  b = [for x in x : x]\n}',
    roots: 3,
  },
  { name: 'nested for expressions', text: 'locals {\n  a = [for a in var.l : [for b in a : b if b != var.c]]\n}', roots: 2 },
  {
    name: 'template for and if directives',
    text: 'locals {\n  a = "%{ for i, n in var.l }${i}${n}${var.sep}%{ endfor }${n}"\n  b = "%{ if var.on }x%{ else }${local.y}%{ endif }"\n}',
    roots: 5,
  },
  { name: 'a heredoc', text: 'locals {\n  a = <<-EOT\n    ${var.a}\n    %{ for s in var.l }${s}%{ endfor }\n  EOT\n}', roots: 2 },
  {
    name: 'object keys: a bare name is a string, parentheses make it an expression',
    text: 'locals {\n  a = { name = var.n, (local.k) = 1, "q" = x }\n}',
    roots: 3,
  },
  { name: 'conditionals, operators and unary operators', text: 'locals {\n  a = !var.a && -local.b < 2 ? module.m.out : null\n}', roots: 3 },
  {
    name: 'dynamic blocks bind their iterator in content only',
    text: 'resource "aws_security_group" "s" {\n  dynamic "ingress" {\n    for_each = var.rules\n    iterator = rule\n    content {\n      from_port = rule.value.port\n      cidr = ingress.value\n    }\n  }\n}',
    roots: 2,
  },
];

for (const { name, text, roots } of RECORDING_CASES) {
  test(`recorded reference roots: ${name}`, () => {
    const file = parseFile('/test/main.tf', text);
    assert.deepEqual(file.errors, [], 'the example parses');
    for (const attribute of file.body.blocks[0]!.body.attributes) assert.ok(attribute.referenceRoots, `${attribute.name} has its roots recorded`);
    assert.equal(assertRecordedRootsMatchTheWalk(file, name), roots);
  });
}

test('recorded reference roots: an argument that does not parse has none, and is walked', () => {
  const file = parseFile('/test/main.tf', 'locals {\n  a = [for x in var.l : x\n  b = var.ok\n}\n');
  assert.notDeepEqual(file.errors, [], 'the example has an error');
  const attributes = file.body.blocks[0]!.body.attributes;
  assert.equal(attributes.find((a) => a.name === 'a')?.referenceRoots, undefined);
  assertRecordedRootsMatchTheWalk(file, 'an error');
});

test('recorded reference roots match the walk in every fixture and corpus file', { timeout: 120_000 }, (t) => {
  const corpus = corpusFiles();
  if (!corpus) t.diagnostic(`corpus part skipped: ${corpusSkipMessage()}`);
  let files = 0;
  let roots = 0;
  for (const path of [...hclFixtureFiles(), ...(corpus ?? [])]) {
    roots += assertRecordedRootsMatchTheWalk(parseFile(path, readSource(path)), path);
    files++;
  }
  assert.ok(roots > (corpus ? 50_000 : 100), `${roots} roots compared in ${files} files`);
});
