// Compact, unambiguous renderings of syntax trees, so parser tests can state the expected structure in
// one readable line: `a - b - c` parses to `((a - b) - c)`, `"x${y}"` to `tmpl("x", ${y})`.
import type { Body, Expression, SourceFile, TemplatePart, TraversalStep } from '../../rules/api';
import { parseHcl } from '../../server/src/core/parse';

/**
 * - literals: JSON (`1`, `"s"`, `true`, `null`); variables: their name
 * - traversals: `a.b[0][*].*` with legacy steps marked: `a.0` is `a.<0>`, `a.*` is `a.<*>`
 * - calls: `f(a, b...)`; tuples `[a, b]`; objects `{k = v, "q" = v, (e) = v}`
 * - operators fully parenthesised: `(a + b)`, `(!a)`, `(c ? t : f)`; source parentheses: `paren(x)`
 * - for: `[for k, v in c : v if x]`, `{for v in c : k => v... if x}`
 * - templates: `tmpl("text", ${expr}, %if(c){...}else{...}, %for(k, v in c){...})`, heredocs `heredoc-EOT(...)`
 * - invalid: `<invalid>`
 */
export function sketch(expr: Expression): string {
  switch (expr.kind) {
    case 'literal':
      return JSON.stringify(expr.value);
    case 'variable':
      return expr.name;
    case 'traversal':
      return sketch(expr.source) + expr.steps.map(sketchStep).join('');
    case 'call':
      return `${expr.name}(${expr.args.map(sketch).join(', ')}${expr.expandFinal ? '...' : ''})`;
    case 'tuple':
      return `[${expr.items.map(sketch).join(', ')}]`;
    case 'object':
      return `{${expr.items.map((item) => `${sketchKey(item.key)} = ${sketch(item.value)}`).join(', ')}}`;
    case 'conditional':
      return `(${sketch(expr.condition)} ? ${sketch(expr.trueResult)} : ${sketch(expr.falseResult)})`;
    case 'binary':
      return `(${sketch(expr.left)} ${expr.op} ${sketch(expr.right)})`;
    case 'unary':
      return `(${expr.op}${sketch(expr.operand)})`;
    case 'parens':
      return `paren(${sketch(expr.expr)})`;
    case 'for': {
      const vars = expr.keyVar !== undefined ? `${expr.keyVar}, ${expr.valueVar}` : expr.valueVar;
      const result = expr.keyExpr ? `${sketch(expr.keyExpr)} => ${sketch(expr.valueExpr)}` : sketch(expr.valueExpr);
      const tail = `${expr.grouping ? '...' : ''}${expr.condition ? ` if ${sketch(expr.condition)}` : ''}`;
      const inner = `for ${vars} in ${sketch(expr.collection)} : ${result}${tail}`;
      return expr.keyExpr ? `{${inner}}` : `[${inner}]`;
    }
    case 'template': {
      const head = expr.heredoc ? `heredoc${expr.heredoc.indented ? '-' : ''}${expr.heredoc.marker}` : 'tmpl';
      return `${head}(${sketchParts(expr.parts)})`;
    }
    case 'invalid':
      return '<invalid>';
  }
}

function sketchKey(key: Expression): string {
  // A bare key is a string literal; show it bare so that `{a = 1}` reads as written.
  if (key.kind === 'literal' && typeof key.value === 'string' && /^[A-Za-z_][\w-]*$/.test(key.value)) return key.value;
  if (key.kind === 'parens') return sketch(key);
  return sketch(key);
}

function sketchStep(step: TraversalStep): string {
  switch (step.kind) {
    case 'attr':
      return `.${step.name}`;
    case 'index':
      return step.legacy ? `.<${sketch(step.key)}>` : `[${sketch(step.key)}]`;
    case 'splat':
      return step.legacy ? '.<*>' : '[*]';
  }
}

export function sketchParts(parts: readonly TemplatePart[]): string {
  return parts.map(sketchPart).join(', ');
}

function sketchPart(part: TemplatePart): string {
  switch (part.kind) {
    case 'text':
      return JSON.stringify(part.value);
    case 'interpolation':
      return `\${${sketch(part.expr)}}`;
    case 'if':
      return `%if(${sketch(part.condition)}){${sketchParts(part.then)}}${part.else ? `else{${sketchParts(part.else)}}` : ''}`;
    case 'for': {
      const vars = part.keyVar !== undefined ? `${part.keyVar}, ${part.valueVar}` : part.valueVar;
      return `%for(${vars} in ${sketch(part.collection)}){${sketchParts(part.body)}}`;
    }
  }
}

/** Parses `a = <source>` and returns the attribute's expression, failing on any parse error. */
export function parseExpr(source: string): { expr: Expression; file: SourceFile } {
  const file = parseHcl('/test/expr.tf', `a = ${source}\n`);
  if (file.errors.length > 0) {
    throw new Error(`unexpected errors for ${JSON.stringify(source)}: ${file.errors.map((e) => e.message).join(' | ')}`);
  }
  const attribute = file.body.attributes[0];
  if (!attribute || file.body.items.length !== 1) throw new Error(`expected one attribute for ${JSON.stringify(source)}`);
  return { expr: attribute.expr, file };
}

/** The source text a range covers. */
export function textAt(file: SourceFile, node: { readonly range: { start: { offset: number }; end: { offset: number } } }): string {
  return file.text.slice(node.range.start.offset, node.range.end.offset);
}

/**
 * A body as a compact outline, one string per item: `name=<sketch>` for attributes and
 * `type "label" {items; ...}` for blocks, with `!` after the header of a damaged block.
 */
export function outline(body: Body): string[] {
  return body.items.map((item) =>
    item.node === 'attribute'
      ? `${item.name}=${sketch(item.expr)}`
      : `${[item.type, ...item.labels.map((l) => JSON.stringify(l))].join(' ')}${item.damaged ? '!' : ''} {${outline(item.body).join('; ')}}`,
  );
}
