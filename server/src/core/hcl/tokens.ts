// Token kinds of HCL native syntax, as hclsyntax's scanner produces them.

export const enum Tok {
  EOF,
  Newline,
  Ident,
  Number,
  OBrace,
  CBrace,
  OBrack,
  CBrack,
  OParen,
  CParen,
  /** `"` opening a quoted template. */
  OQuote,
  /** `"` closing a quoted template. */
  CQuote,
  /** `<<EOT` or `<<-EOT` plus its newline. */
  OHeredoc,
  /** The heredoc's closing marker line (without its newline). */
  CHeredoc,
  /** Literal text inside a quoted template (may hold escapes). */
  QuotedLit,
  /** Literal text inside a heredoc: one line, or the part of a line before or after a sequence. */
  StringLit,
  /** A raw newline inside a quoted string (an error). */
  QuotedNewline,
  /** `${`, or `${~` with the strip flag. */
  TemplateInterp,
  /** `%{`, or `%{~` with the strip flag. */
  TemplateControl,
  /** `}` ending a template sequence, or `~}` with the strip flag. */
  TemplateSeqEnd,
  Star,
  Slash,
  Plus,
  Minus,
  Percent,
  Equal,
  EqualOp,
  NotEqual,
  LessThan,
  LessThanEq,
  GreaterThan,
  GreaterThanEq,
  And,
  Or,
  Bang,
  Dot,
  Comma,
  Ellipsis,
  FatArrow,
  Question,
  Colon,
  DoubleColon,
  /** A character the language does not use. */
  Invalid,
  /** Synthetic: a line where error recovery decided an unclosed construct ends. Never produced by the lexer. */
  Boundary,
  /** A whole quoted string with no template sequence, quotes included: the commonest value, as one token. */
  String,
}

/** Flags stored per token. */
export const enum TokFlag {
  /** `${~`, `%{~` or `~}`. */
  Strip = 1,
  /** No other token or comment precedes it on its line. */
  FirstOnLine = 2,
  /** A heredoc opener with `<<-`. */
  IndentedHeredoc = 4,
  /** Literal text holding an escape (`\n`, `$${`): its value differs from its source. */
  Escaped = 8,
}

const DESCRIPTIONS: { readonly [K in Tok]?: string } = {
  [Tok.EOF]: 'the end of the file',
  [Tok.Newline]: 'a new line',
  [Tok.Ident]: 'a name',
  [Tok.Number]: 'a number',
  [Tok.OBrace]: '"{"',
  [Tok.CBrace]: '"}"',
  [Tok.OBrack]: '"["',
  [Tok.CBrack]: '"]"',
  [Tok.OParen]: '"("',
  [Tok.CParen]: '")"',
  [Tok.OQuote]: 'a quoted string',
  [Tok.String]: 'a quoted string',
  [Tok.CQuote]: 'a closing quote',
  [Tok.OHeredoc]: 'a heredoc',
  [Tok.TemplateSeqEnd]: '"}"',
  [Tok.Equal]: '"="',
  [Tok.Comma]: '","',
  [Tok.Colon]: '":"',
  [Tok.Question]: '"?"',
  [Tok.Dot]: '"."',
  [Tok.Ellipsis]: '"..."',
  [Tok.FatArrow]: '"=>"',
  [Tok.Invalid]: 'an invalid character',
  [Tok.Boundary]: 'the start of the next item',
  [Tok.QuotedNewline]: 'the end of the line',
};

export function describeToken(kind: Tok, text: string): string {
  if (kind === Tok.Ident) return `"${text}"`;
  return DESCRIPTIONS[kind] ?? `"${text}"`;
}
