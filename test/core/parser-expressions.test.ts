// Expressions of HCL native syntax: every form, HCL's operator precedence and associativity, and the
// range of every expression covering exactly its source text. Structure is stated as a sketch (see
// test/support/hcl-sketch.ts): `a - b - c` is `((a - b) - c)`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Expression } from '../../rules/api';
import { parseExpr, sketch, textAt } from '../support/hcl-sketch';
import { treeProblems } from '../support/tree-check';

interface Case {
  readonly name: string;
  /** The expression, written after `a = `. */
  readonly source: string;
  readonly sketch: string;
}

function check(c: Case): Expression {
  const { expr, file } = parseExpr(c.source);
  assert.equal(sketch(expr), c.sketch);
  assert.equal(textAt(file, expr), c.source, 'the expression range covers its whole source');
  assert.deepEqual(treeProblems(file), []);
  return expr;
}

function table(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const c of cases) test(c.name, () => void check(c));
  });
}

table('literals', [
  { name: 'integer', source: '42', sketch: '42' },
  { name: 'decimal', source: '3.25', sketch: '3.25' },
  { name: 'exponent', source: '1.5e3', sketch: '1500' },
  { name: 'exponent with sign', source: '25E-2', sketch: '0.25' },
  { name: 'true', source: 'true', sketch: 'true' },
  { name: 'false', source: 'false', sketch: 'false' },
  { name: 'null', source: 'null', sketch: 'null' },
  { name: 'empty string', source: '""', sketch: '""' },
  { name: 'string', source: '"hello"', sketch: '"hello"' },
  { name: 'string escapes', source: String.raw`"a\nb\t\"q\"\\ \u00e9\U0001F600"`, sketch: JSON.stringify('a\nb\t"q"\\ é😀') },
  { name: 'template escapes', source: '"$${x} %%{y}"', sketch: JSON.stringify('${x} %{y}') },
  { name: 'lone sigils', source: '"$ % $$ %%"', sketch: JSON.stringify('$ % $$ %%') },
  { name: 'minus one folds to a number', source: '-1', sketch: '-1' },
  { name: 'minus with a space folds too', source: '- 2.5', sketch: '-2.5' },
  { name: 'double minus folds only the inner one', source: '--1', sketch: '(--1)' },
  { name: 'minus on parentheses stays an operator', source: '-(1)', sketch: '(-paren(1))' },
]);

table('operators', [
  { name: 'subtraction is left-associative', source: 'a - b - c', sketch: '((a - b) - c)' },
  { name: 'division is left-associative', source: 'a / b / c', sketch: '((a / b) / c)' },
  { name: 'multiplication binds tighter than addition', source: '1 + 2 * 3', sketch: '(1 + (2 * 3))' },
  { name: 'multiplication first, on the left', source: '1 * 2 + 3', sketch: '((1 * 2) + 3)' },
  { name: 'modulo shares the multiplicative level', source: '1 % 2 / 3 * 4', sketch: '(((1 % 2) / 3) * 4)' },
  { name: 'comparison below arithmetic', source: 'a + 1 < b * 2', sketch: '((a + 1) < (b * 2))' },
  { name: 'equality below comparison', source: 'a < b == c >= d', sketch: '((a < b) == (c >= d))' },
  { name: 'equality is left-associative', source: 'a == b != c', sketch: '((a == b) != c)' },
  { name: 'and below equality', source: 'a == 1 && b != 2', sketch: '((a == 1) && (b != 2))' },
  { name: 'or lowest', source: 'a && b || c && d', sketch: '((a && b) || (c && d))' },
  { name: 'all six levels', source: 'a || b && c == d < e + f * g', sketch: '(a || (b && (c == (d < (e + (f * g))))))' },
  { name: 'not binds tighter than and', source: '!a && b', sketch: '((!a) && b)' },
  { name: 'not applies to the whole traversal', source: '!a.b[0]', sketch: '(!a.b[0])' },
  { name: 'double not', source: '!!a', sketch: '(!(!a))' },
  { name: 'negation binds tighter than multiplication', source: '-a.b * 2', sketch: '((-a.b) * 2)' },
  { name: 'negated literal operand', source: '1 - -1', sketch: '(1 - -1)' },
  { name: 'parentheses override precedence', source: '(1 + 2) * 3', sketch: '(paren((1 + 2)) * 3)' },
  { name: 'conditional below or', source: 'a || b ? c : d', sketch: '((a || b) ? c : d)' },
  { name: 'conditional is right-associative', source: 'a ? b : c ? d : e', sketch: '(a ? b : (c ? d : e))' },
  { name: 'conditional in the true branch', source: 'a ? b ? c : d : e', sketch: '(a ? (b ? c : d) : e)' },
  { name: 'operators across lines inside parentheses', source: '(\n  1\n  +\n  2\n)', sketch: 'paren((1 + 2))' },
]);

table('traversals', [
  { name: 'variable', source: 'var', sketch: 'var' },
  { name: 'attribute access', source: 'var.name', sketch: 'var.name' },
  { name: 'dashes in names', source: 'module.my-mod.out_put', sketch: 'module.my-mod.out_put' },
  { name: 'index', source: 'aws_instance.web[0].id', sketch: 'aws_instance.web[0].id' },
  { name: 'string index', source: 'local.m["k"]', sketch: 'local.m["k"]' },
  { name: 'expression index', source: 'x[count.index + 1]', sketch: 'x[(count.index + 1)]' },
  { name: 'legacy index', source: 'x.0.id', sketch: 'x.<0>.id' },
  { name: 'full splat', source: 'x[*].id', sketch: 'x[*].id' },
  { name: 'full splat keeps later indexes', source: 'x[*].tags["Name"]', sketch: 'x[*].tags["Name"]' },
  { name: 'double full splat', source: 'x[*][*]', sketch: 'x[*][*]' },
  { name: 'legacy splat', source: 'aws_instance.web.*.id', sketch: 'aws_instance.web.<*>.id' },
  { name: 'legacy splat then index', source: 'x.*.id[0]', sketch: 'x.<*>.id[0]' },
  { name: 'traversal after a call', source: 'f(x).y[0]', sketch: 'f(x).y[0]' },
  { name: 'traversal after parentheses', source: '(x).y', sketch: 'paren(x).y' },
  { name: 'traversal after a tuple', source: '[1, 2][0]', sketch: '[1, 2][0]' },
  { name: 'non-ASCII identifier', source: 'local.café', sketch: 'local.café' },
]);

table('function calls', [
  { name: 'no arguments', source: 'timestamp()', sketch: 'timestamp()' },
  { name: 'arguments', source: 'max(1, a, "s")', sketch: 'max(1, a, "s")' },
  { name: 'trailing comma', source: 'max(1, 2,)', sketch: 'max(1, 2)' },
  { name: 'one argument per line', source: 'merge(\n  a,\n  b,\n)', sketch: 'merge(a, b)' },
  { name: 'expanded final argument', source: 'concat(a, b...)', sketch: 'concat(a, b...)' },
  { name: 'provider function', source: 'provider::aws::arn_parse(x)', sketch: 'provider::aws::arn_parse(x)' },
  { name: 'nested calls', source: 'lower(replace(x, "_", "-"))', sketch: 'lower(replace(x, "_", "-"))' },
]);

table('collections', [
  { name: 'empty tuple', source: '[]', sketch: '[]' },
  { name: 'tuple', source: '[1, "two", three]', sketch: '[1, "two", three]' },
  { name: 'tuple with trailing comma over lines', source: '[\n  1,\n  2,\n]', sketch: '[1, 2]' },
  { name: 'nested tuples', source: '[[1], [2, [3]]]', sketch: '[[1], [2, [3]]]' },
  { name: 'empty object', source: '{}', sketch: '{}' },
  { name: 'object with bare keys', source: '{ a = 1, b = 2 }', sketch: '{a = 1, b = 2}' },
  { name: 'object with newline separators', source: '{\n  a = 1\n  b = 2\n}', sketch: '{a = 1, b = 2}' },
  { name: 'object with colon separators', source: '{ a: 1, "b": 2 }', sketch: '{a = 1, b = 2}' },
  { name: 'object with a quoted key holding a dot', source: '{ "a.b" = 1 }', sketch: '{"a.b" = 1}' },
  { name: 'object with a parenthesised key', source: '{ (local.k) = 1 }', sketch: '{paren(local.k) = 1}' },
  { name: 'object with a template key', source: '{ "${k}-x" = 1 }', sketch: '{tmpl(${k}, "-x") = 1}' },
  { name: 'object with a traversal key', source: '{ a.b = 1 }', sketch: '{a.b = 1}' },
  { name: 'nested objects', source: '{ a = { b = [1] } }', sketch: '{a = {b = [1]}}' },
]);

table('for expressions', [
  { name: 'tuple', source: '[for s in var.list : upper(s)]', sketch: '[for s in var.list : upper(s)]' },
  { name: 'tuple with key and value', source: '[for i, v in xs : "${i}=${v}"]', sketch: '[for i, v in xs : tmpl(${i}, "=", ${v})]' },
  { name: 'tuple with a condition', source: '[for s in xs : s if s != ""]', sketch: '[for s in xs : s if (s != "")]' },
  { name: 'object', source: '{for k, v in m : k => v}', sketch: '{for k, v in m : k => v}' },
  { name: 'object with grouping', source: '{for v in xs : v.k => v...}', sketch: '{for v in xs : v.k => v...}' },
  { name: 'object with grouping and condition', source: '{ for v in xs : v.k => v... if v.on }', sketch: '{for v in xs : v.k => v... if v.on}' },
  { name: 'over several lines', source: '[\n  for s in xs :\n  s\n]', sketch: '[for s in xs : s]' },
  { name: 'nested', source: '[for a in xs : [for b in a : b]]', sketch: '[for a in xs : [for b in a : b]]' },
]);

describe('node details', () => {
  test('a bare object key is a string literal spanning the name; a quoted one spans its quotes', () => {
    const { expr, file } = parseExpr('{ bare = 1, "quoted" = 2 }');
    assert.equal(expr.kind, 'object');
    if (expr.kind !== 'object') return;
    const [bare, quoted] = expr.items;
    assert.deepEqual([bare!.key.kind, bare!.key.kind === 'literal' && bare!.key.value, textAt(file, bare!.key)], ['literal', 'bare', 'bare']);
    assert.deepEqual([quoted!.key.kind, quoted!.key.kind === 'literal' && quoted!.key.value, textAt(file, quoted!.key)], ['literal', 'quoted', '"quoted"']);
    assert.equal(textAt(file, bare!), 'bare = 1');
  });

  test('a call records its full name, name range and expanded final argument', () => {
    const { expr, file } = parseExpr('provider::aws::arn_parse(a, b...)');
    assert.equal(expr.kind, 'call');
    if (expr.kind !== 'call') return;
    assert.equal(expr.name, 'provider::aws::arn_parse');
    assert.equal(file.text.slice(expr.nameRange.start.offset, expr.nameRange.end.offset), 'provider::aws::arn_parse');
    assert.equal(expr.expandFinal, true);
    assert.deepEqual(
      expr.args.map((a) => textAt(file, a)),
      ['a', 'b'],
    );
  });

  test('traversal steps carry their own ranges and legacy flags', () => {
    const { expr, file } = parseExpr('x.a[0].1.*.b[*]');
    assert.equal(expr.kind, 'traversal');
    if (expr.kind !== 'traversal') return;
    assert.deepEqual(
      expr.steps.map((s) => [s.kind, s.kind === 'attr' ? s.name : s.legacy, file.text.slice(s.range.start.offset, s.range.end.offset)]),
      [
        ['attr', 'a', '.a'],
        ['index', false, '[0]'],
        ['index', true, '.1'],
        ['splat', true, '.*'],
        ['attr', 'b', '.b'],
        ['splat', false, '[*]'],
      ],
    );
    const legacy = expr.steps[2]!;
    assert.ok(legacy.kind === 'index' && legacy.key.kind === 'literal' && legacy.key.value === 1, 'the legacy key is a number literal');
  });

  test('a folded negative number spans the minus sign', () => {
    const { expr, file } = parseExpr('[-1, - 2]');
    assert.ok(expr.kind === 'tuple');
    assert.deepEqual(
      expr.items.map((e) => [e.kind, textAt(file, e)]),
      [
        ['literal', '-1'],
        ['literal', '- 2'],
      ],
    );
  });

  test('for-expression fields', () => {
    const { expr } = parseExpr('{for k, v in m : upper(k) => v... if v != null}');
    assert.ok(expr.kind === 'for');
    assert.equal(expr.keyVar, 'k');
    assert.equal(expr.valueVar, 'v');
    assert.equal(sketch(expr.collection), 'm');
    assert.equal(sketch(expr.keyExpr!), 'upper(k)');
    assert.equal(sketch(expr.valueExpr), 'v');
    assert.equal(sketch(expr.condition!), '(v != null)');
    assert.equal(expr.grouping, true);
  });

  test('sub-expression ranges cover their operands exactly', () => {
    const { expr, file } = parseExpr('a.b ? f(x) : [1] == c');
    assert.ok(expr.kind === 'conditional');
    assert.deepEqual(
      [expr.condition, expr.trueResult, expr.falseResult].map((e) => textAt(file, e)),
      ['a.b', 'f(x)', '[1] == c'],
    );
  });
});
