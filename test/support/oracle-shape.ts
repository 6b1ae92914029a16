// Renders our syntax tree in the JSON shape @cdktf/hcl2json (HashiCorp's HCL library) produces, so the
// two parsers can be compared: block types, labels, attribute names, nesting, block order, literal values,
// and the source text of every non-literal expression.
import type { Body, Expression, SourceFile, TemplatePart } from '../../rules/api';

export type OracleJson = null | boolean | number | string | OracleJson[] | { [key: string]: OracleJson };

/** Literal text as hcl2json prints it: template sequences escaped again. */
function escapeTemplateText(value: string): string {
  return value.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

export function oracleShape(file: SourceFile): OracleJson {
  return bodyShape(file.body, file.text);
}

function bodyShape(body: Body, text: string): { [key: string]: OracleJson } {
  const out: { [key: string]: OracleJson } = {};
  for (const attribute of body.attributes) out[attribute.name] = expressionShape(attribute.expr, text);
  for (const block of body.blocks) {
    let container = out;
    const path = [block.type, ...block.labels];
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      const next = container[key];
      if (next === undefined || typeof next !== 'object' || next === null || Array.isArray(next)) container[key] = {};
      container = container[key] as { [key: string]: OracleJson };
    }
    const last = path[path.length - 1]!;
    const list = (Array.isArray(container[last]) ? container[last] : (container[last] = [])) as OracleJson[];
    list.push(bodyShape(block.body, text));
  }
  return out;
}

function source(expr: { range: { start: { offset: number }; end: { offset: number } } }, text: string): string {
  return text.slice(expr.range.start.offset, expr.range.end.offset);
}

function expressionShape(expr: Expression, text: string): OracleJson {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? escapeTemplateText(expr.value) : expr.value;
    case 'tuple':
      return expr.items.map((item) => expressionShape(item, text));
    case 'object': {
      const out: { [key: string]: OracleJson } = {};
      for (const item of expr.items) out[objectKey(item.key, text)] = expressionShape(item.value, text);
      return out;
    }
    case 'template':
      // A template that is one interpolation is just that expression (hclsyntax's TemplateWrapExpr).
      if (expr.parts.length === 1 && expr.parts[0]!.kind === 'interpolation') {
        // hcl2json prints a wrapped string or template by its rendering, anything else by its source.
        const inner = expr.parts[0]!.expr;
        if (inner.kind === 'literal' && typeof inner.value === 'string') return escapeTemplateText(inner.value);
        if (inner.kind === 'template') return expressionShape(inner, text);
        return '${' + source(inner, text) + '}';
      }
      return renderTemplate(expr.parts, text);
    default:
      return '${' + source(expr, text) + '}';
  }
}

function objectKey(key: Expression, text: string): string {
  if (key.kind === 'literal') return String(key.value);
  if (key.kind === 'template') return renderTemplate(key.parts, text);
  if (key.kind === 'traversal' || key.kind === 'variable') return source(key, text);
  return '${' + source(key, text) + '}';
}

function renderTemplate(parts: readonly TemplatePart[], text: string): string {
  let out = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        out += escapeTemplateText(part.value);
        break;
      case 'interpolation':
        out += renderInterpolation(part.expr, text);
        break;
      case 'if':
        out += '%{if ' + source(part.condition, text) + '}' + renderTemplate(part.then, text);
        if (part.else) out += '%{else}' + renderTemplate(part.else, text);
        out += '%{endif}';
        break;
      case 'for':
        out +=
          '%{for ' +
          (part.keyVar !== undefined ? `${part.keyVar}, ` : '') +
          part.valueVar +
          ' in ' +
          source(part.collection, text) +
          '}' +
          renderTemplate(part.body, text) +
          '%{endfor}';
        break;
    }
  }
  return out;
}

/**
 * hcl2json inlines an interpolated literal or template (`"a${"b"}c"` is `abc`, `"${1}"` is `1`), and prints
 * a conditional inside an interpolation as an `%{if}` directive, with its branches inlined.
 */
function renderInterpolation(expr: Expression, text: string): string {
  if (expr.kind === 'literal' && !source(expr, text).startsWith('-')) return literalText(expr.value, source(expr, text));
  if (expr.kind === 'template') return renderTemplate(expr.parts, text);
  if (expr.kind !== 'conditional') return '${' + source(expr, text) + '}';
  const branch = (e: Expression): string =>
    e.kind === 'literal' && typeof e.value === 'string'
      ? escapeTemplateText(e.value)
      : e.kind === 'template'
        ? renderTemplate(e.parts, text)
        : renderInterpolation(e, text);
  return `%{if ${source(expr.condition, text)}}${branch(expr.trueResult)}%{else}${branch(expr.falseResult)}%{endif}`;
}

/** A literal as HCL converts it to a string (`-1` is a negation in HCL, so it is never inlined). */
function literalText(value: string | number | boolean | null, raw: string): string {
  if (typeof value === 'string') return escapeTemplateText(value);
  if (typeof value === 'number') return /^\d+$/.test(raw) ? raw : String(value);
  return String(value);
}

export interface ShapeDifference {
  readonly path: string;
  readonly ours: string;
  readonly oracle: string;
}

/** The first differences between two shapes (at most `limit`). Numbers compare with a relative tolerance. */
export function compareShapes(ours: OracleJson, oracle: OracleJson, limit = 5): ShapeDifference[] {
  const differences: ShapeDifference[] = [];
  const show = (v: OracleJson | undefined): string => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 200));
  const walk = (a: OracleJson | undefined, b: OracleJson | undefined, path: string): void => {
    if (differences.length >= limit) return;
    if (typeof a === 'number' && typeof b === 'number') {
      if (a === b || Math.abs(a - b) <= Math.abs(b) * 1e-12) return;
    } else if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
      if (a === b) return;
    } else if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) {
        differences.push({ path: `${path} (length)`, ours: String(a.length), oracle: String(b.length) });
        return;
      }
      a.forEach((item, i) => walk(item, b[i], `${path}[${i}]`));
      return;
    } else if (!Array.isArray(a) && !Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of [...keys].sort()) walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    differences.push({ path, ours: show(a), oracle: show(b) });
  };
  walk(ours, oracle, '');
  return differences;
}
