// Where and why a JSON text fails to parse. JSON.parse reports a position only for some errors, and its
// wording changes between Node versions, so this small scanner finds the first error itself.

export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The first syntax error in `text`, or undefined when it is valid JSON. Lines and columns are 1-based. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    return { ...lineAndColumn(text, error.offset), message: error.message };
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
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

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const LITERALS = ['true', 'false', 'null'];
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

class Scanner {
  private offset = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.skipWhitespace();
    this.value();
    this.skipWhitespace();
    if (this.offset < this.text.length) this.fail('Unexpected content after the end of the JSON value');
  }

  private value(): void {
    const char = this.peek();
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    const word = this.wordAt(this.offset);
    if (LITERALS.includes(word)) {
      this.offset += word.length;
      return;
    }
    return this.unexpected();
  }

  private object(): void {
    this.offset++;
    this.skipWhitespace();
    if (this.peek() === '}') {
      this.offset++;
      return;
    }
    for (;;) {
      if (this.peek() !== '"') this.unexpected('Expected a double-quoted property name');
      this.string();
      this.skipWhitespace();
      if (this.peek() !== ':') this.unexpected('Expected ":" after property name');
      this.offset++;
      this.skipWhitespace();
      this.value();
      this.skipWhitespace();
      const next = this.peek();
      this.offset++;
      if (next === '}') return;
      if (next !== ',') this.unexpectedAt(this.offset - 1, 'Expected "," or "}" after property value');
      this.skipWhitespace();
      if (this.peek() === '}') this.fail('Unexpected token } (trailing comma)');
    }
  }

  private array(): void {
    this.offset++;
    this.skipWhitespace();
    if (this.peek() === ']') {
      this.offset++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWhitespace();
      const next = this.peek();
      this.offset++;
      if (next === ']') return;
      if (next !== ',') this.unexpectedAt(this.offset - 1, 'Expected "," or "]" after array element');
      this.skipWhitespace();
      if (this.peek() === ']') this.fail('Unexpected token ] (trailing comma)');
    }
  }

  private string(): void {
    const start = this.offset;
    this.offset++;
    for (;;) {
      const char = this.peek();
      if (char === undefined || char === '\n' || char === '\r') {
        this.offset = start;
        this.fail('Unterminated string');
      }
      if (char === '"') {
        this.offset++;
        return;
      }
      if (char < ' ') this.fail('Control character in string (use an escape sequence)');
      if (char === '\\') {
        const escaped = this.text[this.offset + 1];
        const hex = this.text.slice(this.offset + 2, this.offset + 6);
        if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(hex)) this.offset += 6;
        else if (escaped !== undefined && ESCAPES.has(escaped)) this.offset += 2;
        else this.fail(`Invalid escape sequence \\${escaped ?? ''}`);
      } else {
        this.offset++;
      }
    }
  }

  private number(): void {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.offset));
    const end = this.offset + (match?.[0].length ?? 0);
    if (!match || /[0-9.eE+-]/.test(this.text[end] ?? '')) this.fail('Invalid number');
    this.offset = end;
  }

  private skipWhitespace(): void {
    while (this.offset < this.text.length && ' \t\n\r'.includes(this.text[this.offset])) this.offset++;
  }

  /** A bare word (`true`, or a misspelling such as `flase`) starting at `offset`, or ''. */
  private wordAt(offset: number): string {
    return /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(this.text.slice(offset, offset + 100))?.[0] ?? '';
  }

  private peek(): string | undefined {
    return this.text[this.offset];
  }

  private unexpected(expectation?: string): never {
    return this.unexpectedAt(this.offset, expectation);
  }

  private unexpectedAt(offset: number, expectation?: string): never {
    this.offset = offset;
    const char = this.text[offset];
    if (char === undefined) this.fail('Unexpected end of input');
    if (char === '/') this.fail('Unexpected token / (comments are not allowed in JSON)');
    const shown = char < ' ' ? JSON.stringify(char) : this.wordAt(offset) || char;
    this.fail(expectation ? `${expectation}, found ${shown}` : `Unexpected token ${shown}`);
  }

  private fail(message: string): never {
    throw new ScanError(this.offset, message);
  }
}
