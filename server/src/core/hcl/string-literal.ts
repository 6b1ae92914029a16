// Turns the raw text of a template literal into its value: escape sequences in quoted strings
// (`\n`, `\"`, `\u00e9`, ...) and the template escapes `$${` and `%%{` in both quoted strings and heredocs.
// And back: a value as a quoted string, as Terraform writes one (an instance key in an address).

export interface EscapeError {
  /** Offsets relative to the start of the raw text. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface Unescaped {
  readonly value: string;
  readonly errors: readonly EscapeError[];
}

const NO_ERRORS: readonly EscapeError[] = [];

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Characters below U+0300 are stable under NFC and compose with nothing before them: most literals skip the work. */
const MAY_NEED_NORMALIZING = /[\u0300-\uffff]/;

/**
 * A literal's value in Unicode Normalization Form C, as HCL gives it (hclsyntax/spec.md), so `"años"`
 * typed with a combining tilde equals the one typed with a precomposed ñ.
 */
export function normalizeLiteral(value: string): string {
  return MAY_NEED_NORMALIZING.test(value) ? value.normalize('NFC') : value;
}

export function unescapeLiteral(raw: string, quoted: boolean): Unescaped {
  // Fast path: most literals hold nothing to unescape.
  if ((!quoted || raw.indexOf('\\') === -1) && raw.indexOf('$$') === -1 && raw.indexOf('%%') === -1) {
    return { value: raw, errors: NO_ERRORS };
  }
  let value = '';
  let errors: EscapeError[] | undefined;
  let i = 0;
  let runStart = 0;
  const fail = (start: number, end: number, message: string): void => {
    (errors ??= []).push({ start, end, message });
  };
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if ((c === 36 || c === 37) && raw.charCodeAt(i + 1) === c && raw.charCodeAt(i + 2) === 123) {
      value += raw.slice(runStart, i) + raw[i] + '{';
      i += 3;
      runStart = i;
      continue;
    }
    if (!quoted || c !== 92) {
      i++;
      continue;
    }
    value += raw.slice(runStart, i);
    const selector = raw[i + 1];
    switch (selector) {
      case 'n':
        value += '\n';
        i += 2;
        break;
      case 'r':
        value += '\r';
        i += 2;
        break;
      case 't':
        value += '\t';
        i += 2;
        break;
      case '"':
        value += '"';
        i += 2;
        break;
      case '\\':
        value += '\\';
        i += 2;
        break;
      case 'u':
      case 'U': {
        const want = selector === 'u' ? 4 : 8;
        let end = i + 2;
        while (end < raw.length && end - (i + 2) < want && isHex(raw.charCodeAt(end))) end++;
        const digits = raw.slice(i + 2, end);
        if (digits.length !== want) {
          fail(i, end, `The \\${selector} escape sequence must be followed by ${want === 4 ? 'four' : 'eight'} hexadecimal digits.`);
          value += raw.slice(i, end);
        } else {
          const code = parseInt(digits, 16);
          if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            fail(i, end, `The character U+${digits.toUpperCase()} cannot be encoded in UTF-8.`);
          } else {
            value += String.fromCodePoint(code);
          }
        }
        i = end;
        break;
      }
      default: {
        const code = raw.codePointAt(i + 1);
        const width = code === undefined ? 0 : code > 0xffff ? 2 : 1;
        const symbol = raw.slice(i + 1, i + 1 + width);
        fail(i, i + 1 + width, `"\\${symbol}" is not a valid escape sequence.`);
        value += symbol;
        i += 1 + width;
      }
    }
    runStart = i;
  }
  value += raw.slice(runStart);
  return { value, errors: errors ?? NO_ERRORS };
}

/** Characters a quoted string cannot hold as they are: quotes, backslashes, controls, template introducers. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]|[$%]\{/;

/** A value as an HCL quoted string: quotes, backslashes and control characters escaped, template sequences doubled. */
export function quoteLiteral(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const code = char.charCodeAt(0);
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if ((char === '$' || char === '%') && text[i + 1] === '{') out += char + char;
    else out += char;
  }
  return `${out}"`;
}
