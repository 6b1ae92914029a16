// A JSON parser that keeps offsets for every value and key, tolerates errors (it reports the first and
// keeps what it read) and never recurses deeper than MAX_NESTING.
import { MAX_NESTING, type RawError } from '../hcl/parser';

export type JsonNode =
  | { readonly type: 'object'; readonly members: readonly JsonMember[]; readonly start: number; readonly end: number }
  | { readonly type: 'array'; readonly items: readonly JsonNode[]; readonly start: number; readonly end: number }
  | {
      readonly type: 'string';
      readonly value: string;
      /** Offset in the file of each character of `value`, plus one entry for the end. */
      readonly offsets: readonly number[] | undefined;
      readonly start: number;
      readonly end: number;
    }
  | { readonly type: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly type: 'boolean'; readonly value: boolean; readonly start: number; readonly end: number }
  | { readonly type: 'null'; readonly start: number; readonly end: number }
  | { readonly type: 'invalid'; readonly start: number; readonly end: number };

export type JsonStringNode = Extract<JsonNode, { type: 'string' }>;

export interface JsonMember {
  readonly key: JsonStringNode;
  readonly value: JsonNode;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJsonText(text: string): { root: JsonNode | undefined; errors: RawError[] } {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let depth = 0;
  const errors: RawError[] = [];

  const skipSpace = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
  };

  const fail = (message: string): never => {
    throw new JsonSyntaxError(pos, message);
  };

  const describe = (): string => (pos >= text.length ? 'the end of the file' : `"${text[pos]}"`);

  const parseString = (): JsonStringNode => {
    const start = pos;
    pos++; // opening quote
    let value = '';
    let offsets: number[] | undefined;
    let runStart = pos;
    for (;;) {
      if (pos >= text.length) fail('This string is missing its closing quote.');
      const c = text.charCodeAt(pos);
      if (c === 34) break;
      if (c < 32) fail('Control characters must be escaped in JSON strings.');
      if (c !== 92) {
        pos++;
        continue;
      }
      // An escape: from here on each character of the value needs its own offset.
      if (!offsets) {
        offsets = [];
        for (let i = start + 1; i < pos; i++) offsets.push(i);
      } else for (let i = runStart; i < pos; i++) offsets.push(i);
      value += text.slice(runStart, pos);
      const selector = text[pos + 1] ?? '';
      if (selector === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('"\\u" must be followed by four hexadecimal digits.');
        value += String.fromCharCode(parseInt(hex, 16));
        offsets.push(pos);
        pos += 6;
      } else if (ESCAPES[selector] !== undefined) {
        value += ESCAPES[selector];
        offsets.push(pos);
        pos += 2;
      } else {
        fail(`"\\${selector}" is not a valid escape sequence in JSON.`);
      }
      runStart = pos;
    }
    value += text.slice(runStart, pos);
    if (offsets) {
      for (let i = runStart; i <= pos; i++) offsets.push(i);
    }
    pos++; // closing quote
    return { type: 'string', value: offsets ? value : text.slice(start + 1, pos - 1), offsets, start, end: pos };
  };

  const parseValue = (): JsonNode => {
    skipSpace();
    const start = pos;
    const c = text.charCodeAt(pos);
    if (c === 34) return parseString();
    if (c === 123 || c === 91) {
      if (++depth > MAX_NESTING) fail(`JSON is nested too deeply here (more than ${MAX_NESTING} levels).`);
      try {
        return c === 123 ? parseObject() : parseArray();
      } finally {
        depth--;
      }
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 64));
    if (number && number[0].length > 0) {
      pos += number[0].length;
      return { type: 'number', value: Number(number[0]), start, end: pos };
    }
    for (const [word, node] of [
      ['true', { type: 'boolean', value: true }],
      ['false', { type: 'boolean', value: false }],
      ['null', { type: 'null' }],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { ...node, start, end: pos } as JsonNode;
      }
    }
    return fail(`Expected a JSON value, but found ${describe()}.`);
  };

  const parseObject = (): JsonNode => {
    const start = pos;
    pos++;
    const members: JsonMember[] = [];
    skipSpace();
    if (text.charCodeAt(pos) === 125) {
      pos++;
      return { type: 'object', members, start, end: pos };
    }
    for (;;) {
      skipSpace();
      if (text.charCodeAt(pos) !== 34) fail(`Expected a quoted property name, but found ${describe()}.`);
      const key = parseString();
      skipSpace();
      if (text.charCodeAt(pos) !== 58) fail(`Expected ":" after the property name, but found ${describe()}.`);
      pos++;
      members.push({ key, value: parseValue() });
      skipSpace();
      const c = text.charCodeAt(pos);
      if (c === 44) {
        pos++;
        continue;
      }
      if (c === 125) {
        pos++;
        return { type: 'object', members, start, end: pos };
      }
      fail(`Expected "," or "}" in this object, but found ${describe()}.`);
    }
  };

  const parseArray = (): JsonNode => {
    const start = pos;
    pos++;
    const items: JsonNode[] = [];
    skipSpace();
    if (text.charCodeAt(pos) === 93) {
      pos++;
      return { type: 'array', items, start, end: pos };
    }
    for (;;) {
      items.push(parseValue());
      skipSpace();
      const c = text.charCodeAt(pos);
      if (c === 44) {
        pos++;
        continue;
      }
      if (c === 93) {
        pos++;
        return { type: 'array', items, start, end: pos };
      }
      fail(`Expected "," or "]" in this array, but found ${describe()}.`);
    }
  };

  try {
    const root = parseValue();
    skipSpace();
    if (pos < text.length) fail(`Unexpected ${describe()} after the end of the JSON document.`);
    return { root, errors };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    errors.push({ start: error.offset, end: Math.min(text.length, error.offset + 1), message: error.message });
    return { root: undefined, errors };
  }
}
