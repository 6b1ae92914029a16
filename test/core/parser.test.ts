// The structure of HCL files: bodies, attributes, blocks and their labels, parents, indentation, braces,
// comments and the `damaged` flag. Expressions, templates, ranges, recovery and JSON have their own files.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Block, Body, SourceFile } from '../../rules/api';
import { parseFile, parseHcl } from '../../server/src/core/parse';
import { outline } from '../support/hcl-sketch';
import { treeProblems } from '../support/tree-check';

function parseClean(text: string, path = '/test/main.tf'): SourceFile {
  const file = parseFile(path, text);
  assert.deepEqual(file.errors, []);
  assert.deepEqual(treeProblems(file), []);
  return file;
}

/** The body reached by following nested block types from `body`. */
function bodyAt(body: Body, ...types: string[]): Body {
  let current = body;
  for (const type of types) {
    const next = current.blocks.find((b) => b.type === type);
    assert.ok(next, `nested block ${type}`);
    current = next.body;
  }
  return current;
}

function nested(block: Block, ...types: string[]): Block {
  let current = block;
  for (const type of types) {
    const next = current.body.blocks.find((b) => b.type === type);
    assert.ok(next, `nested block ${type}`);
    current = next;
  }
  return current;
}

describe('bodies', () => {
  test('attributes and blocks, in source order', () => {
    const file = parseClean(
      [
        'terraform {',
        '  required_version = ">= 1.5"',
        '  backend "s3" {',
        '    bucket = "state"',
        '  }',
        '}',
        '',
        'resource "aws_s3_bucket" "logs" {',
        '  bucket = "logs-${var.env}"',
        '  tags = {',
        '    Name = "logs"',
        '  }',
        '  lifecycle {',
        '    prevent_destroy = true',
        '  }',
        '}',
        '',
        'locals {',
        '  a = 1',
        '}',
        'top = "level"',
        '',
      ].join('\n'),
    );
    assert.deepEqual(outline(file.body), [
      'terraform {required_version=">= 1.5"; backend "s3" {bucket="state"}}',
      'resource "aws_s3_bucket" "logs" {bucket=tmpl("logs-", ${var.env}); tags={Name = "logs"}; lifecycle {prevent_destroy=true}}',
      'locals {a=1}',
      'top="level"',
    ]);
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['top'],
    );
    assert.deepEqual(
      file.body.blocks.map((b) => b.type),
      ['terraform', 'resource', 'locals'],
    );
    assert.equal(file.format, 'hcl');
    assert.equal(file.path, '/test/main.tf');
  });

  test('an empty file and a file of comments have empty bodies', () => {
    assert.deepEqual(parseClean('').body.items, []);
    const comments = parseClean('# only\n// comments\n/* here */\n');
    assert.deepEqual(comments.body.items, []);
    assert.equal(comments.comments.length, 3);
  });

  test('labels: quoted with escapes, bare, and none', () => {
    const file = parseClean('a "x\\"y" "\\u00e9" {\n}\nb bare "mixed" {\n}\nc {\n}\n');
    assert.deepEqual(
      file.body.blocks.map((b) => b.labels),
      [['x"y', 'é'], ['bare', 'mixed'], []],
    );
  });

  test('blocks of the same type and labels may repeat', () => {
    const file = parseClean('ingress {\n  a = 1\n}\ningress {\n  a = 2\n}\n');
    assert.deepEqual(outline(file.body), ['ingress {a=1}', 'ingress {a=2}']);
  });

  test('single-line and empty blocks', () => {
    const file = parseClean('locals { a = 1 }\nempty {}\nopen {\n}\n');
    assert.deepEqual(outline(file.body), ['locals {a=1}', 'empty {}', 'open {}']);
  });

  test('.tfvars and .hcl files are native syntax', () => {
    assert.deepEqual(outline(parseClean('region = "eu-west-1"\nzones = ["a", "b"]\n', '/x/prod.tfvars').body), ['region="eu-west-1"', 'zones=["a", "b"]']);
    assert.deepEqual(outline(parseClean('include "root" {\n  path = find_in_parent_folders()\n}\n', '/x/terragrunt.hcl').body), [
      'include "root" {path=find_in_parent_folders()}',
    ]);
  });
});

describe('block links', () => {
  const file = parseClean('resource "a" "b" {\n  dynamic "rule" {\n    for_each = var.rules\n    content {\n      id = rule.key\n    }\n  }\n}\n');
  const resource = file.body.blocks[0]!;

  test('top-level blocks have no parent', () => {
    assert.equal(resource.parent, undefined);
  });

  test('nested blocks point at the block that holds them, at every depth', () => {
    const dynamic = nested(resource, 'dynamic');
    const content = nested(resource, 'dynamic', 'content');
    assert.equal(dynamic.parent, resource);
    assert.equal(content.parent, dynamic);
  });

  test('every block records its file, and valid blocks are not damaged', () => {
    for (const b of [resource, nested(resource, 'dynamic'), nested(resource, 'dynamic', 'content')]) {
      assert.equal(b.file, '/test/main.tf');
      assert.equal(b.damaged, false);
    }
  });

  test('a syntax error damages its block and the blocks around it, not its siblings', () => {
    const broken = parseHcl('/t.tf', 'a {\n  b {\n    x = (\n  }\n  c {\n    y = 1\n  }\n}\nd {\n}\n');
    const [a, d] = broken.body.blocks;
    assert.equal(a!.damaged, true);
    assert.equal(nested(a!, 'b').damaged, true);
    assert.equal(nested(a!, 'c').damaged, false);
    assert.equal(d!.damaged, false);
  });
});

describe('braces', () => {
  test('a block body records both braces; the file body has none', () => {
    const file = parseClean('a {\n  x = 1\n}\n');
    const body = file.body.blocks[0]!.body;
    assert.equal(file.text.slice(body.openBrace!.start.offset, body.openBrace!.end.offset), '{');
    assert.equal(file.text.slice(body.closeBrace!.start.offset, body.closeBrace!.end.offset), '}');
    assert.equal(body.range.start.offset, body.openBrace!.start.offset);
    assert.equal(body.range.end.offset, body.closeBrace!.end.offset);
    assert.equal(file.body.openBrace, undefined);
  });

  test('an unclosed block has an open brace and no close brace', () => {
    const file = parseHcl('/t.tf', 'a {\n  x = 1\n');
    const body = file.body.blocks[0]!.body;
    assert.ok(body.openBrace);
    assert.equal(body.closeBrace, undefined);
  });
});

describe('Body.indent: what an inserted attribute line starts with', () => {
  const cases: readonly { name: string; text: string; path: string[]; indent: string }[] = [
    { name: 'the top level', text: 'a = 1\n', path: [], indent: '' },
    { name: 'two spaces, from the items', text: 'a {\n  x = 1\n}\n', path: ['a'], indent: '  ' },
    { name: 'four spaces, from the items', text: 'a {\n    x = 1\n}\n', path: ['a'], indent: '    ' },
    { name: 'a tab, from the items', text: 'a {\n\tx = 1\n}\n', path: ['a'], indent: '\t' },
    { name: 'the first item decides', text: 'a {\n    x = 1\n  y = 2\n}\n', path: ['a'], indent: '    ' },
    { name: 'comments do not count', text: 'a {\n# c\n    x = 1\n}\n', path: ['a'], indent: '    ' },
    { name: 'a nested block, from its items', text: 'a {\n  b {\n      x = 1\n  }\n}\n', path: ['a', 'b'], indent: '      ' },
    { name: 'an empty block: header indentation plus two spaces', text: 'a {\n}\n', path: ['a'], indent: '  ' },
    { name: 'an empty nested block', text: 'a {\n    b {\n    }\n}\n', path: ['a', 'b'], indent: '      ' },
    { name: 'an empty nested block under tabs', text: 'a {\n\tb {\n\t}\n}\n', path: ['a', 'b'], indent: '\t  ' },
    { name: 'a single-line block', text: 'a { x = 1 }\n', path: ['a'], indent: '  ' },
    { name: 'a nested single-line block', text: 'a {\n  b { x = 1 }\n}\n', path: ['a', 'b'], indent: '    ' },
    { name: 'an empty block on one line', text: 'a {}\n', path: ['a'], indent: '  ' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const file = parseClean(c.text);
      assert.equal(bodyAt(file.body, ...c.path).indent, c.indent);
    });
  }
});

describe('comments', () => {
  test('every style is collected in order, markers included', () => {
    const file = parseClean('# hash\n// slashes\n/* block */\nresource "a" "b" { # after the brace\n  x = 1 // trailing\n  /* inner\n  lines */\n}\n');
    assert.deepEqual(
      file.comments.map((c) => c.text),
      ['# hash', '// slashes', '/* block */', '# after the brace', '// trailing', '/* inner\n  lines */'],
    );
  });

  test('an unterminated block comment runs to the end of the file and is reported', () => {
    const file = parseHcl('/t.tf', 'a = 1\n/* never closed\nb = 2\n');
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['a'],
    );
    assert.equal(file.comments.length, 1);
    assert.equal(file.errors.length, 1);
    assert.match(file.errors[0]!.message, /comment/);
    assert.equal(file.errors[0]!.range.start.line, 2);
  });
});
