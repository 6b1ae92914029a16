// Error recovery: a syntax error damages only the smallest attribute or block around it, the rest of the
// file is still modelled, messages say what is wrong in a Terraform user's words, and error ranges point
// at the construct to fix. Each broken snippet sits between two intact blocks that must survive unchanged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SourceFile } from '../../rules/api';
import { lex } from '../../server/src/core/hcl/lexer';
import { parseHcl } from '../../server/src/core/parse';
import { MAX_ERRORS_PER_FILE } from '../../server/src/core/parse-errors';
import { outline } from '../support/hcl-sketch';
import { REALISTIC } from '../support/samples';
import { treeProblems } from '../support/tree-check';

const BEFORE = 'variable "before" {\n  default = 1\n}\n\n';
const AFTER = 'resource "aws_s3_bucket" "after" {\n  bucket = "b"\n}\n';
const BEFORE_LINES = 4;

interface ExpectedError {
  /** Line and column of the error's start, counted in the snippet (line 1 is the snippet's first line). */
  readonly at: readonly [number, number];
  /** The text the error range covers. */
  readonly covers: string;
  /** Words the message must contain, so it says what to fix. */
  readonly words: readonly string[];
}

interface Case {
  readonly name: string;
  readonly snippet: string;
  /** Outline of what the snippet became (`!` marks a damaged block). */
  readonly outline: readonly string[];
  readonly errors: readonly ExpectedError[];
}

function parseBetween(snippet: string): SourceFile {
  return parseHcl('/test/broken.tf', BEFORE + snippet + AFTER);
}

function check(c: Case): void {
  const file = parseBetween(c.snippet);
  const items = outline(file.body);
  assert.equal(items[0], 'variable "before" {default=1}', 'the block before the error is intact');
  assert.equal(items[items.length - 1], 'resource "aws_s3_bucket" "after" {bucket="b"}', 'the block after the error is intact');
  assert.deepEqual(items.slice(1, -1), c.outline);
  assert.deepEqual(treeProblems(file), []);
  assert.deepEqual(
    file.errors.map((e) => ({
      at: [e.range.start.line - BEFORE_LINES, e.range.start.column],
      covers: file.text.slice(e.range.start.offset, e.range.end.offset),
    })),
    c.errors.map((e) => ({ at: [...e.at], covers: e.covers })),
    `errors: ${file.errors.map((e) => e.message).join(' | ')}`,
  );
  file.errors.forEach((error, i) => {
    for (const word of c.errors[i]!.words) assert.ok(error.message.includes(word), `"${error.message}" should mention ${word}`);
  });
}

function table(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const c of cases) test(c.name, () => check(c));
  });
}

table('unclosed constructs', [
  {
    name: 'block before another block',
    snippet: 'resource "aws_instance" "web" {\n  ami = "x"\n\n',
    outline: ['resource "aws_instance" "web"! {ami="x"}'],
    errors: [{ at: [1, 1], covers: 'resource "aws_instance" "web" {', words: ['"resource" block', 'closing brace'] }],
  },
  {
    name: 'nested block',
    snippet: 'resource "a" "b" {\n  lifecycle {\n    ignore_changes = []\n  tags = {}\n}\n',
    outline: ['resource "a" "b"! {lifecycle! {ignore_changes=[]}; tags={}}'],
    errors: [{ at: [2, 3], covers: 'lifecycle {', words: ['"lifecycle" block', 'closing brace'] }],
  },
  {
    name: '"["',
    snippet: 'locals {\n  list = [1, 2\n  other = 3\n}\n',
    outline: ['locals! {list=[1, 2]; other=3}'],
    errors: [{ at: [2, 10], covers: '[', words: ['list', '"]"'] }],
  },
  {
    name: '"[" after a trailing comma',
    snippet: 'locals {\n  list = [1, 2,\n  other = 3\n}\n',
    outline: ['locals! {list=[1, 2]; other=3}'],
    errors: [{ at: [2, 10], covers: '[', words: ['list', '"]"'] }],
  },
  {
    name: 'call "("',
    snippet: 'locals {\n  v = max(1, 2\n  other = 3\n}\n',
    outline: ['locals! {v=max(1, 2); other=3}'],
    errors: [{ at: [2, 7], covers: 'max', words: ['max()', '")"'] }],
  },
  {
    name: 'parenthesis "("',
    snippet: 'locals {\n  v = (1 + 2\n  other = 3\n}\n',
    outline: ['locals! {v=paren((1 + 2)); other=3}'],
    errors: [{ at: [2, 7], covers: '(', words: ['parenthesis', '")"'] }],
  },
  {
    name: 'object "{"',
    snippet: 'locals {\n  obj = {\n    a = 1\n  other = 3\n}\n',
    outline: ['locals! {obj={a = 1}; other=3}'],
    errors: [{ at: [2, 9], covers: '{', words: ['object', '"}"'] }],
  },
  {
    name: 'index "["',
    snippet: 'locals {\n  x = a[0\n  other = 3\n}\n',
    outline: ['locals! {x=a[0]; other=3}'],
    errors: [{ at: [2, 8], covers: '[', words: ['index', '"]"'] }],
  },
  {
    name: 'for expression',
    snippet: 'locals {\n  x = [for a in b : a\n  other = 3\n}\n',
    outline: ['locals! {x=[for a in b : a]; other=3}'],
    errors: [{ at: [2, 7], covers: '[', words: ['"for" expression', '"]"'] }],
  },
  {
    name: 'string',
    snippet: 'locals {\n  s = "abc\n  other = 3\n}\n',
    outline: ['locals! {s="abc"; other=3}'],
    errors: [{ at: [2, 11], covers: '', words: ['closing quote', 'heredoc'] }],
  },
  {
    name: '"${" closed by the quote',
    snippet: 'locals {\n  s = "abc ${var.x"\n  other = 3\n}\n',
    outline: ['locals! {s=tmpl("abc ", ${var.x}); other=3}'],
    errors: [{ at: [2, 12], covers: '${', words: ['interpolation', '"}"'] }],
  },
  {
    name: '"${" at the end of the line',
    snippet: 'locals {\n  s = "abc ${var.x\n  other = 3\n}\n',
    outline: ['locals! {s=tmpl("abc ", ${var.x}); other=3}'],
    errors: [{ at: [2, 12], covers: '${', words: ['interpolation', '"}"'] }],
  },
  {
    name: '"%{if}" without "%{endif}"',
    snippet: 'locals {\n  s = "%{if x}yes"\n  other = 3\n}\n',
    outline: ['locals! {s=tmpl(%if(x){"yes"}); other=3}'],
    errors: [{ at: [2, 8], covers: '%{if x}', words: ['"if"', '"endif"'] }],
  },
  {
    name: 'heredoc: it ends before the next top-level block',
    snippet: 'locals {\n  h = <<EOT\n  text\n}\n\n',
    outline: ['locals! {h="  text\\n}\\n\\n"}'],
    errors: [
      { at: [1, 1], covers: 'locals {', words: ['"locals" block', 'closing brace'] },
      { at: [2, 7], covers: '<<EOT', words: ['heredoc', '"EOT"'] },
    ],
  },
]);

table('missing or stray pieces', [
  {
    name: 'missing value after "="',
    snippet: 'locals {\n  a =\n  other = 3\n}\n',
    outline: ['locals! {a=<invalid>; other=3}'],
    errors: [{ at: [2, 6], covers: '\n', words: ['expression', 'new line'] }],
  },
  {
    name: 'missing right operand',
    snippet: 'locals {\n  a = 1 +\n  other = 3\n}\n',
    outline: ['locals! {a=(1 + <invalid>); other=3}'],
    errors: [{ at: [2, 10], covers: '\n', words: ['expression'] }],
  },
  {
    name: 'missing false result',
    snippet: 'locals {\n  x = a ? b\n  other = 3\n}\n',
    outline: ['locals! {x=<invalid>; other=3}'],
    errors: [{ at: [2, 12], covers: '\n', words: ['conditional', 'false result', '":"'] }],
  },
  {
    name: 'dangling "."',
    snippet: 'locals {\n  a = var.\n  other = 3\n}\n',
    outline: ['locals! {a=<invalid>; other=3}'],
    errors: [{ at: [2, 11], covers: '\n', words: ['attribute name', 'dot'] }],
  },
  {
    name: '`name "x"` without "="',
    snippet: 'locals {\n  name "x"\n  other = 3\n}\n',
    outline: ['locals! {name "x"! {}; other=3}'],
    errors: [{ at: [2, 11], covers: '\n', words: ['"{"', '"="', 'name = "x"'] }],
  },
  {
    name: 'extra "}"',
    snippet: 'locals {\n  a = 1\n}\n}\n',
    outline: ['locals {a=1}'],
    errors: [{ at: [4, 1], covers: '}', words: ['argument or block', '"}"'] }],
  },
  {
    name: 'stray "]" at the top level',
    snippet: ']\n',
    outline: [],
    errors: [{ at: [1, 1], covers: ']', words: ['argument or block', '"]"'] }],
  },
  {
    name: 'a lone name',
    snippet: 'x\n',
    outline: [],
    errors: [{ at: [1, 1], covers: 'x', words: ['"="', '"{"'] }],
  },
  {
    name: 'a stray "[" in a block header',
    snippet: 'data "x" "y" [{}\n\n',
    outline: ['data "x" "y"! {}'],
    errors: [{ at: [1, 14], covers: '[', words: ['label', '"{"'] }],
  },
  {
    name: 'arguments separated by commas',
    snippet: 'locals {\n  a = 1,\n  b = 2\n}\n',
    outline: ['locals! {a=1; b=2}'],
    errors: [{ at: [2, 8], covers: ',', words: ['new lines', 'commas'] }],
  },
  {
    name: 'an argument set twice',
    snippet: 'locals {\n  a = 1\n  a = 2\n}\n',
    outline: ['locals! {a=1}'],
    errors: [{ at: [3, 3], covers: 'a', words: ['"a"', 'already set', 'line 6'] }],
  },
  {
    name: '"=" in a block header',
    snippet: 'resource "a" "b" = {\n  x = 1\n}\n',
    outline: ['resource "a" "b"! {}'],
    errors: [{ at: [1, 18], covers: '=', words: ['"="', 'block'] }],
  },
  {
    name: 'a quoted argument name',
    snippet: 'locals {\n  "a" = 1\n}\n',
    outline: ['locals! {}'],
    errors: [{ at: [2, 3], covers: '"a"', words: ['must not be quoted'] }],
  },
  {
    name: 'two arguments in a single-line block',
    snippet: 'locals { a = 1, b = 2 }\n',
    outline: ['locals! {a=1}'],
    errors: [{ at: [1, 15], covers: ',', words: ['single-line block', 'one argument'] }],
  },
  {
    name: 'an interpolation in a block label',
    snippet: 'resource "aws_${x}" "y" {\n  ami = 1\n}\n',
    outline: ['resource "aws_${ ... }" "y"! {ami=1}'],
    errors: [{ at: [1, 15], covers: '${', words: ['label', '"$${"'] }],
  },
  {
    name: 'a stray "%{endif}"',
    snippet: 'locals {\n  s = "yes%{endif}"\n  other = 3\n}\n',
    outline: ['locals! {s="yes"; other=3}'],
    errors: [{ at: [2, 11], covers: '%{endif}', words: ['"endif"', 'no matching'] }],
  },
  {
    name: 'a misspelt directive',
    snippet: 'locals {\n  s = "%{iff x}yes%{endif}"\n  other = 3\n}\n',
    outline: ['locals! {s="yes"; other=3}'],
    errors: [
      { at: [2, 10], covers: 'iff', words: ['"iff"', 'Did you mean "if"'] },
      { at: [2, 19], covers: '%{endif}', words: ['"endif"'] },
    ],
  },
  {
    name: 'an invalid escape',
    snippet: 'locals {\n  s = "a\\qb"\n  other = 3\n}\n',
    outline: ['locals! {s="aqb"; other=3}'],
    errors: [{ at: [2, 9], covers: '\\q', words: ['"\\q"', 'escape'] }],
  },
]);

table('characters and operators the language does not have', [
  {
    name: '"**"',
    snippet: 'locals {\n  a = 1 ** 2\n  other = 3\n}\n',
    outline: ['locals! {a=1; other=3}'],
    errors: [{ at: [2, 9], covers: '**', words: ['"**"', 'operator'] }],
  },
  {
    name: '"&"',
    snippet: 'locals {\n  a = x & y\n  other = 3\n}\n',
    outline: ['locals! {a=x; other=3}'],
    errors: [{ at: [2, 9], covers: '&', words: ['Bitwise', '"&&"'] }],
  },
  {
    name: '";"',
    snippet: 'locals {\n  a = 1;\n  other = 3\n}\n',
    outline: ['locals! {a=1; other=3}'],
    errors: [{ at: [2, 8], covers: ';', words: ['";"', 'new lines'] }],
  },
  {
    name: 'single quotes',
    snippet: "locals {\n  a = 'x'\n  other = 3\n}\n",
    outline: ['locals! {a=<invalid>; other=3}'],
    errors: [
      { at: [2, 7], covers: "'", words: ['Single quotes', 'double quotes'] },
      { at: [2, 9], covers: "'", words: ['Single quotes'] },
    ],
  },
  {
    name: 'backticks',
    snippet: 'locals {\n  a = `x`\n  other = 3\n}\n',
    outline: ['locals! {a=<invalid>; other=3}'],
    errors: [
      { at: [2, 7], covers: '`', words: ['"`"', 'heredoc'] },
      { at: [2, 9], covers: '`', words: ['"`"'] },
    ],
  },
  {
    name: 'curly quotes',
    snippet: 'locals {\n  a = \u201cx\u201d\n  other = 3\n}\n',
    outline: ['locals! {a=<invalid>; other=3}'],
    errors: [
      { at: [2, 7], covers: '\u201c', words: ['Curly quotes', 'straight quotes'] },
      { at: [2, 9], covers: '\u201d', words: ['Curly quotes'] },
    ],
  },
  {
    name: 'a stray "$" before a block',
    snippet: '${\n',
    outline: [],
    errors: [{ at: [1, 1], covers: '$', words: ['"$"', '"${"'] }],
  },
]);

describe('confusing errors do not swallow the blocks after them', () => {
  const cases: readonly { name: string; snippet: string; survivors: readonly string[] }[] = [
    {
      name: 'a heredoc opened in a block header',
      snippet: 'variable <<EOT\n"b" {\n  type = string\n}\n\nvariable "c" {\n  type = string\n}\n\n',
      survivors: ['variable "c" {type=string}'],
    },
    {
      name: 'a line break inside a string leaves an odd number of quotes on the next line',
      snippet: 'variable "x" {\n  default = ["a-\nb", "c"]\n}\n\nvariable "y" {\n  default = 1\n}\n\n',
      survivors: ['variable "y" {default=1}'],
    },
    {
      name: 'a "[" inside a block type',
      snippet: 're[source "a" "b" {\n  x = 1\n}\n\nresource "c" "d" {\n  y = 2\n}\n\n',
      survivors: ['resource "c" "d" {y=2}'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const file = parseBetween(c.snippet);
      assert.ok(file.errors.length > 0);
      assert.deepEqual(treeProblems(file), []);
      const items = outline(file.body);
      assert.equal(items[0], 'variable "before" {default=1}');
      assert.deepEqual(items.slice(-1 - c.survivors.length), [...c.survivors, 'resource "aws_s3_bucket" "after" {bucket="b"}']);
    });
  }
});

describe('damage stays local', () => {
  test('an error in one attribute leaves its siblings and the block structure intact', () => {
    const file = parseBetween('resource "a" "b" {\n  x = (\n  y = 2\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n');
    assert.deepEqual(outline(file.body)[1], 'resource "a" "b"! {x=<invalid>; y=2; lifecycle {prevent_destroy=true}}');
  });

  test('an error in a nested block damages it and its ancestors, not its siblings', () => {
    const file = parseBetween('resource "a" "b" {\n  one {\n    x = [\n  }\n  two {\n    y = 1\n  }\n}\n');
    assert.deepEqual(outline(file.body)[1], 'resource "a" "b"! {one! {x=[]}; two {y=1}}');
  });

  test('the error count is bounded', () => {
    const file = parseHcl('/t.tf', 'a = "\n'.repeat(1000));
    assert.equal(file.errors.length, MAX_ERRORS_PER_FILE + 1);
    assert.match(file.errors[MAX_ERRORS_PER_FILE]!.message, /more syntax errors/);
  });
});

describe('a file cut off at every token boundary', () => {
  test('the realistic file itself parses cleanly', () => {
    const file = parseHcl('/t.tf', REALISTIC);
    assert.deepEqual(file.errors, []);
    assert.equal(file.body.blocks.length, 6);
  });

  test('every prefix parses, stays well-formed, and keeps every block that ends before the cut', { timeout: 20_000 }, () => {
    const full = parseHcl('/t.tf', REALISTIC);
    const tokens = lex(REALISTIC).tokens;
    const cuts = new Set<number>([0, REALISTIC.length]);
    for (let i = 0; i < tokens.count; i++) cuts.add(tokens.starts[i]!).add(tokens.ends[i]!);
    const failures: string[] = [];
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      const where = `cut at ${cut} (…${JSON.stringify(REALISTIC.slice(Math.max(0, cut - 25), cut))})`;
      const text = REALISTIC.slice(0, cut);
      let file: SourceFile;
      try {
        file = parseHcl('/t.tf', text);
      } catch (error) {
        failures.push(`${where}: threw ${String(error)}`);
        continue;
      }
      const problems = treeProblems(file, { limit: 2 });
      if (problems.length > 0) failures.push(`${where}: ${problems.join('; ')}`);
      if (file.errors.length > MAX_ERRORS_PER_FILE + 1) failures.push(`${where}: ${file.errors.length} errors`);
      const kept = new Set(file.body.blocks.map((b) => `${b.range.start.offset}-${b.range.end.offset} ${outline({ ...file.body, items: [b] })[0]}`));
      for (const block of full.body.blocks) {
        if (block.range.end.offset > cut) continue;
        const expected = `${block.range.start.offset}-${block.range.end.offset} ${outline({ ...full.body, items: [block] })[0]}`;
        if (!kept.has(expected)) failures.push(`${where}: lost ${expected.slice(0, 80)}`);
      }
    }
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
  });
});
