// JSON exactly as Terraform writes and reads it (cty's json package over Go's encoding/json).
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError, Indeterminate } from '../eval-error';
import { makeObject, normalizeString, sortedKeys } from '../value-ops';
import { parseNumberText, plainDecimal } from './decimal';
import { NUMBER, typeEquals, typeOf, type TfType } from './types';

/** Terraform's JSON text for a wholly known value: sorted keys, no whitespace, Go's HTML-safe escaping. */
export function encodeJson(value: Value): string {
  if (value === UNKNOWN) throw new Indeterminate();
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new EvalError('cannot serialize infinity as JSON');
    return plainDecimal(value);
  }
  if (typeof value === 'string') return encodeJsonString(value);
  if (Array.isArray(value)) return `[${value.map(encodeJson).join(',')}]`;
  const object = value as { readonly [key: string]: Value };
  return `{${sortedKeys(object)
    .map((key) => `${encodeJsonString(key)}:${encodeJson(object[key] as Value)}`)
    .join(',')}}`;
}

const SHORT_ESCAPES: { readonly [char: string]: string } = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A JSON string as Go's encoding/json writes it, with HTML escaping. */
export function encodeJsonString(text: string): string {
  let out = '"';
  for (const char of normalizeString(text)) {
    const code = char.codePointAt(0) as number;
    const escape = Object.prototype.hasOwnProperty.call(SHORT_ESCAPES, char) ? SHORT_ESCAPES[char] : undefined;
    if (escape !== undefined) out += escape;
    // Go 1.22 started writing \b and \f; older Terraform releases write \u0008 and \u000c.
    else if (code === 0x08 || code === 0x0c) throw new Indeterminate('JSON escape that differs across Terraform versions');
    else if (code < 0x20) out += `\\u00${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) throw new Indeterminate('lone surrogate');
    else out += char;
  }
  return `${out}"`;
}

const MAX_DEPTH = 1000;

const STRING_ESCAPES: { readonly [char: string]: string } = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Parses JSON as Terraform's jsondecode does. Numbers without an exact double become UNKNOWN. */
export function decodeJson(text: string): Value {
  const parser = new JsonParser(text);
  parser.skipSpace();
  const value = parser.parseValue(0);
  parser.skipSpace();
  if (!parser.atEnd()) throw new EvalError('extraneous data after JSON object');
  return value;
}

class JsonParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text.charAt(this.pos))) this.pos++;
  }

  parseValue(depth: number): Value {
    if (depth > MAX_DEPTH) throw new Indeterminate('JSON nested too deeply');
    const char = this.text.charAt(this.pos);
    if (char === '{') return this.parseObject(depth);
    if (char === '[') return this.parseArray(depth);
    if (char === '"') return this.parseString();
    if (char === '-' || (char >= '0' && char <= '9')) return this.parseNumber();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    throw this.error(char === '' ? 'unexpected end of JSON input' : `invalid character ${JSON.stringify(char)} looking for beginning of value`);
  }

  private parseObject(depth: number): Value {
    this.pos++;
    const entries = new Map<string, Value>();
    this.skipSpace();
    if (this.text.charAt(this.pos) === '}') {
      this.pos++;
      return makeObject(entries);
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charAt(this.pos) !== '"') throw this.error('invalid character looking for beginning of object key string');
      const key = this.parseString();
      this.skipSpace();
      this.expect(':');
      this.skipSpace();
      const value = this.parseValue(depth + 1);
      const previous = entries.get(key);
      if (entries.has(key) && !typeEquals(jsonTypeOf(previous as Value), jsonTypeOf(value))) {
        throw new EvalError(`duplicate ${JSON.stringify(key)} property in JSON object`);
      }
      entries.set(key, value);
      this.skipSpace();
      const next = this.text.charAt(this.pos++);
      if (next === '}') return makeObject(entries);
      if (next !== ',') throw this.error('invalid character after object key:value pair');
    }
  }

  private parseArray(depth: number): Value {
    this.pos++;
    const items: Value[] = [];
    this.skipSpace();
    if (this.text.charAt(this.pos) === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.parseValue(depth + 1));
      this.skipSpace();
      const next = this.text.charAt(this.pos++);
      if (next === ']') return items;
      if (next !== ',') throw this.error('invalid character after array element');
    }
  }

  private parseString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const char = this.text.charAt(this.pos);
      if (char === '') throw this.error('unexpected end of JSON input');
      const code = char.charCodeAt(0);
      if (code < 0x20) throw this.error('invalid character in string literal');
      this.pos++;
      if (char === '"') return out;
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escape = this.text.charAt(this.pos++);
      if (Object.prototype.hasOwnProperty.call(STRING_ESCAPES, escape)) {
        out += STRING_ESCAPES[escape];
      } else if (escape === 'u') {
        out += this.parseUnicodeEscape();
      } else {
        throw this.error('invalid character in string escape code');
      }
    }
  }

  // Go decodes an unpaired surrogate escape as U+FFFD.
  private parseUnicodeEscape(): string {
    const high = this.hex4();
    if (high >= 0xd800 && high < 0xdc00 && this.text.startsWith('\\u', this.pos)) {
      const saved = this.pos;
      this.pos += 2;
      const low = this.hex4();
      if (low >= 0xdc00 && low < 0xe000) return String.fromCharCode(high, low);
      this.pos = saved;
    }
    if (high >= 0xd800 && high < 0xe000) return '\ufffd';
    return String.fromCharCode(high);
  }

  private hex4(): number {
    const digits = this.text.slice(this.pos, this.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) throw this.error('invalid character in \\u hexadecimal character escape');
    this.pos += 4;
    return parseInt(digits, 16);
  }

  private parseNumber(): Value {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match) throw this.error('invalid character in numeric literal');
    this.pos += match[0].length;
    try {
      return parseNumberText(match[0]);
    } catch (error) {
      if (error instanceof Indeterminate) return UNKNOWN;
      throw error;
    }
  }

  private expect(char: string): void {
    if (this.text.charAt(this.pos) !== char) throw this.error(`invalid character looking for ${JSON.stringify(char)}`);
    this.pos++;
  }

  private error(message: string): EvalError {
    return new EvalError(`${message} (at offset ${this.pos})`);
  }
}

// The type Terraform implies for decoded JSON; an UNKNOWN here is a number this engine cannot hold exactly.
function jsonTypeOf(value: Value): TfType {
  if (value === UNKNOWN) return NUMBER;
  if (Array.isArray(value)) return { kind: 'tuple', elements: value.map(jsonTypeOf) };
  if (typeof value === 'object' && value !== null) {
    const object = value as { readonly [key: string]: Value };
    return { kind: 'object', attributes: new Map(Object.keys(object).map((key) => [key, jsonTypeOf(object[key] as Value)])) };
  }
  return typeOf(value);
}
