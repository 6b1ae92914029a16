// Strict JSON (RFC 8259, as Terraform and JSON.parse read it) through jsonc-parser, which VS Code uses: no
// comments, no trailing commas, nothing after the value. Reading stops at the first error, which is
// classified with its exact offset (jsonc-parser puts a string's errors at its opening quote) so that each
// caller can word it for its own readers.
import { ParseErrorCode, visit, type JSONVisitor } from 'jsonc-parser';

export type JsonErrorKind =
  | 'end-of-input'
  | 'trailing-comma'
  | 'expected-key'
  | 'expected-colon'
  | 'expected-comma'
  | 'expected-value'
  | 'unexpected'
  | 'after-end'
  | 'comment'
  | 'unterminated-string'
  | 'bad-escape'
  | 'control-character'
  | 'bad-number'
  | 'too-deep';

export interface StrictJsonError {
  readonly kind: JsonErrorKind;
  /** Where the error is: the offending character or token, the escape's backslash, a string's opening quote. */
  readonly offset: number;
  /** For `expected-comma`: the container whose `,` is missing. */
  readonly container?: 'object' | 'array';
  /** For `bad-escape`: the escape as written (`\q`, `\u12`). */
  readonly escape?: string;
  /** For `unterminated-string`: where the string stops (a line break, or the end of the text). */
  readonly stringEnd?: number;
}

/** What the visitor sees of the document: jsonc-parser's callbacks, called only while no error has been found. */
export type StrictJsonVisitor = Pick<JSONVisitor, 'onObjectBegin' | 'onObjectProperty' | 'onObjectEnd' | 'onArrayBegin' | 'onArrayEnd' | 'onLiteralValue'>;

const OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

class Stop {
  constructor(readonly error: StrictJsonError) {}
}

/**
 * Reads `text` as strict JSON, calling `visitor` for each value; returns the first error, or undefined when
 * the text is valid. Objects and arrays nested deeper than `maxNesting` are an error (`too-deep`), so that
 * no input can exhaust the stack. A byte order mark at the start is skipped.
 */
export function visitStrictJson(text: string, visitor: StrictJsonVisitor, maxNesting: number): StrictJsonError | undefined {
  // The BOM becomes a space, which keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  // Only the rare callbacks are wrapped: values and names, the hot ones, go straight to the visitor.
  const containers: ('object' | 'array')[] = [];
  const begin = (kind: 'object' | 'array', offset: number): void => {
    if (containers.length >= maxNesting) throw new Stop({ kind: 'too-deep', offset });
    containers.push(kind);
  };
  const { onObjectBegin, onObjectEnd, onArrayBegin, onArrayEnd } = visitor;
  try {
    visit(
      source,
      {
        onObjectBegin: (offset, length, line, column, path) => {
          begin('object', offset);
          onObjectBegin?.(offset, length, line, column, path);
        },
        onObjectEnd: (offset, length, line, column) => {
          containers.pop();
          onObjectEnd?.(offset, length, line, column);
        },
        onArrayBegin: (offset, length, line, column, path) => {
          begin('array', offset);
          onArrayBegin?.(offset, length, line, column, path);
        },
        onArrayEnd: (offset, length, line, column) => {
          containers.pop();
          onArrayEnd?.(offset, length, line, column);
        },
        ...(visitor.onObjectProperty && { onObjectProperty: visitor.onObjectProperty }),
        ...(visitor.onLiteralValue && { onLiteralValue: visitor.onLiteralValue }),
        onError: (code, offset, length) => {
          throw new Stop(classify(source, code, offset, length, containers[containers.length - 1]));
        },
      },
      OPTIONS,
    );
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.error;
    throw error;
  }
}

/** The error, told from jsonc-parser's code and the text before it (what was due there). */
function classify(text: string, code: ParseErrorCode, offset: number, length: number, container: 'object' | 'array' | undefined): StrictJsonError {
  const token = text.slice(offset, offset + length);
  switch (code) {
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return { kind: 'comment', offset };
    case ParseErrorCode.UnexpectedEndOfString:
      return { kind: 'unterminated-string', offset, stringEnd: offset + length };
    case ParseErrorCode.InvalidEscapeCharacter:
    case ParseErrorCode.InvalidUnicode: {
      const bad = /\\(?:u(?![0-9a-fA-F]{4})[0-9a-fA-F]{0,3}|[^"\\/bfnrtu])/.exec(token);
      return { kind: 'bad-escape', offset: offset + (bad?.index ?? 0), escape: bad?.[0] ?? '\\' };
    }
    case ParseErrorCode.InvalidCharacter:
      return { kind: 'control-character', offset: offset + Math.max(0, token.search(/[\u0000-\u001f]/)) };
    case ParseErrorCode.InvalidNumberFormat:
    case ParseErrorCode.UnexpectedEndOfNumber:
      return { kind: 'bad-number', offset };
  }
  if (offset >= text.length) return { kind: 'end-of-input', offset: text.length };
  // `01`, `1.2.3`: a number's scan stopped early, and what follows it at once is no separator.
  const numberStart = offset - (/-?[0-9][0-9.eE+-]*$/.exec(text.slice(Math.max(0, offset - 400), offset))?.[0].length ?? 0);
  if (numberStart < offset && /[0-9.eE+-]/.test(text[offset] ?? '')) return { kind: 'bad-number', offset: numberStart };
  const previous = text.slice(0, offset).trimEnd();
  const before = previous[previous.length - 1];
  // Outside every container after a value: the document is complete.
  if (container === undefined && before !== undefined) return { kind: 'after-end', offset };
  switch (code) {
    case ParseErrorCode.PropertyNameExpected:
      return { kind: before === ',' ? 'trailing-comma' : 'expected-key', offset };
    case ParseErrorCode.ValueExpected:
      return { kind: before === ',' && /[\]}]/.test(text[offset] ?? '') ? 'trailing-comma' : 'expected-value', offset };
    case ParseErrorCode.ColonExpected:
      return { kind: 'expected-colon', offset };
    case ParseErrorCode.CommaExpected:
    case ParseErrorCode.CloseBraceExpected:
    case ParseErrorCode.CloseBracketExpected:
      return { kind: 'expected-comma', offset, container: container ?? 'object' };
    case ParseErrorCode.EndOfFileExpected:
      return { kind: 'after-end', offset };
    default:
      // An unknown token (a bare word, a stray character): where a name is due, it is a name left unquoted.
      return { kind: container === 'object' && (before === '{' || before === ',') ? 'expected-key' : 'unexpected', offset };
  }
}
