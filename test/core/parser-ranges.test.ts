// Exact source ranges: 1-based lines and columns counted in UTF-16 code units (as editors count), and
// 0-based offsets into the text. Written `line:column@offset-line:column@offset` for readability.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Attribute, Block, Range, SourceFile } from '../../rules/api';
import { parseHcl } from '../../server/src/core/parse';
import { textAt } from '../support/hcl-sketch';
import { treeProblems } from '../support/tree-check';

function show(range: Range | undefined): string {
  if (!range) return '(none)';
  const { start: s, end: e } = range;
  return `${s.line}:${s.column}@${s.offset}-${e.line}:${e.column}@${e.offset}`;
}

function parseClean(text: string): SourceFile {
  const file = parseHcl('/test/ranges.tf', text);
  assert.deepEqual(file.errors, []);
  assert.deepEqual(treeProblems(file), []);
  return file;
}

function block(file: SourceFile, index = 0): Block {
  const b = file.body.blocks[index];
  assert.ok(b, `block #${index}`);
  return b;
}

function attribute(body: { readonly attributes: readonly Attribute[] }, name: string): Attribute {
  const a = body.attributes.find((x) => x.name === name);
  assert.ok(a, `attribute ${name}`);
  return a;
}

describe('blocks and attributes', () => {
  const text = 'resource "aws_s3_bucket" "logs" {\n  bucket = "b"\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';
  const file = parseClean(text);
  const resource = block(file);

  test('block header parts', () => {
    assert.equal(show(resource.typeRange), '1:1@0-1:9@8');
    assert.deepEqual(resource.labelRanges.map(show), ['1:10@9-1:25@24', '1:26@25-1:32@31']);
    assert.equal(textAt(file, { range: resource.labelRanges[0]! }), '"aws_s3_bucket"');
    assert.equal(show(resource.headerRange), '1:1@0-1:32@31');
  });

  test('block range and braces', () => {
    assert.equal(show(resource.range), '1:1@0-7:2@96');
    assert.equal(show(resource.body.range), '1:33@32-7:2@96');
    assert.equal(show(resource.body.openBrace), '1:33@32-1:34@33');
    assert.equal(show(resource.body.closeBrace), '7:1@95-7:2@96');
  });

  test('attribute name, whole range and expression', () => {
    const bucket = attribute(resource.body, 'bucket');
    assert.equal(show(bucket.nameRange), '2:3@36-2:9@42');
    assert.equal(show(bucket.range), '2:3@36-2:15@48');
    assert.equal(show(bucket.expr.range), '2:12@45-2:15@48');
  });

  test('nested block', () => {
    const lifecycle = resource.body.blocks[0]!;
    assert.equal(lifecycle.type, 'lifecycle');
    assert.equal(show(lifecycle.typeRange), '4:3@52-4:12@61');
    assert.deepEqual(lifecycle.labelRanges, []);
    assert.equal(show(lifecycle.headerRange), '4:3@52-4:12@61');
    assert.equal(show(lifecycle.range), '4:3@52-6:4@94');
    assert.equal(show(attribute(lifecycle.body, 'prevent_destroy').range), '5:5@68-5:27@90');
  });

  test('the top-level body spans the whole file', () => {
    assert.equal(show(file.body.range), `1:1@0-8:1@${text.length}`);
    assert.equal(file.body.openBrace, undefined);
    assert.equal(file.body.closeBrace, undefined);
  });

  test('bare labels and single-line blocks', () => {
    const f = parseClean('locals { a = 1 }\nresource aws_instance web {\n}\n');
    assert.equal(show(block(f).range), '1:1@0-1:17@16');
    assert.equal(show(block(f).body.closeBrace), '1:16@15-1:17@16');
    assert.equal(show(attribute(block(f).body, 'a').range), '1:10@9-1:15@14');
    assert.deepEqual(block(f, 1).labels, ['aws_instance', 'web']);
    assert.deepEqual(block(f, 1).labelRanges.map(show), ['2:10@26-2:22@38', '2:23@39-2:26@42']);
  });
});

describe('expressions spanning lines', () => {
  test('a multi-line object ends at its closing brace', () => {
    const file = parseClean('tags = {\n  Name = "x"\n}\nnext = 1\n');
    const tags = attribute(file.body, 'tags');
    assert.equal(show(tags.expr.range), '1:8@7-3:2@23');
    assert.equal(show(tags.range), '1:1@0-3:2@23');
    assert.equal(show(attribute(file.body, 'next').range), '4:1@24-4:9@32');
  });

  test('a heredoc ends with its closing marker, not the line end', () => {
    const file = parseClean('a = <<-EOT\n  x\n  EOT\nb = 2\n');
    assert.equal(show(attribute(file.body, 'a').expr.range), '1:5@4-3:6@20');
    assert.equal(show(attribute(file.body, 'b').range), '4:1@21-4:6@26');
  });
});

describe('text that is not plain ASCII', () => {
  test('columns count UTF-16 code units: é is one, 😀 is two', () => {
    const file = parseClean('a = ["é😀", b.c]\n');
    const tuple = attribute(file.body, 'a').expr;
    assert.ok(tuple.kind === 'tuple');
    assert.equal(show(tuple.items[0]!.range), '1:6@5-1:11@10');
    assert.equal(show(tuple.items[1]!.range), '1:13@12-1:16@15');
    assert.equal(textAt(file, tuple.items[1]!), 'b.c');
  });

  test('an interpolation after non-ASCII text in the same string', () => {
    const file = parseClean('name = "café-😀-${var.env}"\n');
    const expr = attribute(file.body, 'name').expr;
    assert.ok(expr.kind === 'template');
    const interpolation = expr.parts[1]!;
    assert.ok(interpolation.kind === 'interpolation');
    assert.equal(show(interpolation.range), '1:17@16-1:27@26');
    assert.equal(show(interpolation.expr.range), '1:19@18-1:26@25');
  });

  test('non-ASCII names', () => {
    const file = parseClean('résumé = local.naïve\n');
    const a = attribute(file.body, 'résumé');
    assert.equal(show(a.nameRange), '1:1@0-1:7@6');
    assert.equal(show(a.expr.range), '1:10@9-1:21@20');
  });
});

describe('line ends, tabs and byte order marks', () => {
  test('CRLF: the CR is not counted into the next line', () => {
    const file = parseClean('a = 1\r\nb {\r\n  c = "x"\r\n}\r\n');
    const a = attribute(file.body, 'a');
    assert.equal(show(a.range), '1:1@0-1:6@5');
    const b = block(file);
    assert.equal(show(b.typeRange), '2:1@7-2:2@8');
    assert.equal(show(b.body.openBrace), '2:3@9-2:4@10');
    assert.equal(show(attribute(b.body, 'c').range), '3:3@14-3:10@21');
    assert.equal(show(b.body.closeBrace), '4:1@23-4:2@24');
    assert.equal(b.body.indent, '  ');
  });

  test('CRLF: an error at a line end points before the CR', () => {
    const file = parseHcl('/t.tf', 'a = 1\r\nb = "x\r\nc = 2\r\n');
    assert.equal(file.errors.length, 1);
    assert.equal(show(file.errors[0]!.range), '2:7@13-2:7@13');
    assert.deepEqual(
      file.body.attributes.map((x) => x.name),
      ['a', 'b', 'c'],
    );
  });

  test('a tab is one column', () => {
    const file = parseClean('b {\n\tc\t=\t1\n}\n');
    const c = attribute(block(file).body, 'c');
    assert.equal(show(c.nameRange), '2:2@5-2:3@6');
    assert.equal(show(c.expr.range), '2:6@9-2:7@10');
    assert.equal(block(file).body.indent, '\t');
  });

  test('a leading BOM given to parseHcl directly is skipped, and offsets still index the given text', () => {
    const file = parseClean('\ufeffa = 1\nb = 2\n');
    assert.equal(show(attribute(file.body, 'a').range), '1:2@1-1:7@6');
    assert.equal(show(attribute(file.body, 'b').range), '2:1@7-2:6@12');
  });
});

describe('comments', () => {
  test('all three styles, with their ranges and text', () => {
    const file = parseClean('# hash\na = 1 // slashes\n/* block\n   comment */ b = 2\n');
    assert.deepEqual(
      file.comments.map((c) => [c.text, show(c.range)]),
      [
        ['# hash', '1:1@0-1:7@6'],
        ['// slashes', '2:7@13-2:17@23'],
        ['/* block\n   comment */', '3:1@24-4:14@46'],
      ],
    );
    assert.equal(show(attribute(file.body, 'b').range), '4:15@47-4:20@52');
  });

  test('comment markers inside strings and heredocs are text', () => {
    const file = parseClean('a = "# not // a /* comment"\nb = <<EOT\n# nor this\nEOT\n');
    assert.deepEqual(file.comments, []);
  });

  test('CRLF: a line comment does not include the CR', () => {
    const file = parseClean('# c\r\na = 1\r\n');
    assert.deepEqual(
      file.comments.map((c) => [c.text, show(c.range)]),
      [['# c', '1:1@0-1:4@3']],
    );
  });
});
