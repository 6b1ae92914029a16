// JSON read into nodes that keep the offsets of every value and key (jsonc-parser reads, strictly; see
// strict-json.ts). A document with an error gives no root and that one error. Numbers are read from their
// source text; a string with escapes maps each character of its value back to the file.
import { MAX_NESTING, type RawError } from '../hcl/parser';
import { visitStrictJson, type StrictJsonError } from './strict-json';

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

type Container =
  | { readonly type: 'object'; readonly members: JsonMember[]; readonly start: number; key?: JsonStringNode | undefined }
  | { readonly type: 'array'; readonly items: JsonNode[]; readonly start: number };

export function parseJsonText(text: string): { root: JsonNode | undefined; errors: RawError[] } {
  const stack: Container[] = [];
  let root: JsonNode | undefined;
  const add = (node: JsonNode): void => {
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = node;
    else if (parent.type === 'array') parent.items.push(node);
    else if (parent.key !== undefined) {
      parent.members.push({ key: parent.key, value: node });
      parent.key = undefined;
    }
  };
  const end = (offset: number, length: number): void => {
    const container = stack.pop();
    if (container === undefined) return;
    const { start } = container;
    add(
      container.type === 'object'
        ? { type: 'object', members: container.members, start, end: offset + length }
        : { type: 'array', items: container.items, start, end: offset + length },
    );
  };
  const error = visitStrictJson(
    text,
    {
      onObjectBegin: (offset) => void stack.push({ type: 'object', members: [], start: offset }),
      onObjectProperty: (name: string, offset, length) => {
        const parent = stack[stack.length - 1];
        if (parent?.type === 'object') parent.key = stringNode(text, name, offset, length);
      },
      onObjectEnd: end,
      onArrayBegin: (offset) => void stack.push({ type: 'array', items: [], start: offset }),
      onArrayEnd: end,
      onLiteralValue: (value: unknown, offset, length) => {
        const range = { start: offset, end: offset + length };
        if (typeof value === 'string') add(stringNode(text, value, offset, length));
        // jsonc-parser's value is a double; the source text is what the number says.
        else if (typeof value === 'number') add({ type: 'number', value: Number(text.slice(offset, offset + length)), ...range });
        else if (typeof value === 'boolean') add({ type: 'boolean', value, ...range });
        else add({ type: 'null', ...range });
      },
    },
    MAX_NESTING,
  );
  if (error === undefined) return { root, errors: [] };
  // An unclosed string is reported where its closing quote is missing.
  const at = error.stringEnd ?? error.offset;
  return { root: undefined, errors: [{ start: at, end: Math.min(text.length, at + 1), message: describeError(text, error) }] };
}

/** A string node; where the source has escapes, the offset in the file of each character of the value. */
function stringNode(text: string, value: string, start: number, length: number): JsonStringNode {
  const end = start + length;
  const contentEnd = end - 1;
  // Every escape is longer than the character it stands for: without escapes the value is the source text.
  if (value.length === length - 2) return { type: 'string', value, offsets: undefined, start, end };
  const offsets: number[] = [];
  for (let pos = start + 1; pos < contentEnd;) {
    offsets.push(pos);
    if (text.charCodeAt(pos) !== 92) pos++;
    else pos += text[pos + 1] === 'u' ? 6 : 2;
  }
  offsets.push(contentEnd);
  return { type: 'string', value, offsets, start, end };
}

function describeError(text: string, error: StrictJsonError): string {
  const found = error.offset >= text.length ? 'the end of the file' : `"${text[error.offset]}"`;
  switch (error.kind) {
    case 'trailing-comma':
      if (text[error.offset] === '}') return `Expected a quoted property name, but found ${found}.`;
      return `Expected a JSON value, but found ${found}.`;
    case 'end-of-input':
    case 'expected-value':
    case 'unexpected':
      return `Expected a JSON value, but found ${found}.`;
    case 'expected-key':
      return `Expected a quoted property name, but found ${found}.`;
    case 'expected-colon':
      return `Expected ":" after the property name, but found ${found}.`;
    case 'expected-comma':
      return error.container === 'array' ? `Expected "," or "]" in this array, but found ${found}.` : `Expected "," or "}" in this object, but found ${found}.`;
    case 'after-end':
      return `Unexpected ${found} after the end of the JSON document.`;
    case 'comment':
      return 'Comments are not allowed in JSON.';
    case 'unterminated-string':
      return 'This string is missing its closing quote.';
    case 'bad-escape':
      return error.escape?.startsWith('\\u')
        ? '"\\u" must be followed by four hexadecimal digits.'
        : `"${error.escape ?? '\\'}" is not a valid escape sequence in JSON.`;
    case 'control-character':
      return 'Control characters must be escaped in JSON strings.';
    case 'bad-number':
      return `"${/^[-+0-9.eE]*/.exec(text.slice(error.offset))?.[0] ?? ''}" is not a valid JSON number.`;
    case 'too-deep':
      return `JSON is nested too deeply here (more than ${MAX_NESTING} levels).`;
  }
}
