// Structural checks every parse result must pass, whatever the input: ranges well-formed and consistent
// with the text, children inside their parents, parent links right. Used by the fuzz and stress tests.
import type { Block, Body, Expression, Range, SourceFile, TemplatePart } from '../../rules/api';

/** Line starts computed independently of the parser's LineMap. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export interface TreeCheckOptions {
  /** Stop after this many problems (default 10). */
  readonly limit?: number;
}

/** Problems found in the tree, as readable sentences; empty when the tree is well-formed. */
export function treeProblems(file: SourceFile, options: TreeCheckOptions = {}): string[] {
  const limit = options.limit ?? 10;
  const text = file.text;
  const starts = lineStarts(text);
  const problems: string[] = [];
  const problem = (message: string): void => {
    if (problems.length < limit) problems.push(message);
  };
  const show = (r: Range): string => `${r.start.line}:${r.start.column}(@${r.start.offset})-${r.end.line}:${r.end.column}(@${r.end.offset})`;

  const checkPosition = (what: string, p: Range['start']): boolean => {
    if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset > text.length) {
      problem(`${what}: offset ${p.offset} outside the text (length ${text.length})`);
      return false;
    }
    const line = p.line;
    const lineStart = starts[line - 1];
    if (lineStart === undefined || lineStart > p.offset || (line < starts.length && starts[line]! <= p.offset)) {
      problem(`${what}: offset ${p.offset} is not on line ${line}`);
      return false;
    }
    if (p.column !== p.offset - lineStart + 1) {
      problem(`${what}: column ${p.column} at offset ${p.offset} should be ${p.offset - lineStart + 1}`);
      return false;
    }
    return true;
  };

  const checkRange = (what: string, r: Range | undefined, within?: Range): void => {
    if (r === undefined) {
      problem(`${what}: missing range`);
      return;
    }
    if (!checkPosition(`${what} start`, r.start) || !checkPosition(`${what} end`, r.end)) return;
    if (r.start.offset > r.end.offset) problem(`${what}: starts after it ends, ${show(r)}`);
    if (within && (r.start.offset < within.start.offset || r.end.offset > within.end.offset)) {
      problem(`${what}: ${show(r)} lies outside its parent ${show(within)}`);
    }
  };

  // Explicit work lists rather than recursion: stress inputs build deep trees.
  const expressions: { what: string; expr: Expression; within: Range }[] = [];
  const parts: { what: string; part: TemplatePart; within: Range }[] = [];

  const checkBody = (what: string, body: Body, within: Range, owner: Block | undefined): void => {
    checkRange(`${what} body`, body.range, within);
    if (body.openBrace) checkRange(`${what} openBrace`, body.openBrace, body.range);
    if (body.closeBrace) checkRange(`${what} closeBrace`, body.closeBrace, body.range);
    if (body.attributes.length + body.blocks.length !== body.items.length) problem(`${what}: attributes + blocks != items`);
    if (!/^[ \t]*$/.test(body.indent)) problem(`${what}: indent ${JSON.stringify(body.indent)} is not whitespace`);
    let previous: Range | undefined;
    for (const [index, item] of body.items.entries()) {
      const itemWhat = `${what} > ${item.node === 'block' ? item.type : item.name}#${index}`;
      // JSON syntax offers an object-valued member both as an argument and as a block, with one range.
      const twin = file.format === 'json' && previous?.start.offset === item.range.start.offset;
      if (previous && item.range.start.offset < previous.end.offset && !twin) problem(`${itemWhat}: overlaps the item before it`);
      previous = item.range;
      checkRange(itemWhat, item.range, body.range);
      if (item.node === 'attribute') {
        checkRange(`${itemWhat} name`, item.nameRange, item.range);
        expressions.push({ what: `${itemWhat} =`, expr: item.expr, within: item.range });
      } else {
        if (item.parent !== owner) problem(`${itemWhat}: parent is ${item.parent?.type ?? 'none'}, expected ${owner?.type ?? 'none'}`);
        if (item.labels.length !== item.labelRanges.length) problem(`${itemWhat}: ${item.labels.length} labels, ${item.labelRanges.length} ranges`);
        checkRange(`${itemWhat} type`, item.typeRange, item.headerRange);
        for (const r of item.labelRanges) checkRange(`${itemWhat} label`, r, item.headerRange);
        checkRange(`${itemWhat} header`, item.headerRange, item.range);
        checkBody(itemWhat, item.body, item.range, item);
      }
    }
  };

  checkBody('file', file.body, { start: { line: 1, column: 1, offset: 0 }, end: endPosition(text, starts) }, undefined);

  while (expressions.length > 0 || parts.length > 0) {
    if (problems.length >= limit) break;
    const nextPart = parts.pop();
    if (nextPart) {
      const { what, part, within } = nextPart;
      checkRange(what, part.range, within);
      const inner = `${what} ${part.kind}`;
      switch (part.kind) {
        case 'interpolation':
          expressions.push({ what: inner, expr: part.expr, within: part.range });
          break;
        case 'if':
          expressions.push({ what: inner, expr: part.condition, within: part.range });
          for (const p of [...part.then, ...(part.else ?? [])]) parts.push({ what: inner, part: p, within: part.range });
          break;
        case 'for':
          expressions.push({ what: inner, expr: part.collection, within: part.range });
          for (const p of part.body) parts.push({ what: inner, part: p, within: part.range });
          break;
        default:
          break;
      }
      continue;
    }
    const { what, expr, within } = expressions.pop()!;
    checkRange(`${what} ${expr.kind}`, expr.range, within);
    const inner = `${what} ${expr.kind}`;
    const sub = (e: Expression): void => {
      expressions.push({ what: inner, expr: e, within: expr.range });
    };
    switch (expr.kind) {
      case 'template':
        for (const p of expr.parts) parts.push({ what: inner, part: p, within: expr.range });
        break;
      case 'traversal':
        sub(expr.source);
        for (const step of expr.steps) {
          checkRange(`${inner} step`, step.range, expr.range);
          if (step.kind === 'index') expressions.push({ what: `${inner} index`, expr: step.key, within: step.range });
        }
        break;
      case 'call':
        checkRange(`${inner} name`, expr.nameRange, expr.range);
        expr.args.forEach(sub);
        break;
      case 'tuple':
        expr.items.forEach(sub);
        break;
      case 'object':
        for (const item of expr.items) {
          checkRange(`${inner} item`, item.range, expr.range);
          expressions.push({ what: `${inner} key`, expr: item.key, within: item.range });
          expressions.push({ what: `${inner} value`, expr: item.value, within: item.range });
        }
        break;
      case 'conditional':
        [expr.condition, expr.trueResult, expr.falseResult].forEach(sub);
        break;
      case 'binary':
        sub(expr.left);
        sub(expr.right);
        break;
      case 'unary':
        sub(expr.operand);
        break;
      case 'for':
        sub(expr.collection);
        if (expr.keyExpr) sub(expr.keyExpr);
        sub(expr.valueExpr);
        if (expr.condition) sub(expr.condition);
        break;
      case 'parens':
        sub(expr.expr);
        break;
      default:
        break;
    }
  }

  for (const comment of file.comments) {
    checkRange('comment', comment.range);
    if (problems.length < limit && text.slice(comment.range.start.offset, comment.range.end.offset) !== comment.text) {
      problem(`comment at ${show(comment.range)}: text does not match its range`);
    }
  }
  for (const error of file.errors) {
    checkRange(`error "${error.message}"`, error.range);
    if (!error.message.trim()) problem(`error at ${show(error.range)} has no message`);
  }
  return problems;
}

function endPosition(text: string, starts: number[]): Range['end'] {
  const lineStart = starts[starts.length - 1]!;
  return { line: starts.length, column: text.length - lineStart + 1, offset: text.length };
}
