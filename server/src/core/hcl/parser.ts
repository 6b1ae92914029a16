// Recursive-descent parser for HCL native syntax. It follows hclsyntax's grammar, precedence and
// diagnostics, with two changes for an editor: each body item gets a fresh chance to report its own errors,
// and an optional indentation-guided mode (see Boundaries) stops an unclosed bracket or brace from
// swallowing the rest of the file.
import type {
  Attribute,
  BinaryOperator,
  Block,
  Body,
  Expression,
  ObjectItem,
  ParseErrorKind,
  Range,
  TemplatePart,
  TraversalExpr,
  TraversalStep,
  VariableExpr,
} from '../../../../rules/api';
import type { LexResult, TokenStream } from './lexer';
import type { LineMap, SourceRange } from './line-map';
import { adoptChildren, makeAttribute, makeBody, type MutableBlock } from './nodes';
import { normalizeLiteral, unescapeLiteral } from './string-literal';
import { trimSpaceEnd, trimSpaceStart } from './space';
import { buildTemplateParts, flushHeredoc, removeCommonIndent, type TemplatePiece } from './template-builder';
import { describeToken, Tok, TokFlag } from './tokens';

export interface RawError {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly kind?: ParseErrorKind;
}

export interface ParseOutput {
  readonly body: Body;
  readonly errors: RawError[];
}

/** Deeper nesting than this is reported rather than recursed into, so the stack never overflows. */
export const MAX_NESTING = 200;
/** The reference roots of an argument that has none (most: literals), shared. */
const NO_ROOTS: readonly (VariableExpr | TraversalExpr)[] = Object.freeze([]);
/** Tokens that end an expression outright: after a plain value, nothing more can belong to it. */
const ENDS_SIMPLE_EXPRESSION: { readonly [K in Tok]?: true } = {
  [Tok.Newline]: true,
  [Tok.EOF]: true,
  [Tok.Comma]: true,
  [Tok.CBrack]: true,
  [Tok.CBrace]: true,
  [Tok.CParen]: true,
  [Tok.Colon]: true,
  [Tok.Equal]: true,
  [Tok.FatArrow]: true,
  [Tok.Ellipsis]: true,
  [Tok.TemplateSeqEnd]: true,
};

const SPACES = Array.from({ length: 33 }, (_, n) => ' '.repeat(n));

/** Operators in one flat chain (`a + b + c ...`); longer chains would make left-deep trees too deep to walk. */
const MAX_CHAIN = 1000;

const BINARY_LEVEL: { readonly [K in Tok]?: number } = {
  [Tok.Or]: 1,
  [Tok.And]: 2,
  [Tok.EqualOp]: 3,
  [Tok.NotEqual]: 3,
  [Tok.GreaterThan]: 4,
  [Tok.GreaterThanEq]: 4,
  [Tok.LessThan]: 4,
  [Tok.LessThanEq]: 4,
  [Tok.Plus]: 5,
  [Tok.Minus]: 5,
  [Tok.Star]: 6,
  [Tok.Slash]: 6,
  [Tok.Percent]: 6,
};

const BINARY_OPERATOR: { readonly [K in Tok]?: BinaryOperator } = {
  [Tok.Or]: '||',
  [Tok.And]: '&&',
  [Tok.EqualOp]: '==',
  [Tok.NotEqual]: '!=',
  [Tok.GreaterThan]: '>',
  [Tok.GreaterThanEq]: '>=',
  [Tok.LessThan]: '<',
  [Tok.LessThanEq]: '<=',
  [Tok.Plus]: '+',
  [Tok.Minus]: '-',
  [Tok.Star]: '*',
  [Tok.Slash]: '/',
  [Tok.Percent]: '%',
};

const OPENER_OF: { readonly [K in Tok]?: Tok } = {
  [Tok.CBrace]: Tok.OBrace,
  [Tok.CBrack]: Tok.OBrack,
  [Tok.CParen]: Tok.OParen,
  [Tok.CQuote]: Tok.OQuote,
  [Tok.CHeredoc]: Tok.OHeredoc,
  [Tok.TemplateSeqEnd]: Tok.TemplateInterp,
};

/** Every range in a tree this parser builds is a SourceRange, so offsets are read without computing positions. */
function rangeStart(range: Range): number {
  return (range as SourceRange).startOffset;
}

function rangeEnd(range: Range): number {
  return (range as SourceRange).endOffset;
}

export class Parser {
  private readonly tokens: TokenStream;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private pos = 0;
  private includeNewlines = true;
  private readonly newlineStack: boolean[] = [];
  /** hclsyntax's recovery flag: after an error, follow-on errors of the same item are not reported. */
  private recovery = false;
  /** Expressions being parsed inside one another. */
  private depth = 0;
  /** Blocks being parsed inside one another: counted apart, so an expression deep in blocks has its own allowance. */
  private blockDepth = 0;
  readonly errors: RawError[] = [];
  /**
   * Boundaries (second pass only): the indentation of the item being parsed. A later line that starts a new
   * item at that indentation or less ends every unclosed construct of the current item.
   */
  private limit = -1;
  private readonly limits: number[] = [];
  /** Where the lexer found problems (invalid characters, ...), sorted: they damage the blocks they lie in too. */
  private readonly lexErrorStarts: number[];
  /** While an argument's value is parsed: its reference roots so far (see `Attribute.referenceRoots`). */
  private roots: (VariableExpr | TraversalExpr)[] | undefined;
  private collectingRoots = false;
  /** Names bound by the `for` expressions and template `for` directives around the parse position. */
  private readonly forNames: string[] = [];
  /** How many names each open template `for` directive bound (they stay bound until its `endfor`). */
  private readonly directiveNames: number[] = [];

  constructor(
    private readonly text: string,
    lexed: LexResult,
    private readonly lines: LineMap,
    private readonly file: string,
    private readonly useBoundaries: boolean,
  ) {
    this.tokens = lexed.tokens;
    this.kinds = lexed.tokens.kinds;
    this.starts = lexed.tokens.starts;
    this.ends = lexed.tokens.ends;
    this.lexErrorStarts = lexed.errors.map((e) => e.start).sort((a, b) => a - b);
  }

  private lexErrorWithin(start: number, end: number): boolean {
    const starts = this.lexErrorStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < start) low = mid + 1;
      else high = mid;
    }
    return low < starts.length && starts[low]! < end;
  }

  /** Parses a text lexed in template mode as one template expression. */
  parseBareTemplate(): { expr: Expression; errors: RawError[] } {
    const pieces = this.templatePieces(Tok.EOF, -1, false);
    const expr = this.finishTemplate(pieces.pieces, 0, this.text.length, -1, false);
    return { expr, errors: this.errors };
  }

  parseFile(): ParseOutput {
    const items = this.parseBodyItems(Tok.EOF, undefined);
    const body = makeBody(items.items, this.lines.range(0, this.text.length), '');
    return { body, errors: this.errors };
  }

  // -------------------------------------------------------------------------------------------
  // Token access

  // These four run for every token. They are written to be cheap before the JIT has warmed up: the
  // common cases (no newline to skip, no boundary in force) return after one or two comparisons.

  private nextIndex(): number {
    let i = this.pos;
    if (this.includeNewlines) return i;
    const kinds = this.kinds;
    const last = this.tokens.count - 1;
    while (i < last && kinds[i] === Tok.Newline) i++;
    return i;
  }

  private atBoundary(i: number): boolean {
    if (this.limit < 0 || !(this.tokens.flags[i]! & TokFlag.FirstOnLine)) return false;
    const indent = this.tokens.indents[i]!;
    const kind = this.kinds[i]!;
    if (kind === Tok.CBrace) return indent < this.limit;
    if (kind !== Tok.Ident || indent > this.limit) return false;
    let next = i + 1;
    const following = this.kinds[next];
    if (following === Tok.Equal || following === Tok.OBrace || following === Tok.OQuote || following === Tok.String) return true;
    // `resource aws_instance web {` style headers with bare labels
    while (this.kinds[next] === Tok.Ident) next++;
    return next > i + 1 && this.kinds[next] === Tok.OBrace;
  }

  private peek(): Tok {
    const i = this.nextIndex();
    if (this.limit >= 0 && this.atBoundary(i)) return Tok.Boundary;
    return this.kinds[i] as Tok;
  }

  private peekIndex(): number {
    return this.nextIndex();
  }

  /** Consumes the next token and returns its index. EOF and boundaries are never consumed. */
  private read(): number {
    const i = this.nextIndex();
    if (this.kinds[i] === Tok.EOF || (this.limit >= 0 && this.atBoundary(i))) {
      this.pos = i;
      return i;
    }
    this.pos = i + 1;
    return i;
  }

  private kindAt(i: number): Tok {
    return this.limit >= 0 && this.atBoundary(i) ? Tok.Boundary : (this.kinds[i] as Tok);
  }

  private tokenText(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  private isKeyword(i: number, word: string): boolean {
    return this.kinds[i] === Tok.Ident && this.ends[i]! - this.starts[i]! === word.length && this.tokenText(i) === word;
  }

  /** End of a token returned by read() or recover(): EOF and boundaries are not consumed, so they end nothing. */
  private endOf(i: number): number {
    return this.pos > i ? this.ends[i]! : this.prevEnd();
  }

  /** End offset of the last consumed token. */
  private prevEnd(): number {
    return this.pos > 0 ? this.ends[this.pos - 1]! : 0;
  }

  private range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  private pushNewlines(include: boolean): void {
    this.newlineStack.push(this.includeNewlines);
    this.includeNewlines = include;
  }

  private popNewlines(): void {
    this.includeNewlines = this.newlineStack.pop() ?? true;
  }

  private pushLimit(indent: number): void {
    if (!this.useBoundaries) return;
    this.limits.push(this.limit);
    this.limit = indent;
  }

  private popLimit(): void {
    if (!this.useBoundaries) return;
    this.limit = this.limits.pop() ?? -1;
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ start, end, message });
  }

  /** Reports at a token, unless already recovering from an earlier error in the same item. */
  private errorAt(i: number, message: string): void {
    if (this.recovery) return;
    if (this.kinds[i] === Tok.Invalid) return; // the lexer already said what is wrong with that character
    this.error(this.starts[i]!, this.ends[i]!, message);
  }

  private found(i: number): string {
    const kind = this.kindAt(i);
    if (kind === Tok.Boundary) return 'the start of the next item before it was closed';
    return describeToken(kind, this.tokenText(i));
  }

  // -------------------------------------------------------------------------------------------
  // Recovery

  /** Skips to the matching `end` token and consumes it; stops without consuming at EOF or a boundary. */
  private recover(end: Tok): number {
    this.recovery = true;
    const start = OPENER_OF[end];
    let nest = 0;
    for (;;) {
      const i = this.read();
      let kind = this.kindAt(i);
      if (kind === Tok.EOF || kind === Tok.Boundary) return i;
      if (end === Tok.TemplateSeqEnd && kind === Tok.TemplateControl) kind = Tok.TemplateInterp;
      if (kind === start) nest++;
      else if (kind === end) {
        if (nest < 1) return i;
        nest--;
      }
    }
  }

  /** Skips past the opening token `start` and then to its matching closer. */
  private recoverOver(start: Tok): void {
    for (;;) {
      const i = this.read();
      const kind = this.kindAt(i);
      if (kind === Tok.EOF || kind === Tok.Boundary) return;
      if (kind === start) break;
    }
    const closer = start === Tok.OParen ? Tok.CParen : start === Tok.OBrack ? Tok.CBrack : Tok.CBrace;
    this.recover(closer);
  }

  /** Skips to the end of the current line, treating brackets as nested so that multi-line values are skipped whole. */
  private recoverAfterBodyItem(): void {
    this.recovery = true;
    const open: Tok[] = [];
    for (;;) {
      const i = this.read();
      const kind = this.kindAt(i);
      switch (kind) {
        case Tok.Newline:
          if (open.length === 0) return;
          break;
        case Tok.EOF:
        case Tok.Boundary:
          return;
        case Tok.OBrace:
        case Tok.OBrack:
        case Tok.OParen:
        case Tok.OQuote:
        case Tok.OHeredoc:
        case Tok.TemplateInterp:
        case Tok.TemplateControl:
          open.push(kind);
          break;
        case Tok.CBrace:
        case Tok.CBrack:
        case Tok.CParen:
        case Tok.CQuote:
        case Tok.CHeredoc: {
          const opener = OPENER_OF[kind];
          while (open.length > 0 && open[open.length - 1] !== opener) open.pop();
          open.pop();
          break;
        }
        case Tok.TemplateSeqEnd:
          while (open.length > 0 && open[open.length - 1] !== Tok.TemplateInterp && open[open.length - 1] !== Tok.TemplateControl) open.pop();
          open.pop();
          break;
        default:
          break;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Bodies

  /** The indentation before token `i`, which starts its line. Spaces-only indents share one string. */
  private lineIndent(i: number): string {
    const width = this.tokens.indents[i]!;
    const lineStart = this.starts[i]! - width;
    for (let c = lineStart; c < lineStart + width; c++) {
      if (this.text.charCodeAt(c) !== 32) return this.text.slice(lineStart, lineStart + width);
    }
    return width < SPACES.length ? SPACES[width]! : ' '.repeat(width);
  }

  private parseBodyItems(
    end: Tok.EOF | Tok.CBrace,
    parentIndent: string | undefined,
  ): { items: (Attribute | Block)[]; closeIndex: number | undefined; indent: string } {
    const items: (Attribute | Block)[] = [];
    const seen = new Map<string, Attribute>();
    let indent: string | undefined;
    let closeIndex: number | undefined;
    for (;;) {
      const i = this.peekIndex();
      const kind = this.kindAt(i);
      if (kind === end) {
        closeIndex = this.read();
        break;
      }
      if (kind === Tok.Newline) {
        this.read();
        continue;
      }
      if (kind === Tok.Ident) {
        this.recovery = false;
        indent ??= this.tokens.flags[i]! & TokFlag.FirstOnLine ? this.lineIndent(i) : undefined;
        const item = this.parseBodyItem();
        if (!item) continue;
        if (item.node === 'attribute') {
          const existing = seen.get(item.name);
          if (existing) {
            this.error(
              rangeStart(item.nameRange),
              rangeEnd(item.nameRange),
              `The argument "${item.name}" was already set at line ${existing.nameRange.start.line}. Each argument may be set only once.`,
            );
            continue;
          }
          seen.set(item.name, item);
        }
        items.push(item);
        continue;
      }
      if (kind === Tok.Boundary) break; // the enclosing block reports the missing brace
      this.recovery = false;
      const bad = this.read();
      if (kind === Tok.OQuote || kind === Tok.String) this.errorAt(bad, 'Argument names must not be quoted.');
      else if (kind === Tok.EOF) {
        // reported by the caller, which knows where the block began
      } else this.errorAt(bad, `An argument or block definition is required here, but found ${this.found(bad)}.`);
      if (kind === Tok.EOF) break;
      if (end === Tok.EOF) {
        this.pushLimit(this.tokens.indents[bad]!);
        this.recoverAfterBodyItem();
        this.popLimit();
      } else {
        const close = this.recover(end);
        if (this.kinds[close] === end && !this.atBoundary(close)) closeIndex = close;
        break;
      }
    }
    return { items, closeIndex, indent: indent ?? (parentIndent === undefined ? '' : parentIndent + '  ') };
  }

  private parseBodyItem(): Attribute | Block | undefined {
    const ident = this.read();
    // Whatever goes wrong in this item (even in a block header), the next item at its indentation ends it.
    this.pushLimit(this.tokens.indents[ident]!);
    try {
      return this.finishBodyItem(ident);
    } finally {
      this.popLimit();
    }
  }

  private finishBodyItem(ident: number): Attribute | Block | undefined {
    const next = this.peek();
    if (next === Tok.Equal) return this.finishAttribute(ident, false);
    if (next === Tok.OQuote || next === Tok.String || next === Tok.OBrace || next === Tok.Ident) return this.finishBlock(ident);
    this.errorAt(
      ident,
      next === Tok.Newline || next === Tok.EOF
        ? `"${this.tokenText(ident)}" needs "=" and a value to be an argument, or a "{" to be a block.`
        : `An argument or block definition is required here. To set an argument, use "=" to introduce its value (found ${this.found(this.peekIndex())}).`,
    );
    this.recoverAfterBodyItem();
    return undefined;
  }

  private finishAttribute(ident: number, singleLine: boolean): Attribute {
    this.read(); // =
    this.pushLimit(this.tokens.indents[ident]!);
    const before = this.errors.length;
    this.startRoots();
    const expr = this.parseExpression();
    const roots = this.takeRoots(this.errors.length === before);
    let end = this.prevEnd();
    if (this.recovery && this.errors.length > before) {
      end = Math.max(end, rangeEnd(expr.range));
      this.recoverAfterBodyItem();
    } else if (!singleLine) {
      const next = this.peekIndex();
      const kind = this.kindAt(next);
      if (kind !== Tok.Newline && kind !== Tok.EOF) {
        if (kind === Tok.Comma) this.errorAt(next, 'Arguments must be separated by new lines, not commas.');
        else if (kind !== Tok.Boundary) this.errorAt(next, `An argument definition must end with a new line, but found ${this.found(next)}.`);
        this.recoverAfterBodyItem();
      } else {
        this.read();
      }
    }
    this.popLimit();
    const nameStart = this.starts[ident]!;
    const nameRange = this.range(nameStart, this.ends[ident]!);
    return makeAttribute(this.tokenText(ident), nameRange, expr, this.range(nameStart, Math.max(end, rangeEnd(expr.range))), this.file, roots);
  }

  private startRoots(): void {
    this.collectingRoots = true;
    this.roots = undefined;
    // Left bound only by an error in the argument before (setting a length is slower than this test).
    if (this.forNames.length !== 0) this.forNames.length = 0;
    if (this.directiveNames.length !== 0) this.directiveNames.length = 0;
  }

  /** The roots of the value just parsed; undefined after an error, since recovery may drop what they point at. */
  private takeRoots(clean: boolean): readonly (VariableExpr | TraversalExpr)[] | undefined {
    const roots = this.roots;
    this.collectingRoots = false;
    this.roots = undefined;
    if (!clean) return undefined;
    return roots ? roots.slice() : NO_ROOTS; // a copy holds no spare capacity: an argument has a root or two, kept as long as the module
  }

  /** Records a bare name (or the traversal it starts) as a reference root, unless a `for` around it binds the name. */
  private noteRoot(root: VariableExpr | TraversalExpr, name: string): void {
    if (!this.collectingRoots || (this.forNames.length > 0 && this.forNames.includes(name))) return;
    (this.roots ??= []).push(root);
  }

  /** Binds a `for`'s names for the rest of its body; returns how many. */
  private bindForNames(keyVar: string | undefined, valueVar: string): number {
    if (keyVar !== undefined) this.forNames.push(keyVar);
    this.forNames.push(valueVar);
    return keyVar !== undefined ? 2 : 1;
  }

  private unbindForNames(count: number): void {
    for (let i = 0; i < count; i++) this.forNames.pop();
  }

  private finishBlock(ident: number): Block {
    const errorsBefore = this.errors.length;
    const type = this.tokenText(ident);
    const typeStart = this.starts[ident]!;
    const typeRange = this.range(typeStart, this.ends[ident]!);
    const labels: string[] = [];
    const labelRanges: Range[] = [];
    let openBrace: number;
    for (;;) {
      const i = this.peekIndex();
      const kind = this.kindAt(i);
      if (kind === Tok.OBrace) {
        openBrace = this.read();
        break;
      }
      if (kind === Tok.String) {
        this.read();
        labels.push(this.stringValue(i));
        labelRanges.push(this.range(this.starts[i]!, this.ends[i]!));
        continue;
      }
      if (kind === Tok.OQuote) {
        const label = this.parseQuotedLabel();
        labels.push(label.value);
        labelRanges.push(label.range);
        continue;
      }
      if (kind === Tok.Ident) {
        this.read();
        labels.push(this.tokenText(i));
        labelRanges.push(this.range(this.starts[i]!, this.ends[i]!));
        continue;
      }
      if (kind === Tok.Equal) this.errorAt(i, 'The equals sign "=" introduces an argument, and must not be used when defining a block.');
      else if (kind === Tok.Newline) {
        // `name "value"`: more likely an argument missing its "=" than a block missing its braces.
        const argument =
          labels.length === 1
            ? ` To set an argument instead, use "=": ${type} = ${this.text.slice(rangeStart(labelRanges[0]!), rangeEnd(labelRanges[0]!))}.`
            : '';
        this.errorAt(i, `The block's content must be enclosed in "{" and "}", starting on the same line as "${type}".${argument}`);
      } else this.errorAt(i, `Expected a quoted label or "{" for this "${type}" block, but found ${this.found(i)}.`);
      this.recoverAfterBodyItem();
      const headerEnd = labelRanges.length > 0 ? rangeEnd(labelRanges[labelRanges.length - 1]!) : this.ends[ident]!;
      const emptyRange = this.range(headerEnd, headerEnd);
      return this.makeBlock(type, labels, typeRange, labelRanges, makeBody([], emptyRange, ''), this.prevEnd(), errorsBefore);
    }

    const headerIndent = this.tokens.indents[ident]!;
    const headerIndentText = this.tokens.flags[ident]! & TokFlag.FirstOnLine ? this.lineIndent(ident) : '';
    let body: Body;
    /** An unclosed body ended at the end of the file or at a boundary: there is no line end to check. */
    let unclosed = false;
    const first = this.peek();
    this.blockDepth++;
    if (this.blockDepth > MAX_NESTING) {
      this.errorAt(openBrace, `Blocks are nested too deeply here (more than ${MAX_NESTING} levels).`);
      this.recover(Tok.CBrace);
      body = makeBody([], this.range(this.starts[openBrace]!, this.prevEnd()), '');
    } else if (first === Tok.Newline || first === Tok.EOF || first === Tok.CBrace || first === Tok.Boundary) {
      this.pushLimit(headerIndent);
      const content = this.parseBodyItems(Tok.CBrace, headerIndentText);
      this.popLimit();
      const openRange = this.range(this.starts[openBrace]!, this.ends[openBrace]!);
      if (content.closeIndex === undefined) {
        unclosed = true;
        if (!this.recovery || this.errors.length === errorsBefore) {
          this.error(typeStart, this.ends[openBrace]!, `This "${type}" block has no closing brace "}".`);
        }
        body = makeBody(content.items, this.range(this.starts[openBrace]!, this.prevEnd()), content.indent, openRange);
      } else {
        const close = content.closeIndex;
        body = makeBody(
          content.items,
          this.range(this.starts[openBrace]!, this.ends[close]!),
          content.indent,
          openRange,
          this.range(this.starts[close]!, this.ends[close]!),
        );
      }
    } else {
      body = this.parseSingleLineBody(openBrace, headerIndentText);
    }
    this.blockDepth--;

    const eol = this.peekIndex();
    const eolKind = this.kindAt(eol);
    if (unclosed) {
      // nothing to consume: the next item starts here
    } else if (eolKind === Tok.Newline || eolKind === Tok.EOF) {
      this.read();
    } else if (eolKind !== Tok.Boundary) {
      this.errorAt(eol, `A block definition must end with a new line, but found ${this.found(eol)}.`);
      this.recoverAfterBodyItem();
    }
    return this.makeBlock(type, labels, typeRange, labelRanges, body, rangeEnd(body.range), errorsBefore);
  }

  private parseSingleLineBody(openBrace: number, headerIndent: string): Body {
    const openRange = this.range(this.starts[openBrace]!, this.ends[openBrace]!);
    const ident = this.read();
    let attribute: Attribute | undefined;
    if (this.kinds[ident] !== Tok.Ident) {
      this.errorAt(ident, `An argument or block definition is required here, but found ${this.found(ident)}.`);
      this.recoverAfterBodyItem();
    } else {
      const next = this.peek();
      if (next === Tok.Equal) {
        attribute = this.finishAttribute(ident, true);
      } else {
        this.errorAt(
          ident,
          next === Tok.OQuote || next === Tok.String || next === Tok.OBrace || next === Tok.Ident
            ? 'A single-line block can contain only one argument. To define a nested block, put it on a line of its own.'
            : `An argument or block definition is required here. To set an argument, use "=" to introduce its value.`,
        );
        this.recoverAfterBodyItem();
      }
    }
    let close: number | undefined;
    const kind = this.peek();
    if (kind === Tok.CBrace) close = this.read();
    else if (attribute) {
      const at = this.peekIndex();
      if (kind === Tok.Comma) this.errorAt(at, 'A single-line block can contain only one argument; use one line per argument instead.');
      else if (kind === Tok.Newline) this.errorAt(at, 'A single-line block must be closed on the same line, right after its argument.');
      else if (kind === Tok.EOF) this.errorAt(openBrace, 'This block has no closing brace "}".');
      else if (kind !== Tok.Boundary) this.errorAt(at, 'A single-line block must end with "}" right after its argument.');
      const recovered = this.recover(Tok.CBrace);
      if (this.kinds[recovered] === Tok.CBrace && !this.atBoundary(recovered)) close = recovered;
    }
    const end = close !== undefined ? this.ends[close]! : this.prevEnd();
    return makeBody(
      attribute ? [attribute] : [],
      this.range(this.starts[openBrace]!, end),
      headerIndent + '  ',
      openRange,
      close !== undefined ? this.range(this.starts[close]!, this.ends[close]!) : undefined,
    );
  }

  private makeBlock(type: string, labels: string[], typeRange: Range, labelRanges: Range[], body: Body, end: number, errorsBefore: number): Block {
    const headerEnd = rangeEnd(labelRanges.length > 0 ? labelRanges[labelRanges.length - 1]! : typeRange);
    const blockEnd = Math.max(end, headerEnd);
    const block: MutableBlock = {
      node: 'block',
      type,
      labels,
      typeRange,
      labelRanges,
      headerRange: this.range(rangeStart(typeRange), headerEnd),
      range: this.range(rangeStart(typeRange), blockEnd),
      body,
      file: this.file,
      damaged: this.errors.length > errorsBefore || this.lexErrorWithin(rangeStart(typeRange), blockEnd),
    };
    adoptChildren(block);
    return block;
  }

  /** A block label: a quoted string without interpolation. */
  private parseQuotedLabel(): { value: string; range: Range } {
    const open = this.read();
    let value = '';
    let end = this.ends[open]!;
    for (;;) {
      const i = this.read();
      const kind = this.kindAt(i);
      if (kind === Tok.CQuote) {
        end = this.ends[i]!;
        break;
      }
      if (kind === Tok.QuotedLit) {
        value += this.literalValue(i, true);
        end = this.ends[i]!;
        continue;
      }
      if (kind === Tok.TemplateInterp || kind === Tok.TemplateControl) {
        const which = kind === Tok.TemplateInterp ? '$' : '%';
        this.errorAt(i, `Template sequences are not allowed in a block label. To include a literal "${which}{", write "${which}${which}{".`);
        value += `${which}{ ... }`;
        this.recover(Tok.TemplateSeqEnd);
        end = this.prevEnd();
        continue;
      }
      if (kind === Tok.QuotedNewline) {
        this.errorAt(i, 'This label is missing its closing quote.');
        break;
      }
      if (kind === Tok.Invalid) continue;
      this.errorAt(i, 'This label is missing its closing quote.');
      break;
    }
    return { value, range: this.range(this.starts[open]!, end) };
  }

  /** The value of a String token: the text between its quotes, unescaped and NFC-normalised. */
  private stringValue(i: number): string {
    const start = this.starts[i]! + 1;
    const raw = this.text.slice(start, this.ends[i]! - 1);
    if (!(this.tokens.flags[i]! & TokFlag.Escaped)) return normalizeLiteral(raw);
    const { value, errors } = unescapeLiteral(raw, true);
    for (const e of errors) this.error(start + e.start, start + e.end, e.message);
    return normalizeLiteral(value);
  }

  /** A template literal's value, unescaped and NFC-normalised. */
  private literalValue(i: number, quoted: boolean): string {
    if (!(this.tokens.flags[i]! & TokFlag.Escaped)) return normalizeLiteral(this.tokenText(i));
    const start = this.starts[i]!;
    const { value, errors } = unescapeLiteral(this.tokenText(i), quoted);
    for (const e of errors) this.error(start + e.start, start + e.end, e.message);
    return normalizeLiteral(value);
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private invalid(start: number, end: number): Expression {
    return { kind: 'invalid', range: this.range(start, Math.max(start, end)), file: this.file };
  }

  parseExpression(): Expression {
    if (this.limit < 0) {
      const simple = this.simpleExpression();
      if (simple) return simple;
    }
    this.depth++;
    try {
      if (this.depth > MAX_NESTING) return this.tooDeep();
      return this.parseConditional();
    } finally {
      this.depth--;
    }
  }

  /**
   * Most values are a plain string, number, bool or dotted reference followed by the end of the line or
   * a delimiter. Those are built straight from the tokens, skipping the six levels of precedence parsing
   * that would each find nothing to do. Anything else (or a boundary in force) returns undefined.
   */
  private simpleExpression(): Expression | undefined {
    const kinds = this.kinds;
    const i = this.nextIndex();
    let last: number;
    switch (kinds[i]) {
      case Tok.String:
      case Tok.Number:
        last = i;
        break;
      case Tok.Ident:
        last = i;
        while (kinds[last + 1] === Tok.Dot && kinds[last + 2] === Tok.Ident) last += 2;
        break;
      default:
        return undefined;
    }
    let after = last + 1;
    if (!this.includeNewlines) while (kinds[after] === Tok.Newline) after++;
    if (!ENDS_SIMPLE_EXPRESSION[kinds[after] as Tok]) return undefined;
    this.pos = last + 1;
    switch (kinds[i]) {
      case Tok.String:
        return { kind: 'literal', value: this.stringValue(i), range: this.range(this.starts[i]!, this.ends[i]!), file: this.file };
      case Tok.Number:
        return this.parseNumber(i);
      default: {
        const name = this.tokenText(i);
        const range = this.range(this.starts[i]!, this.ends[i]!);
        if (last === i) {
          if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', range, file: this.file };
          if (name === 'null') return { kind: 'literal', value: null, range, file: this.file };
          const variable: VariableExpr = { kind: 'variable', name, range, file: this.file };
          this.noteRoot(variable, name);
          return variable;
        }
        const source: Expression = { kind: 'variable', name, range, file: this.file };
        const steps: TraversalStep[] = [];
        for (let dot = i + 1; dot < last; dot += 2) {
          steps.push({ kind: 'attr', name: this.tokenText(dot + 1), range: this.range(this.starts[dot]!, this.ends[dot + 1]!) });
        }
        const traversal: TraversalExpr = { kind: 'traversal', source, steps, range: this.range(this.starts[i]!, this.ends[last]!), file: this.file };
        this.noteRoot(traversal, name);
        return traversal;
      }
    }
  }

  /** Reports excessive nesting once and skips the construct without recursing into it. */
  private tooDeep(): Expression {
    const i = this.peekIndex();
    const start = this.starts[i]!;
    this.errorAt(i, `This expression is nested too deeply (more than ${MAX_NESTING} levels).`);
    this.recovery = true;
    const kind = this.kindAt(i);
    const closer: { readonly [K in Tok]?: Tok } = {
      [Tok.OBrack]: Tok.CBrack,
      [Tok.OBrace]: Tok.CBrace,
      [Tok.OParen]: Tok.CParen,
      [Tok.OQuote]: Tok.CQuote,
      [Tok.OHeredoc]: Tok.CHeredoc,
      [Tok.TemplateInterp]: Tok.TemplateSeqEnd,
    };
    const end = closer[kind];
    if (end !== undefined) {
      this.read();
      this.recover(end);
    }
    return this.invalid(start, this.prevEnd());
  }

  private parseConditional(): Expression {
    const startIndex = this.peekIndex();
    const start = this.starts[startIndex]!;
    const before = this.errors.length;
    const condition = this.parseBinary(1);
    if (this.recovery && this.errors.length > before) return condition;
    if (this.peek() !== Tok.Question) return condition;
    this.read();
    const trueResult = this.parseExpression();
    if (this.recovery && this.errors.length > before) return this.invalid(start, this.prevEnd());
    const colon = this.peekIndex();
    if (this.kindAt(colon) !== Tok.Colon) {
      this.errorAt(colon, `The conditional operator (...?...:...) needs a false result after ":", but found ${this.found(colon)}.`);
      this.recovery = true;
      return this.invalid(start, this.prevEnd());
    }
    this.read();
    const falseResult = this.parseExpression();
    if (this.recovery && this.errors.length > before) return this.invalid(start, this.prevEnd());
    return {
      kind: 'conditional',
      condition,
      trueResult,
      falseResult,
      range: this.range(start, rangeEnd(falseResult.range)),
      file: this.file,
    };
  }

  /** Precedence climbing over hclsyntax's six binary levels; all operators are left-associative. */
  private parseBinary(minLevel: number): Expression {
    const before = this.errors.length;
    let left = this.parseUnary();
    if (this.recovery && this.errors.length > before) return left;
    let chain = 0;
    for (;;) {
      const opIndex = this.peekIndex();
      const kind = this.kindAt(opIndex);
      const level = BINARY_LEVEL[kind];
      if (level === undefined || level < minLevel) return left;
      if (++chain > MAX_CHAIN) {
        this.errorAt(opIndex, `This expression has too many operators (more than ${MAX_CHAIN}); split it up with locals.`);
        this.recoverAfterBodyItem();
        return this.invalid(rangeStart(left.range), this.prevEnd());
      }
      this.read();
      const right = this.parseBinary(level + 1);
      left = {
        kind: 'binary',
        op: BINARY_OPERATOR[kind]!,
        left,
        right,
        range: this.range(rangeStart(left.range), rangeEnd(right.range)),
        file: this.file,
      };
      if (this.recovery && this.errors.length > before) return left;
    }
  }

  private parseUnary(): Expression {
    const i = this.peekIndex();
    const kind = this.kindAt(i);
    if (kind !== Tok.Minus && kind !== Tok.Bang) return this.parseTraversals(this.parseTerm());
    this.read();
    this.depth++;
    try {
      const operand = this.depth > MAX_NESTING ? this.tooDeep() : this.parseUnary();
      if (kind === Tok.Minus && operand.kind === 'literal' && typeof operand.value === 'number' && this.kinds[i + 1] === Tok.Number) {
        // `-1` is a number literal in every tool's eyes; folding it keeps rules simple.
        return { kind: 'literal', value: -operand.value, range: this.range(this.starts[i]!, rangeEnd(operand.range)), file: this.file };
      }
      return {
        kind: 'unary',
        op: kind === Tok.Minus ? '-' : '!',
        operand,
        range: this.range(this.starts[i]!, rangeEnd(operand.range)),
        file: this.file,
      };
    } finally {
      this.depth--;
    }
  }

  private parseTerm(): Expression {
    const i = this.peekIndex();
    const kind = this.kindAt(i);
    switch (kind) {
      case Tok.OParen:
        return this.parseParens();
      case Tok.Number:
        return this.parseNumber(this.read());
      case Tok.Ident: {
        this.read();
        const next = this.peek();
        if (next === Tok.OParen || next === Tok.DoubleColon) return this.parseCall(i);
        const name = this.tokenText(i);
        const range = this.range(this.starts[i]!, this.ends[i]!);
        if (name === 'true') return { kind: 'literal', value: true, range, file: this.file };
        if (name === 'false') return { kind: 'literal', value: false, range, file: this.file };
        if (name === 'null') return { kind: 'literal', value: null, range, file: this.file };
        const variable: VariableExpr = { kind: 'variable', name, range, file: this.file };
        this.noteRoot(variable, name);
        return variable;
      }
      case Tok.String:
        this.read();
        return { kind: 'literal', value: this.stringValue(i), range: this.range(this.starts[i]!, this.ends[i]!), file: this.file };
      case Tok.OQuote:
      case Tok.OHeredoc:
        return this.parseTemplate();
      case Tok.OBrack:
        return this.parseTuple();
      case Tok.OBrace:
        return this.parseObject();
      default:
        if (kind === Tok.EOF) this.errorAt(i, 'Expected an expression, but found the end of the file.');
        else this.errorAt(i, `Expected an expression, but found ${this.found(i)}.`);
        this.recovery = true;
        return this.invalid(this.placeholderAt(i), this.placeholderAt(i));
    }
  }

  /** Where an expression that is missing goes: before the end of the file or the next item, not at them. */
  private placeholderAt(i: number): number {
    const kind = this.kindAt(i);
    return kind === Tok.EOF || kind === Tok.Boundary ? Math.min(this.starts[i]!, this.prevEnd()) : this.starts[i]!;
  }

  private parseNumber(i: number): Expression {
    const text = this.tokenText(i);
    const value = Number(text);
    const range = this.range(this.starts[i]!, this.ends[i]!);
    if (Number.isNaN(value)) {
      this.errorAt(i, `"${text}" is not a valid number.`);
      return { kind: 'invalid', range, file: this.file };
    }
    return { kind: 'literal', value, range, file: this.file };
  }

  private parseParens(): Expression {
    const open = this.read();
    this.pushNewlines(false);
    const before = this.errors.length;
    const expr = this.parseExpression();
    if (this.errors.length > before) {
      this.recover(Tok.CParen);
      this.popNewlines();
      return expr;
    }
    const close = this.peekIndex();
    const closeKind = this.kindAt(close);
    if (closeKind !== Tok.CParen) {
      if (closeKind === Tok.EOF || closeKind === Tok.Boundary) this.errorAt(open, 'This opening parenthesis "(" has no closing ")".');
      else this.errorAt(close, `Expected ")" to close the parenthesis, but found ${this.found(close)}.`);
      this.recovery = true;
    }
    this.read();
    this.popNewlines();
    return { kind: 'parens', expr, range: this.range(this.starts[open]!, this.prevEnd()), file: this.file };
  }

  private parseTraversals(source: Expression): Expression {
    const steps: TraversalStep[] = [];
    let current = source;
    // The root noted for a bare name becomes the traversal it starts, in its place: roots stay in source order.
    const roots = this.roots;
    const rootSlot = roots !== undefined && roots[roots.length - 1] === source ? roots.length - 1 : -1;
    for (;;) {
      const kind = this.peek();
      if (kind === Tok.Dot) {
        const dot = this.read();
        const nameIndex = this.peekIndex();
        const nameKind = this.kindAt(nameIndex);
        if (nameKind === Tok.Ident) {
          this.read();
          steps.push({ kind: 'attr', name: this.tokenText(nameIndex), range: this.range(this.starts[dot]!, this.ends[nameIndex]!) });
          continue;
        }
        if (nameKind === Tok.Number) {
          this.read();
          steps.push(this.legacyIndex(dot, nameIndex));
          continue;
        }
        if (nameKind === Tok.Star) {
          const star = this.read();
          steps.push({ kind: 'splat', legacy: true, range: this.range(this.starts[dot]!, this.ends[star]!) });
          if (!this.legacySplatSteps(steps)) return this.invalid(rangeStart(source.range), this.prevEnd());
          continue;
        }
        this.errorAt(nameIndex, `An attribute name is required after a dot, but found ${this.found(nameIndex)}.`);
        this.recovery = true;
        return this.invalid(rangeStart(source.range), this.ends[dot]!);
      }
      if (kind === Tok.OBrack) {
        const open = this.read();
        if (this.peek() === Tok.Star) {
          this.read();
          let close = this.read();
          if (this.kindAt(close) !== Tok.CBrack) {
            this.errorAt(close, 'The "*" of a splat must be followed immediately by "]".');
            close = this.recover(Tok.CBrack);
          }
          steps.push({ kind: 'splat', legacy: false, range: this.range(this.starts[open]!, this.endOf(close)) });
          continue;
        }
        this.pushNewlines(false);
        const before = this.errors.length;
        const key = this.parseExpression();
        let close: number;
        if (this.recovery && this.errors.length > before) {
          close = this.recover(Tok.CBrack);
        } else {
          close = this.read();
          const closeKind = this.kindAt(close);
          if (closeKind !== Tok.CBrack) {
            if (closeKind === Tok.EOF || closeKind === Tok.Boundary) this.errorAt(open, 'This index has no closing bracket "]".');
            else this.errorAt(close, `Expected "]" to close the index, but found ${this.found(close)}.`);
            close = this.recover(Tok.CBrack);
          }
        }
        this.popNewlines();
        steps.push({ kind: 'index', key, legacy: false, range: this.range(this.starts[open]!, Math.max(this.endOf(close), rangeEnd(key.range))) });
        if (this.errors.length > before) return this.finishTraversal(current, steps);
        continue;
      }
      break;
    }
    current = this.finishTraversal(current, steps);
    if (rootSlot >= 0 && current.kind === 'traversal') roots![rootSlot] = current;
    return current;
  }

  private finishTraversal(source: Expression, steps: TraversalStep[]): Expression {
    if (steps.length === 0) return source;
    return {
      kind: 'traversal',
      source,
      steps,
      range: this.range(rangeStart(source.range), rangeEnd(steps[steps.length - 1]!.range)),
      file: this.file,
    };
  }

  private legacyIndex(dot: number, numberIndex: number): TraversalStep {
    const text = this.tokenText(numberIndex);
    const range = this.range(this.starts[dot]!, this.ends[numberIndex]!);
    const keyRange = this.range(this.starts[numberIndex]!, this.ends[numberIndex]!);
    const dotAt = text.indexOf('.');
    if (dotAt >= 0) {
      this.errorAt(numberIndex, `The legacy index syntax cannot chain two indexes; write [${text.slice(0, dotAt)}][${text.slice(dotAt + 1)}] instead.`);
      return { kind: 'index', key: { kind: 'invalid', range: keyRange, file: this.file }, legacy: true, range };
    }
    const key = this.parseNumber(numberIndex);
    return { kind: 'index', key, legacy: true, range };
  }

  /** The attribute and `.0` steps a legacy `.*` splat applies to each element. */
  private legacySplatSteps(steps: TraversalStep[]): boolean {
    while (this.peek() === Tok.Dot) {
      const dot = this.read();
      const i = this.peekIndex();
      const kind = this.kindAt(i);
      if (kind === Tok.Number) {
        this.read();
        steps.push(this.legacyIndex(dot, i));
        continue;
      }
      if (kind !== Tok.Ident) {
        if (kind === Tok.Star) this.errorAt(i, 'A splat (*) cannot be used inside another attribute-only splat.');
        else this.errorAt(i, `An attribute name is required after a dot, but found ${this.found(i)}.`);
        this.recovery = true;
        return false;
      }
      this.read();
      steps.push({ kind: 'attr', name: this.tokenText(i), range: this.range(this.starts[dot]!, this.ends[i]!) });
    }
    return true;
  }

  private parseCall(nameIndex: number): Expression {
    let name = this.tokenText(nameIndex);
    let nameEnd = this.ends[nameIndex]!;
    const start = this.starts[nameIndex]!;
    let open = this.read();
    while (this.kinds[open] === Tok.DoubleColon) {
      const next = this.read();
      if (this.kindAt(next) !== Tok.Ident) {
        this.errorAt(next, 'A function namespace "::" must be followed by a function name.');
        this.recovery = true;
        this.recoverOver(Tok.OParen);
        return this.invalid(start, this.prevEnd());
      }
      name += '::' + this.tokenText(next);
      nameEnd = this.ends[next]!;
      open = this.read();
    }
    if (this.kindAt(open) !== Tok.OParen) {
      this.errorAt(open, `A function name must be followed by "(", but found ${this.found(open)}.`);
      this.recovery = true;
      this.recoverOver(Tok.OParen);
      return this.invalid(start, this.prevEnd());
    }
    const args: Expression[] = [];
    let expandFinal = false;
    this.pushNewlines(false);
    for (;;) {
      const first = this.peek();
      if (first === Tok.CParen) {
        this.read();
        break;
      }
      if (first === Tok.EOF || first === Tok.Boundary) {
        this.errorAt(nameIndex, `The call to ${name}() has no closing parenthesis ")".`);
        this.recover(Tok.CParen);
        break;
      }
      const before = this.errors.length;
      const arg = this.parseExpression();
      args.push(arg);
      if (this.recovery && this.errors.length > before) {
        this.recover(Tok.CParen);
        break;
      }
      const sep = this.read();
      const kind = this.kindAt(sep);
      if (kind === Tok.CParen) break;
      if (kind === Tok.Ellipsis) {
        expandFinal = true;
        if (this.peek() !== Tok.CParen) {
          this.errorAt(sep, 'An expanded argument (with "...") must be the last one, followed immediately by ")".');
          this.recover(Tok.CParen);
        } else this.read();
        break;
      }
      if (kind !== Tok.Comma) {
        if (kind === Tok.EOF || kind === Tok.Boundary) {
          this.errorAt(nameIndex, `The call to ${name}() has no closing parenthesis ")".`);
        } else {
          this.errorAt(sep, `Function arguments must be separated by commas, but found ${this.found(sep)}.`);
        }
        this.recover(Tok.CParen);
        break;
      }
      if (this.peek() === Tok.CParen) {
        this.read();
        break;
      }
    }
    this.popNewlines();
    return {
      kind: 'call',
      name,
      nameRange: this.range(start, nameEnd),
      args,
      expandFinal,
      range: this.range(start, this.prevEnd()),
      file: this.file,
    };
  }

  private parseTuple(): Expression {
    const open = this.read();
    this.pushNewlines(false);
    try {
      if (this.isKeyword(this.peekIndex(), 'for')) return this.parseFor(open, false);
      const items: Expression[] = [];
      for (;;) {
        const first = this.peek();
        if (first === Tok.CBrack) {
          this.read();
          break;
        }
        if (first === Tok.EOF || first === Tok.Boundary) {
          this.errorAt(open, 'This list has no closing bracket "]".');
          this.recover(Tok.CBrack);
          break;
        }
        const before = this.errors.length;
        items.push(this.parseExpression());
        if (this.recovery && this.errors.length > before) {
          this.recover(Tok.CBrack);
          break;
        }
        const next = this.peekIndex();
        const kind = this.kindAt(next);
        if (kind === Tok.CBrack) {
          this.read();
          break;
        }
        if (kind !== Tok.Comma) {
          if (kind === Tok.EOF || kind === Tok.Boundary) this.errorAt(open, 'This list has no closing bracket "]".');
          else this.errorAt(next, `Expected a comma before the next item of the list, but found ${this.found(next)}.`);
          this.recover(Tok.CBrack);
          break;
        }
        this.read();
      }
      return { kind: 'tuple', items, range: this.range(this.starts[open]!, this.prevEnd()), file: this.file };
    } finally {
      this.popNewlines();
    }
  }

  private parseObject(): Expression {
    const open = this.read();
    this.pushNewlines(false);
    const isFor = this.isKeyword(this.peekIndex(), 'for');
    this.popNewlines();
    if (isFor) {
      this.pushNewlines(false);
      try {
        return this.parseFor(open, true);
      } finally {
        this.popNewlines();
      }
    }
    this.pushNewlines(true);
    const items: ObjectItem[] = [];
    try {
      for (;;) {
        const kind = this.peek();
        if (kind === Tok.Newline) {
          this.read();
          continue;
        }
        if (kind === Tok.CBrace) {
          this.read();
          break;
        }
        if (kind === Tok.EOF || kind === Tok.Boundary) {
          this.errorAt(open, 'This object has no closing brace "}".');
          this.recover(Tok.CBrace);
          break;
        }
        const keyIndex = this.peekIndex();
        const forceExpression = kind === Tok.OParen;
        const before = this.errors.length;
        const rawKey = this.parseExpression();
        if (this.recovery && this.errors.length > before) {
          this.recover(Tok.CBrace);
          break;
        }
        const key: Expression =
          !forceExpression && rawKey.kind === 'variable' ? { kind: 'literal', value: rawKey.name, range: rawKey.range, file: this.file } : rawKey;
        if (key !== rawKey && this.roots?.[this.roots.length - 1] === rawKey) this.roots.pop(); // a bare key is a name, not a reference
        const sep = this.peekIndex();
        const sepKind = this.kindAt(sep);
        if (sepKind !== Tok.Equal && sepKind !== Tok.Colon) {
          if (sepKind === Tok.Newline || sepKind === Tok.Comma) this.errorAt(sep, 'Expected "=" and a value after this key.');
          else if (sepKind === Tok.EOF || sepKind === Tok.Boundary) this.errorAt(open, 'This object has no closing brace "}".');
          else if (sepKind === Tok.Ident) {
            this.errorAt(sep, 'Expected "=" after the key. A key with dots or spaces must be quoted.');
          } else this.errorAt(sep, `Expected "=" after the key, but found ${this.found(sep)}.`);
          this.recover(Tok.CBrace);
          break;
        }
        this.read();
        const valueBefore = this.errors.length;
        const value = this.parseExpression();
        if (this.recovery && this.errors.length > valueBefore) {
          items.push({ key, value, range: this.range(this.starts[keyIndex]!, rangeEnd(value.range)) });
          this.recover(Tok.CBrace);
          break;
        }
        items.push({ key, value, range: this.range(this.starts[keyIndex]!, rangeEnd(value.range)) });
        const next = this.peekIndex();
        const nextKind = this.kindAt(next);
        if (nextKind === Tok.CBrace) {
          this.read();
          break;
        }
        if (nextKind !== Tok.Comma && nextKind !== Tok.Newline) {
          if (nextKind === Tok.EOF || nextKind === Tok.Boundary) this.errorAt(open, 'This object has no closing brace "}".');
          else this.errorAt(next, `Expected a new line or comma before the next attribute, but found ${this.found(next)}.`);
          this.recover(Tok.CBrace);
          break;
        }
        this.read();
      }
    } finally {
      this.popNewlines();
    }
    return { kind: 'object', items, range: this.range(this.starts[open]!, this.prevEnd()), file: this.file };
  }

  private parseFor(open: number, makeObject: boolean): Expression {
    const closer = makeObject ? Tok.CBrace : Tok.CBrack;
    const start = this.starts[open]!;
    const fail = (at: number, message: string): Expression => {
      this.errorAt(at, message);
      this.recover(closer);
      return this.invalid(start, this.prevEnd());
    };
    this.read(); // for
    let name = this.peekIndex();
    if (this.kindAt(name) !== Tok.Ident) return fail(name, 'A "for" expression needs a variable name after "for".');
    this.read();
    let keyVar: string | undefined;
    let valueVar = this.tokenText(name);
    if (this.peek() === Tok.Comma) {
      this.read();
      keyVar = valueVar;
      name = this.peekIndex();
      if (this.kindAt(name) !== Tok.Ident) return fail(name, 'A "for" expression needs a value variable name after the comma.');
      this.read();
      valueVar = this.tokenText(name);
    }
    const inIndex = this.peekIndex();
    if (!this.isKeyword(inIndex, 'in')) return fail(inIndex, 'A "for" expression needs "in" after its variable names.');
    this.read();
    const before = this.errors.length;
    const collection = this.parseExpression();
    if (this.recovery && this.errors.length > before) {
      this.recover(closer);
      return this.invalid(start, this.prevEnd());
    }
    const colon = this.peekIndex();
    if (this.kindAt(colon) !== Tok.Colon) return fail(colon, 'A "for" expression needs ":" after its collection.');
    this.read();
    // Bound from here to the end of the condition. An error on the way drops the argument's roots, and the
    // next argument starts with no names bound, so only this path unbinds them.
    const bound = this.bindForNames(keyVar, valueVar);
    let keyExpr: Expression | undefined;
    let valueExpr = this.parseExpression();
    if (this.peek() === Tok.FatArrow) {
      this.read();
      keyExpr = valueExpr;
      valueExpr = this.parseExpression();
    }
    if (this.recovery && this.errors.length > before) {
      this.recover(closer);
      return this.invalid(start, this.prevEnd());
    }
    let grouping = false;
    let ellipsis = -1;
    if (this.peek() === Tok.Ellipsis) {
      ellipsis = this.read();
      grouping = true;
    }
    let condition: Expression | undefined;
    if (this.isKeyword(this.peekIndex(), 'if')) {
      this.read();
      condition = this.parseExpression();
      if (this.recovery && this.errors.length > before) {
        this.recover(closer);
        return this.invalid(start, this.prevEnd());
      }
    }
    this.unbindForNames(bound);
    const close = this.peekIndex();
    const closeKind = this.kindAt(close);
    if (closeKind === closer) this.read();
    else if (closeKind === Tok.EOF || closeKind === Tok.Boundary) {
      this.errorAt(open, `This "for" expression has no closing ${makeObject ? 'brace "}"' : 'bracket "]"'}.`);
      this.recover(closer);
    } else {
      this.errorAt(close, `Unexpected ${this.found(close)} after the end of the "for" expression.`);
      this.recover(closer);
    }
    if (!makeObject && keyExpr)
      this.error(rangeStart(keyExpr.range), rangeEnd(keyExpr.range), 'A key expression ("=>") is only valid in a "for" expression that builds an object.');
    if (!makeObject && grouping)
      this.error(this.starts[ellipsis]!, this.ends[ellipsis]!, 'The grouping "..." is only valid in a "for" expression that builds an object.');
    if (makeObject && !keyExpr)
      this.error(rangeStart(valueExpr.range), rangeEnd(valueExpr.range), 'A "for" expression that builds an object needs a key: write "key => value".');
    const result: {
      kind: 'for';
      keyVar?: string;
      valueVar: string;
      collection: Expression;
      keyExpr?: Expression;
      valueExpr: Expression;
      condition?: Expression;
      grouping: boolean;
      range: Range;
      file: string;
    } = { kind: 'for', valueVar, collection, valueExpr, grouping, range: this.range(start, this.prevEnd()), file: this.file };
    if (keyVar !== undefined) result.keyVar = keyVar;
    if (keyExpr) result.keyExpr = keyExpr;
    if (condition) result.condition = condition;
    return result;
  }

  // -------------------------------------------------------------------------------------------
  // Templates

  private parseTemplate(): Expression {
    const open = this.read();
    const simple = this.plainHeredoc(open);
    if (simple) return simple;
    const heredoc = this.kinds[open] === Tok.OHeredoc;
    const closer = heredoc ? Tok.CHeredoc : Tok.CQuote;
    const start = this.starts[open]!;
    this.depth++;
    try {
      if (this.depth > MAX_NESTING) {
        this.errorAt(open, `This expression is nested too deeply (more than ${MAX_NESTING} levels).`);
        this.recovery = true;
        this.recover(closer);
        return this.invalid(start, this.prevEnd());
      }
      const { pieces, end } = this.templatePieces(closer, open, heredoc);
      const indented = heredoc && (this.tokens.flags[open]! & TokFlag.IndentedHeredoc) !== 0;
      return this.finishTemplate(pieces, start, end, heredoc ? open : -1, indented);
    } finally {
      this.depth--;
    }
  }

  /**
   * A heredoc with no interpolation or directive (a JSON policy, a script): one literal read straight from
   * its lines, with `<<-` indentation removed as hclsyntax removes it.
   */
  private plainHeredoc(open: number): Expression | undefined {
    if (this.kinds[open] !== Tok.OHeredoc) return undefined;
    const kinds = this.kinds;
    const flags = this.tokens.flags;
    let close = open + 1;
    while (kinds[close] === Tok.StringLit && !(flags[close]! & TokFlag.Escaped)) close++;
    if (kinds[close] !== Tok.CHeredoc) return undefined;
    this.pos = close + 1;
    const range = this.range(this.starts[open]!, this.ends[close]!);
    let value = close === open + 1 ? '' : this.text.slice(this.starts[open + 1]!, this.ends[close - 1]!);
    if (flags[open]! & TokFlag.IndentedHeredoc) value = removeCommonIndent(value);
    return {
      kind: 'literal',
      value: normalizeLiteral(value),
      range,
      file: this.file,
    };
  }

  /** Reads a template's pieces up to its closer, trimming literals next to strip markers as it goes. */
  private templatePieces(closer: Tok, open: number, heredoc: boolean): { pieces: TemplatePiece[]; end: number } {
    const pieces: TemplatePiece[] = [];
    let trimNext = false;
    let canTrimPrevious = false;
    let end: number;
    for (;;) {
      const i = this.read();
      const kind = this.kindAt(i);
      if (kind === closer) {
        end = this.ends[i]!;
        break;
      }
      const trimThis = trimNext;
      trimNext = false;
      const mayTrimPrevious = canTrimPrevious;
      canTrimPrevious = false;
      if (kind === Tok.QuotedLit || kind === Tok.StringLit) {
        let value = this.literalValue(i, kind === Tok.QuotedLit);
        if (trimThis) value = trimSpaceStart(value);
        pieces.push({ kind: 'literal', value, range: this.range(this.starts[i]!, this.ends[i]!) });
        canTrimPrevious = true;
        continue;
      }
      if (kind === Tok.TemplateInterp || kind === Tok.TemplateControl) {
        if (mayTrimPrevious && this.tokens.flags[i]! & TokFlag.Strip) {
          const previous = pieces[pieces.length - 1];
          if (previous?.kind === 'literal') previous.value = trimSpaceEnd(previous.value);
        }
        const sequence = kind === Tok.TemplateInterp ? this.interpolation(i) : this.directive(i);
        if (sequence.piece) pieces.push(sequence.piece);
        trimNext = sequence.trimNext;
        continue;
      }
      if (kind === Tok.QuotedNewline) {
        this.errorAt(i, 'This string is missing its closing quote. Quoted strings cannot span lines: use "\\n" or a heredoc (<<EOT).');
        this.recovery = true;
        end = this.starts[i]!;
        break;
      }
      if (kind === Tok.EOF || kind === Tok.Boundary) {
        this.errorAt(open, heredoc ? `This heredoc has no closing "${this.heredocMarker(open)}" line.` : 'This string is missing its closing quote.');
        this.recovery = true;
        end = this.prevEnd();
        break;
      }
      if (kind === Tok.Invalid) continue;
      this.errorAt(i, heredoc ? 'This heredoc is not terminated.' : 'This string is missing its closing quote.');
      this.recover(closer);
      end = this.prevEnd();
      break;
    }
    return { pieces, end };
  }

  private finishTemplate(pieces: TemplatePiece[], start: number, end: number, heredocOpen: number, indented: boolean): Expression {
    if (indented) flushHeredoc(pieces);
    const directiveErrors: { range: Range; message: string }[] = [];
    const parts = buildTemplateParts(pieces, directiveErrors, (from, to) => this.range(rangeStart(from), rangeEnd(to)));
    for (const e of directiveErrors) this.error(rangeStart(e.range), rangeEnd(e.range), e.message);
    return this.templateExpression(parts, this.range(start, end), heredocOpen);
  }

  private heredocMarker(open: number): string {
    return this.tokenText(open).replace(/^<<-?/, '').trim();
  }

  private templateExpression(parts: TemplatePart[], range: Range, heredocOpen: number): Expression {
    if (parts.length === 0) return { kind: 'literal', value: '', range, file: this.file };
    if (parts.length === 1 && parts[0]!.kind === 'text') return { kind: 'literal', value: parts[0]!.value, range, file: this.file };
    if (heredocOpen >= 0) {
      return {
        kind: 'template',
        parts,
        heredoc: { marker: this.heredocMarker(heredocOpen), indented: (this.tokens.flags[heredocOpen]! & TokFlag.IndentedHeredoc) !== 0 },
        range,
        file: this.file,
      };
    }
    return { kind: 'template', parts, range, file: this.file };
  }

  private closeSequence(open: number, what: string): { end: number; trimNext: boolean } {
    const close = this.peekIndex();
    if (this.kindAt(close) === Tok.TemplateSeqEnd) {
      this.read();
      return { end: this.ends[close]!, trimNext: (this.tokens.flags[close]! & TokFlag.Strip) !== 0 };
    }
    const kind = this.kindAt(close);
    if (kind === Tok.EOF || kind === Tok.Boundary || kind === Tok.CQuote || kind === Tok.OQuote || kind === Tok.String || kind === Tok.QuotedNewline) {
      this.errorAt(open, `This ${what} has no closing "}".`);
    } else if (kind === Tok.Colon && what === 'interpolation') {
      this.errorAt(close, 'Unexpected ":" in an interpolation. If this is meant for another language, escape it as "$${".');
    } else {
      this.errorAt(close, `Expected "}" to end the ${what}, but found ${this.found(close)}. To write a literal "\${", escape it as "$\${".`);
    }
    this.recover(Tok.TemplateSeqEnd);
    return { end: this.prevEnd(), trimNext: false };
  }

  private interpolation(open: number): { piece?: TemplatePiece | undefined; trimNext: boolean } {
    this.pushNewlines(false);
    const expr = this.parseExpression();
    const { end, trimNext } = this.closeSequence(open, 'interpolation');
    this.popNewlines();
    return { piece: { kind: 'interpolation', expr, range: this.range(this.starts[open]!, end) }, trimNext };
  }

  private directive(open: number): { piece?: TemplatePiece | undefined; trimNext: boolean } {
    this.pushNewlines(false);
    try {
      const keywordIndex = this.peekIndex();
      if (this.kindAt(keywordIndex) !== Tok.Ident) {
        this.errorAt(keywordIndex, 'A template directive keyword ("if", "for", "else", "endif" or "endfor") is expected after "%{".');
        this.recover(Tok.TemplateSeqEnd);
        return { trimNext: false };
      }
      this.read();
      const keyword = this.tokenText(keywordIndex);
      let piece: TemplatePiece | undefined;
      const rangeTo = (end: number): Range => this.range(this.starts[open]!, end);
      switch (keyword) {
        case 'if': {
          const condition = this.parseExpression();
          const closed = this.closeSequence(open, 'if directive');
          return { piece: { kind: 'if', condition, range: rangeTo(closed.end) }, trimNext: closed.trimNext };
        }
        case 'else':
        case 'endif':
        case 'endfor': {
          if (keyword === 'endfor') this.unbindForNames(this.directiveNames.pop() ?? 0);
          const closed = this.closeSequence(open, `${keyword} directive`);
          piece = { kind: keyword, range: rangeTo(closed.end) };
          return { piece, trimNext: closed.trimNext };
        }
        case 'for': {
          let name = this.peekIndex();
          if (this.kindAt(name) !== Tok.Ident) {
            this.errorAt(name, 'A "for" directive needs a variable name after "for".');
            this.recover(Tok.TemplateSeqEnd);
            return { trimNext: false };
          }
          this.read();
          let keyVar: string | undefined;
          let valueVar = this.tokenText(name);
          if (this.peek() === Tok.Comma) {
            this.read();
            keyVar = valueVar;
            name = this.peekIndex();
            if (this.kindAt(name) !== Tok.Ident) {
              this.errorAt(name, 'A "for" directive needs a value variable name after the comma.');
              this.recover(Tok.TemplateSeqEnd);
              return { trimNext: false };
            }
            this.read();
            valueVar = this.tokenText(name);
          }
          const inIndex = this.peekIndex();
          if (!this.isKeyword(inIndex, 'in')) {
            this.errorAt(inIndex, 'A "for" directive needs "in" after its variable names.');
            this.recover(Tok.TemplateSeqEnd);
            return { trimNext: false };
          }
          this.read();
          const collection = this.parseExpression();
          this.directiveNames.push(this.bindForNames(keyVar, valueVar));
          const closed = this.closeSequence(open, 'for directive');
          const forPiece: TemplatePiece = { kind: 'for', valueVar, collection, range: rangeTo(closed.end) };
          if (keyVar !== undefined) forPiece.keyVar = keyVar;
          return { piece: forPiece, trimNext: closed.trimNext };
        }
        default: {
          const known = ['if', 'for', 'else', 'endif', 'endfor'];
          const guess = known.find((word) => word.startsWith(keyword.slice(0, 2)));
          this.errorAt(keywordIndex, `"${keyword}" is not a template directive keyword.${guess ? ` Did you mean "${guess}"?` : ''}`);
          this.recover(Tok.TemplateSeqEnd);
          return { trimNext: false };
        }
      }
    } finally {
      this.popNewlines();
    }
  }
}
