// Templates: quoted strings with interpolations and directives, strip markers, escapes, and heredocs with
// HCL's exact indentation removal for `<<-`. Every valid case is also checked against HashiCorp's parser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TemplatePart } from '../../rules/api';
import { parseHcl } from '../../server/src/core/parse';
import { parseExpr, sketch, textAt } from '../support/hcl-sketch';
import { oracleDifferences } from '../support/oracle';
import { treeProblems } from '../support/tree-check';

interface Case {
  readonly name: string;
  /** The template, written after `a = ` (a heredoc's closing marker ends the source). */
  readonly source: string;
  readonly sketch: string;
}

async function check(c: Case): Promise<void> {
  const { expr, file } = parseExpr(c.source);
  assert.equal(sketch(expr), c.sketch);
  assert.equal(textAt(file, expr), c.source, 'the template range covers its whole source');
  assert.deepEqual(treeProblems(file), []);
  assert.deepEqual(await oracleDifferences(file), [], 'HashiCorp HCL reads it the same way');
}

function table(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const c of cases) test(c.name, () => check(c));
  });
}

table('quoted templates', [
  { name: 'no interpolation is a literal', source: '"plain"', sketch: '"plain"' },
  { name: 'interpolation between text', source: '"a-${var.x}-b"', sketch: 'tmpl("a-", ${var.x}, "-b")' },
  { name: 'only an interpolation', source: '"${var.x}"', sketch: 'tmpl(${var.x})' },
  { name: 'adjacent interpolations', source: '"${a}${b}"', sketch: 'tmpl(${a}, ${b})' },
  { name: 'expression inside an interpolation', source: '"${a ? b : c}"', sketch: 'tmpl(${(a ? b : c)})' },
  { name: 'template nested in an interpolation', source: '"${"in ${x}"}"', sketch: 'tmpl(${tmpl("in ", ${x})})' },
  { name: 'escaped sequences stay text', source: '"$${a} %%{b} ${c}"', sketch: 'tmpl("${a} %{b} ", ${c})' },
  { name: 'escaped backslash before an interpolation', source: '"x\\\\${y}"', sketch: 'tmpl("x\\\\", ${y})' },
  { name: 'non-ASCII text', source: '"é😀${x}ü"', sketch: 'tmpl("é😀", ${x}, "ü")' },
]);

table('directives', [
  { name: 'if', source: '"%{if a}yes%{endif}"', sketch: 'tmpl(%if(a){"yes"})' },
  { name: 'if else', source: '"%{if a}yes%{else}no%{endif}"', sketch: 'tmpl(%if(a){"yes"}else{"no"})' },
  { name: 'spaces inside directives', source: '"%{ if a == 1 }x%{ endif }"', sketch: 'tmpl(%if((a == 1)){"x"})' },
  { name: 'for', source: '"%{for v in xs}${v},%{endfor}"', sketch: 'tmpl(%for(v in xs){${v}, ","})' },
  { name: 'for with key', source: '"%{for k, v in m}${k}=${v} %{endfor}"', sketch: 'tmpl(%for(k, v in m){${k}, "=", ${v}, " "})' },
  { name: 'if nested in for', source: '"%{for v in xs}%{if v}${v}%{endif}%{endfor}"', sketch: 'tmpl(%for(v in xs){%if(v){${v}}})' },
  { name: 'text around directives', source: '"a%{if x}b%{endif}c"', sketch: 'tmpl("a", %if(x){"b"}, "c")' },
]);

table('strip markers', [
  { name: 'interpolation, both sides', source: '"a  ${~ b ~}  c"', sketch: 'tmpl("a", ${b}, "c")' },
  { name: 'interpolation, left only', source: '"a  ${~ b}  c"', sketch: 'tmpl("a", ${b}, "  c")' },
  { name: 'interpolation, right only', source: '"a  ${b ~}  c"', sketch: 'tmpl("a  ", ${b}, "c")' },
  { name: 'directives', source: '"a %{~ if x ~} b %{~ else ~} c %{~ endif ~} d"', sketch: 'tmpl("a", %if(x){"b"}else{"c"}, "d")' },
  { name: 'a literal of only spaces becomes empty', source: '"${a ~}   ${~ b}"', sketch: 'tmpl(${a}, "", ${b})' },
  { name: 'Unicode spaces (NEL, ideographic) are stripped as HCL does', source: '"x\u0085\u3000${~ b ~}\u00a0y"', sketch: 'tmpl("x", ${b}, "y")' },
  { name: 'a zero-width no-break space is not a space', source: '"x\ufeff${~ b}"', sketch: 'tmpl("x\ufeff", ${b})' },
]);

table('heredocs', [
  { name: 'plain heredoc keeps indentation', source: '<<EOT\n  hello\n    world\nEOT', sketch: JSON.stringify('  hello\n    world\n') },
  { name: 'empty heredoc', source: '<<EOT\nEOT', sketch: '""' },
  { name: 'closing marker may be indented', source: '<<EOT\nx\n    EOT', sketch: '"x\\n"' },
  {
    name: 'a line that only contains the marker among other text does not close it',
    source: '<<EOT\nEOT is here\nEOT',
    sketch: JSON.stringify('EOT is here\n'),
  },
  { name: 'indented heredoc removes the smallest indentation', source: '<<-EOT\n    hello\n      world\n    EOT', sketch: JSON.stringify('hello\n  world\n') },
  { name: 'the closing marker does not count', source: '<<-EOT\n    a\n  EOT', sketch: '"a\\n"' },
  { name: 'blank lines do not count', source: '<<-EOT\n    a\n\n      b\n    EOT', sketch: JSON.stringify('a\n\n  b\n') },
  { name: 'whitespace-only lines neither count nor change', source: '<<-EOT\n    a\n  \n    b\n    EOT', sketch: JSON.stringify('a\n  \nb\n') },
  { name: 'tabs count as one character each', source: '<<-EOT\n\t\ta\n\t\t\tb\n\tEOT', sketch: JSON.stringify('a\n\tb\n') },
  { name: 'mixed tabs and spaces count characters', source: '<<-EOT\n    hi\n\t  x\n    EOT', sketch: JSON.stringify(' hi\nx\n') },
  { name: 'an interpolation that starts a line stops any removal', source: '<<-EOT\n    a\n${b}\n    EOT', sketch: 'heredoc-EOT("    a\\n", ${b}, "\\n")' },
  { name: 'interpolation after indentation', source: '<<-EOT\n    a ${b}\n      c\n    EOT', sketch: 'heredoc-EOT("a ", ${b}, "\\n  c\\n")' },
  { name: 'template escapes in heredocs', source: '<<EOT\n$${x} %%{y}\nEOT', sketch: JSON.stringify('${x} %{y}\n') },
  { name: 'backslashes are literal in heredocs', source: '<<EOT\na\\nb\nEOT', sketch: JSON.stringify('a\\nb\n') },
  { name: 'interpolation', source: '<<EOT\nhost=${var.host}\nEOT', sketch: 'heredocEOT("host=", ${var.host}, "\\n")' },
  {
    // Stripping comes first: the first line's indentation is gone, so no line loses any.
    name: 'directives with strip markers, stripped before indentation is measured',
    source: '<<-EOT\n  %{~ for x in xs ~}\n  - ${x}\n  %{~ endfor ~}\n  EOT',
    sketch: 'heredoc-EOT("", %for(x in xs){"  - ", ${x}, "\\n"}, "")',
  },
  {
    // The stripped line end no longer ends a line, so "  - " is not at a line start and keeps its spaces.
    name: 'directives with strip markers on the right only',
    source: '<<-EOT\n  %{ for x in xs ~}\n  - ${x}\n  %{ endfor ~}\n  EOT',
    sketch: 'heredoc-EOT("", %for(x in xs){"  - ", ${x}, "\\n"}, "")',
  },
  { name: 'other markers', source: '<<-POLICY\n  {}\n  POLICY', sketch: '"{}\\n"' },
  { name: 'CRLF line ends are kept in the value', source: '<<EOT\r\nhi\r\nEOT', sketch: JSON.stringify('hi\r\n') },
  { name: 'CRLF with indentation removal', source: '<<-EOT\r\n    hi\r\n      x\r\n    EOT', sketch: JSON.stringify('hi\r\n  x\r\n') },
]);

describe('template parts', () => {
  function partTexts(text: string, parts: readonly TemplatePart[]): unknown[] {
    return parts.map((p) => {
      const own = text.slice(p.range.start.offset, p.range.end.offset);
      if (p.kind === 'if') return [own, partTexts(text, p.then), p.else ? partTexts(text, p.else) : null];
      if (p.kind === 'for') return [own, partTexts(text, p.body)];
      return own;
    });
  }

  test('each part spans its source, sequences included', () => {
    const { expr, file } = parseExpr('"a${b}%{if c}d%{else}e%{endif}%{for f in g}${f}%{endfor}"');
    assert.ok(expr.kind === 'template');
    assert.deepEqual(partTexts(file.text, expr.parts), ['a', '${b}', ['%{if c}d%{else}e%{endif}', ['d'], ['e']], ['%{for f in g}${f}%{endfor}', ['${f}']]]);
  });

  test('a heredoc text part spans the raw lines, before indentation removal', () => {
    const { expr, file } = parseExpr('<<-EOT\n    a\n      ${b}\n    EOT');
    assert.ok(expr.kind === 'template');
    assert.deepEqual(partTexts(file.text, expr.parts), ['    a\n      ', '${b}', '\n']);
    assert.deepEqual(expr.heredoc, { marker: 'EOT', indented: true });
    const first = expr.parts[0]!;
    assert.ok(first.kind === 'text');
    assert.equal(first.value, 'a\n  ');
  });

  test('a plain heredoc records its marker and is not indented', () => {
    const { expr } = parseExpr('<<EOF\n${x}\nEOF');
    assert.ok(expr.kind === 'template');
    assert.deepEqual(expr.heredoc, { marker: 'EOF', indented: false });
  });

  test('directive fields', () => {
    const { expr } = parseExpr('"%{for k, v in m}${v}%{endfor}"');
    assert.ok(expr.kind === 'template');
    const part = expr.parts[0]!;
    assert.ok(part.kind === 'for');
    assert.deepEqual([part.keyVar, part.valueVar, sketch(part.collection)], ['k', 'v', 'm']);
  });

  test('a heredoc attribute ends at its closing marker and the next attribute parses', () => {
    const file = parseHcl('/t.tf', 'a = <<EOT\nx\nEOT\nb = 1\n');
    assert.deepEqual(file.errors, []);
    const [a, b] = file.body.attributes;
    assert.equal(textAt(file, a!), 'a = <<EOT\nx\nEOT');
    assert.equal(b!.name, 'b');
  });
});
