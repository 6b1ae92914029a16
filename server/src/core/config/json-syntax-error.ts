// Where and why a config file's JSON fails to parse. JSON.parse reports a position only for some errors, and
// its wording changes between Node versions, so jsonc-parser finds the first error (strict-json.ts) and it
// is worded here, the way a config's readers have always seen it.
import { MAX_NESTING } from '../hcl/parser';
import { visitStrictJson, type StrictJsonError } from '../json/strict-json';

export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The first syntax error in `text`, or undefined when it is valid JSON. Lines and columns are 1-based. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const error = visitStrictJson(text, {}, MAX_NESTING);
  if (error === undefined) return undefined;
  return { ...lineAndColumn(text, error.offset), message: describe(text, error) };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describe(text: string, error: StrictJsonError): string {
  const char = text[error.offset];
  if (char === undefined) return 'Unexpected end of input';
  // A bare word (`flase`, an unquoted name) is shown whole.
  const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(error.offset, error.offset + 100))?.[0];
  const shown = char < ' ' ? JSON.stringify(char) : word || char;
  switch (error.kind) {
    case 'end-of-input':
      return 'Unexpected end of input';
    case 'trailing-comma':
      return `Unexpected token ${char} (trailing comma)`;
    case 'expected-key':
      return `Expected a double-quoted property name, found ${shown}`;
    case 'expected-colon':
      return `Expected ":" after property name, found ${shown}`;
    case 'expected-comma':
      return error.container === 'array'
        ? `Expected "," or "]" after array element, found ${shown}`
        : `Expected "," or "}" after property value, found ${shown}`;
    case 'expected-value':
    case 'unexpected':
      return `Unexpected token ${shown}`;
    case 'after-end':
      return 'Unexpected content after the end of the JSON value';
    case 'comment':
      return 'Unexpected token / (comments are not allowed in JSON)';
    case 'unterminated-string':
      return 'Unterminated string';
    case 'bad-escape':
      return `Invalid escape sequence ${error.escape ?? '\\'}`;
    case 'control-character':
      return 'Control character in string (use an escape sequence)';
    case 'bad-number':
      return 'Invalid number';
    case 'too-deep':
      return `Nested too deeply (more than ${MAX_NESTING} levels)`;
  }
}
