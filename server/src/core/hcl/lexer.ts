// The HCL native-syntax scanner. It follows hclsyntax's scanner: a stack of modes (expression, quoted
// template, heredoc) and a stack of brace depths at which a `}` ends a template sequence rather than an
// object. Tokens go into typed arrays, so a 76 KB file costs a handful of allocations, not thousands.
import { trimSpaceEnd, trimSpaceStart } from './space';
import { Tok, TokFlag } from './tokens';

export interface TokenStream {
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly flags: Uint8Array;
  /** Indentation (in code units) of the line the token starts on. */
  readonly indents: Int32Array;
}

export interface LexError {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface CommentSpan {
  readonly start: number;
  readonly end: number;
}

export interface LexResult {
  readonly tokens: TokenStream;
  readonly comments: readonly CommentSpan[];
  readonly errors: readonly LexError[];
}

export interface LexOptions {
  /** The text is one template from start to end (a string value in Terraform's JSON syntax). */
  readonly template?: boolean;
  /**
   * Error recovery, for a file that did not parse: an unterminated heredoc ends before the first line that
   * starts a top-level block instead of at the end of the file, and an interpolation inside a quoted
   * string ends with its line (valid HCL may continue it on the next line, but a missing "}" is likelier).
   */
  readonly guided?: boolean;
}

/** A line that starts a top-level Terraform block, like `resource "aws_s3_bucket" "logs" {`. */
const TOP_LEVEL_BLOCK_LINE =
  /^(?:resource|data|module|variable|output|locals|provider|terraform|moved|import|check|removed)(?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{/;

const enum Mode {
  Expression,
  Quoted,
  Heredoc,
  /** A whole text that is a template, like a string value in Terraform's JSON syntax. */
  Bare,
}

interface Heredoc {
  readonly marker: string;
  /** `<<EOT` or `<<-EOT`, without its line end: where a missing closing line is reported. */
  readonly openerStart: number;
  readonly openerEnd: number;
  startOfLine: boolean;
}

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_BANG = 33;
const CH_QUOTE = 34;
const CH_HASH = 35;
const CH_DOLLAR = 36;
const CH_PERCENT = 37;
const CH_AMP = 38;
const CH_APOSTROPHE = 39;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_STAR = 42;
const CH_PLUS = 43;
const CH_COMMA = 44;
const CH_MINUS = 45;
const CH_DOT = 46;
const CH_SLASH = 47;
const CH_0 = 48;
const CH_9 = 57;
const CH_COLON = 58;
const CH_SEMICOLON = 59;
const CH_LT = 60;
const CH_EQ = 61;
const CH_GT = 62;
const CH_QUESTION = 63;
const CH_A = 65;
const CH_Z = 90;
const CH_LBRACKET = 91;
const CH_BACKSLASH = 92;
const CH_RBRACKET = 93;
const CH_CARET = 94;
const CH_UNDERSCORE = 95;
const CH_BACKTICK = 96;
const CH_a = 97;
const CH_z = 122;
const CH_LBRACE = 123;
const CH_PIPE = 124;
const CH_RBRACE = 125;
const CH_TILDE = 126;
const CH_BOM = 0xfeff;

const ID_START = /[\p{ID_Start}]/u;
const ID_CONTINUE = /[\p{ID_Continue}]/u;

const IDENT_START = 1;
const IDENT_CONTINUE = 2;

/** ASCII character classes: one table lookup per character instead of a chain of comparisons. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= CH_a && c <= CH_z) || (c >= CH_A && c <= CH_Z) || c === CH_UNDERSCORE;
  ASCII_CLASS[c] = (letter ? IDENT_START | IDENT_CONTINUE : 0) | ((c >= CH_0 && c <= CH_9) || c === CH_MINUS ? IDENT_CONTINUE : 0);
}

function isAsciiIdentStart(c: number): boolean {
  return c < 128 && (ASCII_CLASS[c]! & IDENT_START) !== 0;
}

function isAsciiIdentContinue(c: number): boolean {
  return c < 128 && (ASCII_CLASS[c]! & IDENT_CONTINUE) !== 0;
}

/** The blanks hclsyntax trims around a heredoc marker, in ASCII: tab, line feed, VT, FF, CR, space. */
function isAsciiBlank(c: number): boolean {
  return c === CH_SPACE || (c >= CH_TAB && c <= CH_CR);
}

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

type TokenBuffers = Pick<TokenStream, 'kinds' | 'starts' | 'ends' | 'flags' | 'indents'>;

/** Token arrays of finished parses, reused so that scanning many files does not allocate and zero-fill anew. */
const spareBuffers: TokenBuffers[] = [];
/**
 * The largest token arrays kept for reuse (14 bytes a token): about a 4 MB file's. Those of a huge file
 * (a 50 MB buffer has 13 million tokens, 180 MB of arrays) would otherwise stay after it is closed.
 */
const MAX_SPARE_TOKENS = 1 << 20;

function takeSpareBuffers(capacity: number): TokenBuffers | undefined {
  const index = spareBuffers.findIndex((b) => b.kinds.length >= capacity);
  return index < 0 ? undefined : spareBuffers.splice(index, 1)[0];
}

/** Hands a token stream's arrays back for reuse; the stream must not be read afterwards. */
export function releaseTokens(tokens: TokenStream): void {
  if (spareBuffers.length < 2 && tokens.kinds.length <= MAX_SPARE_TOKENS) spareBuffers.push(tokens);
}

class Emitter {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  indents: Int32Array;
  /** End of the last token or comment: decides whether the next token is first on its line. */
  lastEnd = -1;
  lineStart = 0;
  lineIndent = 0;

  constructor(capacity: number) {
    const spare = takeSpareBuffers(capacity);
    this.kinds = spare?.kinds ?? new Uint8Array(capacity);
    this.starts = spare?.starts ?? new Int32Array(capacity);
    this.ends = spare?.ends ?? new Int32Array(capacity);
    this.flags = spare?.flags ?? new Uint8Array(capacity);
    this.indents = spare?.indents ?? new Int32Array(capacity);
  }

  emit(kind: Tok, start: number, end: number, flags = 0): void {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    if (this.lastEnd <= this.lineStart) {
      flags |= TokFlag.FirstOnLine;
      this.lineIndent = start - this.lineStart;
    }
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.flags[i] = flags;
    this.indents[i] = this.lineIndent;
    this.lastEnd = end;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    this.starts = starts;
    const ends = new Int32Array(size);
    ends.set(this.ends);
    this.ends = ends;
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
    const indents = new Int32Array(size);
    indents.set(this.indents);
    this.indents = indents;
  }
}

export function lex(text: string, options: LexOptions = {}): LexResult {
  const template = options.template === true;
  const length = text.length;
  const out = new Emitter(Math.max(64, length >> 2));
  const comments: CommentSpan[] = [];
  const errors: LexError[] = [];
  const modes: Mode[] = [template ? Mode.Bare : Mode.Expression];
  const heredocs: Heredoc[] = [];
  /** Brace depths at which a `}` closes a template sequence (hclsyntax's retBraces). */
  const returnBraces: number[] = [];
  let braces = 0;
  let mode: Mode = modes[0]!;
  let pos = text.charCodeAt(0) === CH_BOM ? 1 : 0;
  let plainStringFlags = 0;

  const newLine = (offset: number): void => {
    out.lineStart = offset;
    out.lineIndent = 0;
  };

  const push = (next: Mode): void => {
    modes.push(next);
    mode = next;
  };
  const pop = (): void => {
    if (modes.length > 1) modes.pop();
    mode = modes[modes.length - 1]!;
  };

  const openSequence = (kind: Tok, start: number): void => {
    let end = start + 2;
    let flags = 0;
    if (text.charCodeAt(end) === CH_TILDE) {
      end++;
      flags = TokFlag.Strip;
    }
    out.emit(kind, start, end, flags);
    braces++;
    returnBraces.push(braces);
    if (heredocs.length > 0 && mode === Mode.Heredoc) heredocs[heredocs.length - 1]!.startOfLine = false;
    push(Mode.Expression);
    pos = end;
  };

  const closeBrace = (start: number, end: number, strip: boolean): void => {
    if (returnBraces.length > 0 && returnBraces[returnBraces.length - 1] === braces) {
      out.emit(Tok.TemplateSeqEnd, start, end, strip ? TokFlag.Strip : 0);
      braces--;
      returnBraces.pop();
      pop();
    } else {
      out.emit(strip ? Tok.TemplateSeqEnd : Tok.CBrace, start, end, strip ? TokFlag.Strip : 0);
      braces--;
    }
    pos = end;
  };

  while (pos < length) {
    if (mode === Mode.Quoted) {
      pos = lexQuoted(pos);
      continue;
    }
    if (mode === Mode.Heredoc) {
      pos = lexHeredocLine(pos);
      continue;
    }
    if (mode === Mode.Bare) {
      pos = lexBare(pos);
      continue;
    }
    const c = text.charCodeAt(pos);
    switch (c) {
      case CH_SPACE:
      case CH_TAB: {
        // Indentation comes in runs; skip a run in one tight loop.
        let p = pos + 1;
        for (let next = text.charCodeAt(p); next === CH_SPACE || next === CH_TAB; next = text.charCodeAt(++p));
        pos = p;
        continue;
      }
      case CH_LF:
        if (options.guided && endsQuotedInterpolation(pos)) continue;
        out.emit(Tok.Newline, pos, pos + 1);
        pos++;
        newLine(pos);
        continue;
      case CH_CR:
        if (text.charCodeAt(pos + 1) === CH_LF) {
          if (options.guided && endsQuotedInterpolation(pos + 1)) continue;
          out.emit(Tok.Newline, pos, pos + 2);
          pos += 2;
          newLine(pos);
        } else {
          invalid(pos, pos + 1, 'A carriage return must be followed by a line feed.');
        }
        continue;
      case CH_HASH:
        pos = lineComment(pos);
        continue;
      case CH_SLASH:
        if (text.charCodeAt(pos + 1) === CH_SLASH) pos = lineComment(pos);
        else if (text.charCodeAt(pos + 1) === CH_STAR) pos = blockComment(pos);
        else single(Tok.Slash);
        continue;
      case CH_QUOTE: {
        const end = plainStringEnd(pos);
        if (end > 0) {
          out.emit(Tok.String, pos, end, plainStringFlags);
          pos = end;
          continue;
        }
        out.emit(Tok.OQuote, pos, pos + 1);
        pos++;
        push(Mode.Quoted);
        continue;
      }
      case CH_LBRACE:
        out.emit(Tok.OBrace, pos, pos + 1);
        braces++;
        pos++;
        continue;
      case CH_RBRACE:
        closeBrace(pos, pos + 1, false);
        continue;
      case CH_TILDE:
        if (text.charCodeAt(pos + 1) === CH_RBRACE) closeBrace(pos, pos + 2, true);
        else invalid(pos, pos + 1, 'Bitwise operators are not supported. Did you mean "!"?');
        continue;
      case CH_LBRACKET:
        single(Tok.OBrack);
        continue;
      case CH_RBRACKET:
        single(Tok.CBrack);
        continue;
      case CH_LPAREN:
        single(Tok.OParen);
        continue;
      case CH_RPAREN:
        single(Tok.CParen);
        continue;
      case CH_COMMA:
        single(Tok.Comma);
        continue;
      case CH_PLUS:
        single(Tok.Plus);
        continue;
      case CH_MINUS:
        single(Tok.Minus);
        continue;
      case CH_PERCENT:
        single(Tok.Percent);
        continue;
      case CH_QUESTION:
        single(Tok.Question);
        continue;
      case CH_STAR:
        if (text.charCodeAt(pos + 1) === CH_STAR) {
          invalid(pos, pos + 2, '"**" is not a supported operator; exponentiation is not available as an operator.');
        } else single(Tok.Star);
        continue;
      case CH_DOT:
        if (text.charCodeAt(pos + 1) === CH_DOT && text.charCodeAt(pos + 2) === CH_DOT) double(Tok.Ellipsis, 3);
        else single(Tok.Dot);
        continue;
      case CH_COLON:
        if (text.charCodeAt(pos + 1) === CH_COLON) double(Tok.DoubleColon, 2);
        else single(Tok.Colon);
        continue;
      case CH_EQ: {
        const next = text.charCodeAt(pos + 1);
        if (next === CH_EQ) double(Tok.EqualOp, 2);
        else if (next === CH_GT) double(Tok.FatArrow, 2);
        else single(Tok.Equal);
        continue;
      }
      case CH_BANG:
        if (text.charCodeAt(pos + 1) === CH_EQ) double(Tok.NotEqual, 2);
        else single(Tok.Bang);
        continue;
      case CH_GT:
        if (text.charCodeAt(pos + 1) === CH_EQ) double(Tok.GreaterThanEq, 2);
        else single(Tok.GreaterThan);
        continue;
      case CH_LT:
        if (text.charCodeAt(pos + 1) === CH_EQ) double(Tok.LessThanEq, 2);
        else if (text.charCodeAt(pos + 1) === CH_LT && heredocOpener(pos)) continue;
        else single(Tok.LessThan);
        continue;
      case CH_AMP:
        if (text.charCodeAt(pos + 1) === CH_AMP) double(Tok.And, 2);
        else invalid(pos, pos + 1, 'Bitwise operators are not supported. Did you mean boolean AND ("&&")?');
        continue;
      case CH_PIPE:
        if (text.charCodeAt(pos + 1) === CH_PIPE) double(Tok.Or, 2);
        else invalid(pos, pos + 1, 'Bitwise operators are not supported. Did you mean boolean OR ("||")?');
        continue;
      case CH_CARET:
        invalid(pos, pos + 1, 'Bitwise operators are not supported.');
        continue;
      case CH_SEMICOLON:
        invalid(pos, pos + 1, 'The ";" character is not valid. Separate arguments with new lines and collection items with commas.');
        continue;
      case CH_BACKTICK:
        invalid(pos, pos + 1, 'The "`" character is not valid. For a multi-line string, use the heredoc syntax, like "<<EOT".');
        continue;
      case CH_APOSTROPHE:
        invalid(pos, pos + 1, 'Single quotes are not valid. Use double quotes (") to enclose strings.');
        continue;
      default:
        if (isDigit(c)) {
          number(pos);
          continue;
        }
        if (isAsciiIdentStart(c) || (c > 127 && identStartAt(pos))) {
          identifier(pos);
          continue;
        }
        unknownCharacter(pos);
        continue;
    }
  }
  out.emit(Tok.EOF, length, length);
  // Reused arrays hold stale tokens past the end; the parser may peek one past EOF, so mark it.
  if (out.count < out.kinds.length) out.kinds[out.count] = Tok.EOF;

  return {
    tokens: {
      count: out.count,
      kinds: out.kinds,
      starts: out.starts,
      ends: out.ends,
      flags: out.flags,
      indents: out.indents,
    },
    comments,
    errors,
  };

  /** Guided recovery: a line end inside `${...}` of a quoted string ends the interpolation and the string. */
  function endsQuotedInterpolation(at: number): boolean {
    if (modes.length < 3 || modes[modes.length - 2] !== Mode.Quoted) return false;
    const lineEnd = text.charCodeAt(at - 1) === CH_CR ? at - 1 : at;
    out.emit(Tok.QuotedNewline, lineEnd, lineEnd);
    braces = returnBraces.pop()! - 1;
    modes.length -= 2;
    mode = modes[modes.length - 1]!;
    return true;
  }

  function single(kind: Tok): void {
    out.emit(kind, pos, pos + 1);
    pos++;
  }

  function double(kind: Tok, width: number): void {
    out.emit(kind, pos, pos + width);
    pos += width;
  }

  function invalid(start: number, end: number, message: string): void {
    out.emit(Tok.Invalid, start, end);
    errors.push({ start, end, message });
    pos = end;
  }

  function unknownCharacter(start: number): void {
    const code = text.codePointAt(start)!;
    const end = start + (code > 0xffff ? 2 : 1);
    if (code === 0x201c || code === 0x201d) {
      invalid(start, end, 'Curly quotes are not valid here; replace them with straight quotes (").');
    } else if (code === CH_DOLLAR) {
      invalid(start, end, 'The "$" character is only valid inside a string, as part of "${".');
    } else if (/[\p{L}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(code))) {
      invalid(start, end, `The character "${String.fromCodePoint(code)}" is not used in the language.`);
    } else {
      const name = 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
      invalid(start, end, `The character ${name} is not used in the language${code === 0xfffd ? ' (the file may not be UTF-8 text)' : ''}.`);
    }
  }

  function identStartAt(at: number): boolean {
    return ID_START.test(String.fromCodePoint(text.codePointAt(at)!));
  }

  function identifier(start: number): void {
    let p = start;
    p += text.codePointAt(p)! > 0xffff ? 2 : 1;
    while (p < length) {
      const c = text.charCodeAt(p);
      if (c < 128) {
        if ((ASCII_CLASS[c]! & IDENT_CONTINUE) === 0) break;
        p++;
        continue;
      }
      const code = text.codePointAt(p)!;
      if (!ID_CONTINUE.test(String.fromCodePoint(code))) break;
      p += code > 0xffff ? 2 : 1;
    }
    out.emit(Tok.Ident, start, p);
    pos = p;
  }

  /** hclsyntax's NumberLit: digits, dots and exponents, never ending in a dot. */
  function number(start: number): void {
    let p = start + 1;
    let lastWasDot = false;
    for (;;) {
      const c = text.charCodeAt(p);
      if (isDigit(c)) {
        p++;
        lastWasDot = false;
      } else if (c === CH_DOT) {
        p++;
        lastWasDot = true;
      } else if (c === 101 || c === 69) {
        let q = p + 1;
        const sign = text.charCodeAt(q);
        if (sign === CH_PLUS || sign === CH_MINUS) q++;
        if (!isDigit(text.charCodeAt(q))) break;
        p = q + 1;
        lastWasDot = false;
      } else break;
    }
    if (lastWasDot) p--;
    out.emit(Tok.Number, start, p);
    pos = p;
  }

  function lineComment(start: number): number {
    const newline = text.indexOf('\n', start);
    let p = newline === -1 ? length : newline;
    if (p > start && text.charCodeAt(p - 1) === CH_CR && newline !== -1) p--; // the comment stops before CRLF
    comments.push({ start, end: p });
    out.lastEnd = p;
    return p;
  }

  function blockComment(start: number): number {
    const close = text.indexOf('*/', start + 2);
    const end = close === -1 ? length : close + 2;
    comments.push({ start, end });
    if (close === -1) errors.push({ start, end: start + 2, message: 'Unterminated comment: "/*" has no closing "*/".' });
    // Line starts inside the comment move on, so indentation is measured from the line it ends on.
    let newline = end - 1;
    while (newline >= start && text.charCodeAt(newline) !== CH_LF) newline--;
    if (newline >= start) newLine(newline + 1);
    out.lastEnd = end;
    return end;
  }

  /** `<<EOT` or `<<-EOT` immediately followed by a newline opens a heredoc; anything else is two `<`. */
  function heredocOpener(start: number): boolean {
    let p = start + 2;
    let indented = false;
    if (text.charCodeAt(p) === CH_MINUS) {
      indented = true;
      p++;
    }
    const markerStart = p;
    const c = text.charCodeAt(p);
    if (!(isAsciiIdentStart(c) || (c > 127 && identStartAt(p)))) return false;
    p++;
    while (p < length && (isAsciiIdentContinue(text.charCodeAt(p)) || (text.charCodeAt(p) > 127 && ID_CONTINUE.test(text[p]!)))) p++;
    const markerEnd = p;
    if (text.charCodeAt(p) === CH_CR) p++;
    if (text.charCodeAt(p) !== CH_LF) return false;
    p++;
    out.emit(Tok.OHeredoc, start, p, indented ? TokFlag.IndentedHeredoc : 0);
    heredocs.push({ marker: text.slice(markerStart, markerEnd), openerStart: start, openerEnd: markerEnd, startOfLine: true });
    push(Mode.Heredoc);
    newLine(p);
    pos = p;
    return true;
  }

  /** Scans literal text of a quoted template up to the next sequence, quote or line end. */
  /**
   * The end (after the closing quote) of a string starting at `open` that closes on its line with no
   * template sequence in it, or -1. Sets plainStringFlags when it holds escapes.
   */
  function plainStringEnd(open: number): number {
    let p = open + 1;
    plainStringFlags = 0;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c > CH_PERCENT && c !== CH_BACKSLASH) {
        p++;
        continue;
      }
      if (c === CH_QUOTE) return p + 1;
      if (c === CH_BACKSLASH) {
        const next = text.charCodeAt(p + 1);
        if (p + 1 >= length || next === CH_LF || next === CH_CR) return -1;
        plainStringFlags = TokFlag.Escaped;
        p += 2;
        continue;
      }
      if (c === CH_DOLLAR || c === CH_PERCENT) {
        if (text.charCodeAt(p + 1) === CH_LBRACE) return -1;
        if (text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === CH_LBRACE) {
          plainStringFlags = TokFlag.Escaped;
          p += 3;
          continue;
        }
        p++;
        continue;
      }
      if (p >= length || c === CH_LF || c === CH_CR) return -1;
      p++;
    }
  }

  function lexQuoted(start: number): number {
    let p = start;
    let escaped = 0;
    while (p < length) {
      const c = text.charCodeAt(p);
      // Every character that matters here (" $ % CR LF) is at most 37, apart from the backslash.
      if (c > CH_PERCENT && c !== CH_BACKSLASH) {
        p++;
        continue;
      }
      if (c === CH_QUOTE) {
        if (p > start) out.emit(Tok.QuotedLit, start, p, escaped);
        out.emit(Tok.CQuote, p, p + 1);
        pop();
        return p + 1;
      }
      if (c === CH_LF || c === CH_CR) {
        // hclsyntax would carry on scanning the string on the next line; ending it here keeps a missing
        // quote from swallowing the rest of the file.
        if (p > start) out.emit(Tok.QuotedLit, start, p, escaped);
        out.emit(Tok.QuotedNewline, p, p);
        pop();
        return p;
      }
      if (c === CH_BACKSLASH) {
        const next = text.charCodeAt(p + 1);
        if (p + 1 >= length || next === CH_LF || next === CH_CR) {
          if (p > start) out.emit(Tok.QuotedLit, start, p, escaped);
          out.emit(Tok.Invalid, p, p + 1);
          errors.push({ start: p, end: p + 1, message: 'A backslash must be followed by an escape sequence.' });
          return p + 1;
        }
        escaped = TokFlag.Escaped;
        p += 2;
        continue;
      }
      if ((c === CH_DOLLAR || c === CH_PERCENT) && text.charCodeAt(p + 1) === CH_LBRACE) {
        if (p > start) out.emit(Tok.QuotedLit, start, p, escaped);
        openSequence(c === CH_DOLLAR ? Tok.TemplateInterp : Tok.TemplateControl, p);
        return pos;
      }
      if ((c === CH_DOLLAR || c === CH_PERCENT) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === CH_LBRACE) {
        escaped = TokFlag.Escaped;
        p += 3; // `$${` and `%%{` are escapes for a literal `${` and `%{`
        continue;
      }
      p++;
    }
    if (p > start) out.emit(Tok.QuotedLit, start, p, escaped);
    return p;
  }

  /**
   * Where the next template sequence (`${` or `%{`) starts in [from, to), or -1; `escapes` tells whether
   * an escaped one (`$${`, `%%{`) was passed on the way.
   */
  function nextSequence(from: number, to: number): { at: number; escapes: boolean } {
    let escapes = false;
    for (let brace = text.indexOf('{', from); brace !== -1 && brace < to; brace = text.indexOf('{', brace + 1)) {
      const sigil = text.charCodeAt(brace - 1);
      if (brace - 1 < from || (sigil !== CH_DOLLAR && sigil !== CH_PERCENT)) continue;
      // A run of sigils before `{`: the last two make an escape, as in hclsyntax's left-to-right scan.
      if (brace - 2 >= from && text.charCodeAt(brace - 2) === sigil) {
        escapes = true;
        continue;
      }
      return { at: brace - 1, escapes };
    }
    return { at: -1, escapes };
  }

  function lexBare(start: number): number {
    const next = nextSequence(start, length);
    const end = next.at === -1 ? length : next.at;
    if (end > start) out.emit(Tok.StringLit, start, end, next.escapes ? TokFlag.Escaped : 0);
    if (next.at === -1) return length;
    openSequence(text.charCodeAt(next.at) === CH_DOLLAR ? Tok.TemplateInterp : Tok.TemplateControl, next.at);
    return pos;
  }

  /** Whether [start, end) holds only the marker, with blanks around it (hclsyntax trims Unicode spaces). */
  function isMarkerLine(start: number, end: number, marker: string): boolean {
    let s = start;
    while (s < end && isAsciiBlank(text.charCodeAt(s))) s++;
    if (s < end && text.charCodeAt(s) > 127) return trimSpaceEnd(trimSpaceStart(text.slice(start, end))) === marker;
    if (!text.startsWith(marker, s)) return false;
    let e = s + marker.length;
    while (e < end && isAsciiBlank(text.charCodeAt(e))) e++;
    if (e < end && text.charCodeAt(e) > 127) return trimSpaceEnd(trimSpaceStart(text.slice(start, end))) === marker;
    return e === end;
  }

  /** Scans heredoc text: up to a sequence, or one whole line (which may be the closing marker). */
  function lexHeredocLine(start: number): number {
    const heredoc = heredocs[heredocs.length - 1]!;
    if (options.guided && heredoc.startOfLine && start === out.lineStart && TOP_LEVEL_BLOCK_LINE.test(text.slice(start, start + 200))) {
      out.emit(Tok.CHeredoc, start, start);
      errors.push({
        start: heredoc.openerStart,
        end: heredoc.openerEnd,
        message: `This heredoc has no closing "${heredoc.marker}" line; it is taken to end before the next top-level block.`,
      });
      heredocs.pop();
      pop();
      return start;
    }
    const newline = text.indexOf('\n', start);
    const next = nextSequence(start, newline === -1 ? length : newline);
    const flags = next.escapes ? TokFlag.Escaped : 0;
    if (next.at !== -1) {
      if (next.at > start) out.emit(Tok.StringLit, start, next.at, flags);
      heredoc.startOfLine = false;
      openSequence(text.charCodeAt(next.at) === CH_DOLLAR ? Tok.TemplateInterp : Tok.TemplateControl, next.at);
      return pos;
    }
    if (newline !== -1) {
      const lineEnd = newline > start && text.charCodeAt(newline - 1) === CH_CR ? newline - 1 : newline;
      if (heredoc.startOfLine && isMarkerLine(start, lineEnd, heredoc.marker)) {
        out.emit(Tok.CHeredoc, start, lineEnd);
        heredocs.pop();
        pop();
        return lineEnd; // the newline is scanned as an ordinary Newline token
      }
      out.emit(Tok.StringLit, start, newline + 1, flags);
      heredoc.startOfLine = true;
      newLine(newline + 1);
      return newline + 1;
    }
    const p = length;
    // End of file inside a heredoc. A last line that is the marker without its newline is still taken as
    // the end, so the structure survives, but Terraform rejects it, so it is an error.
    if (heredoc.startOfLine && isMarkerLine(start, p, heredoc.marker)) {
      out.emit(Tok.CHeredoc, start, p);
      errors.push({ start, end: p, message: `The heredoc's closing marker "${heredoc.marker}" must be followed by a new line.` });
      heredocs.pop();
      pop();
      return p;
    }
    if (p > start) out.emit(Tok.StringLit, start, p, flags);
    return p;
  }
}
