// Turns the flat sequence of a template's pieces (literals, interpolations, directive markers) into
// TemplateParts, applying hclsyntax's rules in its order: strip markers trim neighbouring literals as the
// pieces are read (done by the parser), then `<<-` heredocs lose their common indentation, then adjacent
// literals merge, then `%{if}`/`%{for}` directives nest.
import type { Expression, Range, TemplatePart } from '../../../../rules/api';
import { trimSpaceStart } from './space';

/** Directive nesting beyond this is reported instead of recursed into. */
const MAX_DIRECTIVE_NESTING = 100;

export type TemplatePiece =
  | { kind: 'literal'; value: string; range: Range }
  | { kind: 'interpolation'; expr: Expression; range: Range }
  | { kind: 'if'; condition: Expression; range: Range }
  | { kind: 'else'; range: Range }
  | { kind: 'endif'; range: Range }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Expression; range: Range }
  | { kind: 'endfor'; range: Range };

export interface DirectiveError {
  readonly range: Range;
  readonly message: string;
}

/** hclsyntax's flush-heredoc rule: remove the smallest indentation found at the start of any line. */
export function flushHeredoc(pieces: TemplatePiece[]): void {
  let minSpaces = Number.MAX_SAFE_INTEGER;
  let atLineStart = true;
  const lineStarts: { piece: { value: string }; spaces: number }[] = [];
  for (const piece of pieces) {
    if (atLineStart) {
      atLineStart = false;
      if (piece.kind === 'literal') {
        const spaceText = piece.value.slice(0, piece.value.length - trimSpaceStart(piece.value).length);
        const blankLine = spaceText.length === piece.value.length && piece.value.endsWith('\n');
        if (!blankLine) {
          const spaces = countCharacters(spaceText);
          lineStarts.push({ piece, spaces });
          minSpaces = Math.min(minSpaces, spaces);
        }
      } else {
        minSpaces = 0;
      }
    }
    if (piece.kind === 'literal' && piece.value.endsWith('\n')) atLineStart = true;
  }
  if (minSpaces === Number.MAX_SAFE_INTEGER || minSpaces === 0) return;
  for (const { piece } of lineStarts) piece.value = dropCharacters(piece.value, minSpaces);
}

/** flushHeredoc for a heredoc that is one literal: the same rule applied to its lines. */
export function removeCommonIndent(value: string): string {
  const lines = value.split(/(?<=\n)/);
  let minSpaces = Number.MAX_SAFE_INTEGER;
  const counted: number[] = [];
  for (const line of lines) {
    const spaceText = line.slice(0, line.length - trimSpaceStart(line).length);
    const blankLine = spaceText.length === line.length && line.endsWith('\n');
    counted.push(blankLine ? -1 : countCharacters(spaceText));
    if (!blankLine) minSpaces = Math.min(minSpaces, counted[counted.length - 1]!);
  }
  if (minSpaces === Number.MAX_SAFE_INTEGER || minSpaces === 0) return value;
  return lines.map((line, i) => (counted[i]! < 0 ? line : dropCharacters(line, minSpaces))).join('');
}

function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function dropCharacters(text: string, count: number): string {
  let index = 0;
  for (let i = 0; i < count && index < text.length; i++) index += text.codePointAt(index)! > 0xffff ? 2 : 1;
  return text.slice(index);
}

/** Makes a range spanning two others; the parser's own, so ranges stay lazy. */
export type SpanRanges = (from: Range, to: Range) => Range;

function mergeLiterals(pieces: readonly TemplatePiece[], span: SpanRanges): TemplatePiece[] {
  const merged: TemplatePiece[] = [];
  for (const piece of pieces) {
    const previous = merged[merged.length - 1];
    if (piece.kind === 'literal' && previous?.kind === 'literal') {
      merged[merged.length - 1] = {
        kind: 'literal',
        value: previous.value + piece.value,
        range: span(previous.range, piece.range),
      };
    } else {
      merged.push(piece);
    }
  }
  return merged;
}

export function buildTemplateParts(pieces: readonly TemplatePiece[], errors: DirectiveError[], span: SpanRanges): TemplatePart[] {
  const merged = mergeLiterals(pieces, span);
  let index = 0;
  let depth = 0;

  const sequence = (stopAt: ReadonlySet<TemplatePiece['kind']>): TemplatePart[] => {
    const parts: TemplatePart[] = [];
    while (index < merged.length) {
      const piece = merged[index]!;
      if (stopAt.has(piece.kind)) return parts;
      index++;
      switch (piece.kind) {
        case 'literal':
          parts.push({ kind: 'text', value: piece.value, range: piece.range });
          break;
        case 'interpolation':
          parts.push({ kind: 'interpolation', expr: piece.expr, range: piece.range });
          break;
        case 'if':
        case 'for':
          if (depth >= MAX_DIRECTIVE_NESTING) {
            errors.push({ range: piece.range, message: `Template directives are nested too deeply here (more than ${MAX_DIRECTIVE_NESTING} levels).` });
            return parts;
          }
          depth++;
          parts.push(piece.kind === 'if' ? ifDirective(piece) : forDirective(piece));
          depth--;
          break;
        default:
          errors.push({ range: piece.range, message: `Unexpected "${piece.kind}" directive: it has no matching opening directive.` });
      }
    }
    return parts;
  };

  const ifDirective = (open: Extract<TemplatePiece, { kind: 'if' }>): TemplatePart => {
    const then = sequence(new Set(['else', 'endif', 'endfor']));
    let elseParts: TemplatePart[] | undefined;
    let end = merged[index];
    if (end?.kind === 'else') {
      index++;
      elseParts = sequence(new Set(['else', 'endif', 'endfor']));
      end = merged[index];
    }
    if (end?.kind === 'endif') index++;
    else errors.push({ range: open.range, message: 'This "if" directive has no matching "endif".' });
    // Without an "endif" the directive still spans what it took in.
    const range = span(open.range, merged[index - 1]!.range);
    const part: { kind: 'if'; condition: Expression; then: TemplatePart[]; else?: TemplatePart[]; range: Range } = {
      kind: 'if',
      condition: open.condition,
      then,
      range,
    };
    if (elseParts) part.else = elseParts;
    return part;
  };

  const forDirective = (open: Extract<TemplatePiece, { kind: 'for' }>): TemplatePart => {
    const body = sequence(new Set(['endfor', 'else', 'endif']));
    const end = merged[index];
    if (end?.kind === 'endfor') index++;
    else errors.push({ range: open.range, message: 'This "for" directive has no matching "endfor".' });
    const range = span(open.range, merged[index - 1]!.range);
    const part: {
      kind: 'for';
      keyVar?: string;
      valueVar: string;
      collection: Expression;
      body: TemplatePart[];
      range: Range;
    } = { kind: 'for', valueVar: open.valueVar, collection: open.collection, body, range };
    if (open.keyVar !== undefined) part.keyVar = open.keyVar;
    return part;
  };

  const parts = sequence(new Set());
  return parts;
}
