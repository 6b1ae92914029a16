// JSON documents written in Terraform: `jsonencode({...})`, a heredoc or quoted JSON string, or either one
// through a local. Reads the document as a value (parts may be UNKNOWN) and finds where a member is written,
// so a finding can underline one field instead of a whole policy.
import type { Block, Expression, Module, Position, Range, RuleContext, Value } from '../api';
import { localExpression } from './locals';

/** The document an expression holds, or undefined when it is not known or not valid JSON (never a guess). */
export function jsonDocument(expr: Expression, within: Block | undefined, module: Module, ctx: RuleContext<string>, depth = 0): Value | undefined {
  const target = unwrap(expr);
  if (target.kind === 'call' && target.name === 'jsonencode' && target.args.length === 1) {
    // The argument itself, so an unknown leaf does not hide the rest of the document.
    const value = ctx.valueOf(target.args[0], within);
    return value.known ? value.value : undefined;
  }
  const local = localExpression(target, module);
  if (local && depth < 8) return jsonDocument(local, undefined, module, ctx, depth + 1);
  const value = ctx.valueOf(target, within);
  return value.known && typeof value.value === 'string' ? parseJson(value.value) : undefined;
}

export function parseJson(text: string): Value | undefined {
  try {
    return JSON.parse(text) as Value;
  } catch {
    return undefined;
  }
}

/**
 * Where a member of a document is written: `["rules", 0, "selection", "countType"]` inside `jsonencode(...)`
 * gives that value's expression. Undefined when the structure is built some other way (a function call,
 * a for expression, a JSON string).
 */
export function locateMember(expr: Expression, path: readonly (string | number)[], module: Module, depth = 0): Expression | undefined {
  const target = unwrap(expr);
  if (depth > 32) return undefined;
  if (target.kind === 'call' && target.name === 'jsonencode' && target.args.length === 1) return locateMember(target.args[0]!, path, module, depth + 1);
  const local = localExpression(target, module);
  if (local) return locateMember(local, path, module, depth + 1);
  if (path.length === 0) return target;
  const [step, ...rest] = path;
  if (typeof step === 'number' && target.kind === 'tuple') {
    const item = target.items[step];
    return item ? locateMember(item, rest, module, depth + 1) : undefined;
  }
  if (typeof step === 'string' && target.kind === 'object') {
    const item = target.items.find((i) => i.key.kind === 'literal' && i.key.value === step);
    return item ? locateMember(item.value, rest, module, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * Where the `occurrence`-th value of `"key"` is written inside a JSON string literal (a heredoc, typically),
 * provided the key appears exactly `expected` times; otherwise undefined.
 */
export function locateJsonValue(expr: Expression, key: string, occurrence: number, expected: number, module: Module): Range | undefined {
  if (expr.kind !== 'literal' || typeof expr.value !== 'string') return undefined;
  const file = module.file(expr.file);
  if (!file) return undefined;
  const source = file.text.slice(expr.range.start.offset, expr.range.end.offset);
  const pattern = new RegExp(`"${key.replace(/[^\w]/g, '\\$&')}"\\s*:\\s*("(?:[^"\\\\\\n]|\\\\.)*"|-?[\\d.eE+-]+|true|false|null)`, 'g');
  const matches = [...source.matchAll(pattern)];
  if (matches.length !== expected) return undefined;
  const match = matches[occurrence];
  if (!match || match.index === undefined) return undefined;
  const start = expr.range.start.offset + match.index + match[0].length - match[1]!.length;
  return { start: positionAt(file.text, start), end: positionAt(file.text, start + match[1]!.length) };
}

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

function unwrap(expr: Expression): Expression {
  let target = expr;
  while (target.kind === 'parens') target = target.expr;
  return target;
}
