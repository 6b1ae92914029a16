// Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) read into the same model as native syntax, and
// Terragrunt's (`terragrunt.hcl.json` and the `.hcl.json` files it includes), whose blocks differ.
// Without a provider schema a JSON object inside a resource could be a map argument or a nested block, so
// it is offered as both: rules asking for the argument and rules asking for the block both find it.
import type { Attribute, Block, Body, Expression, ObjectItem, Range, SourceFile } from '../../../../rules/api';
import { lex, releaseTokens } from '../hcl/lexer';
import { endOffset, LineMap, startOffset } from '../hcl/line-map';
import { adoptChildren, makeAttribute, makeBody, type MutableBlock } from '../hcl/nodes';
import { Parser, type RawError } from '../hcl/parser';
import { toParseErrors } from '../parse-errors';
import { parseJsonText, type JsonMember, type JsonNode, type JsonStringNode } from './json-value';

/** Labels each top-level block type takes. */
const TOP_LEVEL_LABELS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  removed: 0,
};

/** Nested blocks Terraform itself defines, with their label counts, by the type of the enclosing block. */
const KNOWN_NESTED: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  terraform: { backend: 1, cloud: 0, required_providers: 0 },
  resource: { lifecycle: 0, provisioner: 1, connection: 0, dynamic: 1 },
  data: { lifecycle: 0, dynamic: 1 },
  dynamic: { content: 0 },
  variable: { validation: 0 },
  output: { precondition: 0 },
  lifecycle: { precondition: 0, postcondition: 0 },
};

/**
 * Terragrunt's blocks (https://terragrunt.gruntwork.io/docs/reference/hcl/blocks/), with their label
 * counts; every other top-level key (`inputs`, `prevent_destroy`, `download_dir`) is an attribute.
 * `include` takes one label or none (a bare include), told apart as Terragrunt does (bareInclude).
 */
const TERRAGRUNT_TOP_LEVEL: Readonly<Record<string, number>> = {
  include: 1,
  locals: 0,
  dependency: 1,
  dependencies: 0,
  generate: 1,
  remote_state: 0,
  terraform: 0,
  feature: 1,
  exclude: 0,
  errors: 0,
  engine: 0,
  catalog: 0,
};

const TERRAGRUNT_NESTED: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  terraform: { extra_arguments: 1, before_hook: 1, after_hook: 1, error_hook: 1 },
  errors: { retry: 1, ignore: 1 },
};

/**
 * Whether a JSON `include` is a bare block (`{"path": "..."}`, or a list of one): Terragrunt's
 * jsonIsIncludeBlock, an object with a string `path`. Otherwise its keys are the labels.
 */
function bareInclude(node: JsonNode): boolean {
  const single = node.type === 'array' && node.items.length === 1 ? node.items[0]! : node;
  return single.type === 'object' && single.members.some((m) => m.key.value === 'path' && m.value.type === 'string');
}

/** Block types whose other object-valued arguments may really be nested blocks of the provider's schema. */
const SCHEMA_BLOCKS = new Set(['resource', 'data', 'provider', 'content']);

class Converter {
  readonly errors: RawError[] = [];
  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly lines: LineMap,
    private readonly terragrunt = false,
  ) {}

  range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  topLevel(root: Extract<JsonNode, { type: 'object' }>): (Attribute | Block)[] {
    const items: (Attribute | Block)[] = [];
    const seen = new Map<string, JsonMember>();
    for (const member of root.members) {
      if (member.key.value === '//') continue;
      if (this.terragrunt) {
        const labels = TERRAGRUNT_TOP_LEVEL[member.key.value];
        if (labels === undefined) {
          if (!this.isDuplicate(member, seen)) items.push(this.attribute(member, true));
        } else {
          items.push(...this.blocks(member, member.key.value === 'include' && bareInclude(member.value) ? 0 : labels));
        }
        continue;
      }
      const labels = TOP_LEVEL_LABELS[member.key.value] ?? 0;
      items.push(...this.blocks(member, labels));
    }
    return items;
  }

  /** The blocks a member describes: `labels` levels of objects keyed by label, then a body or list of bodies. */
  private blocks(member: JsonMember, labelCount: number): Block[] {
    const result: Block[] = [];
    const walk = (node: JsonNode, labels: JsonStringNode[]): void => {
      if (labels.length === labelCount) {
        const bodies = node.type === 'array' ? node.items : [node];
        for (const body of bodies) {
          if (body.type !== 'object') {
            this.errors.push({
              start: body.start,
              end: body.end,
              message: `The content of a "${member.key.value}" block must be a JSON object.`,
              kind: 'json-schema',
            });
            continue;
          }
          result.push(this.block(member.key, labels, body));
        }
        return;
      }
      if (node.type !== 'object') {
        this.errors.push({
          start: node.start,
          end: node.end,
          message: `Expected an object keyed by the "${member.key.value}" block's labels.`,
          kind: 'json-schema',
        });
        return;
      }
      for (const next of node.members) {
        if (next.key.value === '//') continue;
        walk(next.value, [...labels, next.key]);
      }
    };
    walk(member.value, []);
    return result;
  }

  private block(typeKey: JsonStringNode, labelKeys: JsonStringNode[], body: Extract<JsonNode, { type: 'object' }>): Block {
    const type = typeKey.value;
    const typeRange = this.range(typeKey.start, typeKey.end);
    const labelRanges = labelKeys.map((k) => this.range(k.start, k.end));
    const headerEnd = labelKeys.length > 0 ? labelKeys[labelKeys.length - 1]!.end : typeKey.end;
    const block: MutableBlock = {
      node: 'block',
      type,
      labels: labelKeys.map((k) => k.value),
      typeRange,
      labelRanges,
      headerRange: this.range(typeKey.start, headerEnd),
      range: this.range(typeKey.start, body.end),
      body: this.body(body, type),
      file: this.path,
      damaged: false,
    };
    adoptChildren(block);
    return block;
  }

  private body(node: Extract<JsonNode, { type: 'object' }>, blockType: string): Body {
    const items: (Attribute | Block)[] = [];
    const known = (this.terragrunt ? TERRAGRUNT_NESTED : KNOWN_NESTED)[blockType] ?? {};
    const attributesOnly = blockType === 'locals' || blockType === 'required_providers';
    const seen = new Map<string, JsonMember>();
    for (const member of node.members) {
      const name = member.key.value;
      if (name === '//') continue;
      const labels = attributesOnly ? undefined : known[name];
      if (labels !== undefined) {
        items.push(...this.blocks(member, labels));
        continue;
      }
      const value = member.value;
      const objectLike = value.type === 'object' || (value.type === 'array' && value.items.length > 0 && value.items.every((i) => i.type === 'object'));
      const mayBeBlock = objectLike && SCHEMA_BLOCKS.has(blockType);
      // A block type may repeat; an argument may not.
      if (!mayBeBlock && this.isDuplicate(member, seen)) continue;
      items.push(this.attribute(member, true));
      if (mayBeBlock) items.push(...this.blocks(member, 0));
    }
    const first = node.members[0];
    return makeBody(
      items,
      this.range(node.start, node.end),
      first ? this.indentOf(first.key.start) : '',
      this.range(node.start, node.start + 1),
      this.range(node.end - 1, node.end),
    );
  }

  /**
   * Reports a key already used in the same object: Terraform's "Duplicate argument" in a body, "Duplicate
   * object attribute" in an object value. One wording for both, since an object in a resource may be read
   * as either. As in native syntax, the first one counts.
   */
  isDuplicate(member: JsonMember, seen: Map<string, JsonMember>): boolean {
    const existing = seen.get(member.key.value);
    if (existing === undefined) {
      seen.set(member.key.value, member);
      return false;
    }
    const line = this.lines.lineIndexOf(existing.key.start) + 1;
    const message = `The key "${member.key.value}" was already set at line ${line}. Each key may appear only once in a JSON object.`;
    this.errors.push({ start: member.key.start, end: member.key.end, message });
    return true;
  }

  private indentOf(offset: number): string {
    const lineStart = this.lines.lineStarts[this.lines.lineIndexOf(offset)]!;
    const prefix = this.text.slice(lineStart, offset);
    return /^[ \t]*$/.test(prefix) ? prefix : '';
  }

  attribute(member: JsonMember, templates: boolean): Attribute {
    const expr = this.expression(member.value, templates);
    return makeAttribute(member.key.value, this.range(member.key.start, member.key.end), expr, this.range(member.key.start, member.value.end), this.path);
  }

  private expression(node: JsonNode, templates: boolean): Expression {
    const range = this.range(node.start, node.end);
    switch (node.type) {
      case 'string':
        if (templates && /[$%]\{/.test(node.value)) return this.template(node);
        return { kind: 'literal', value: node.value, range, file: this.path };
      case 'number':
      case 'boolean':
        return { kind: 'literal', value: node.value, range, file: this.path };
      case 'null':
        return { kind: 'literal', value: null, range, file: this.path };
      case 'array':
        return { kind: 'tuple', items: node.items.map((item) => this.expression(item, templates)), range, file: this.path };
      case 'object': {
        const seen = new Map<string, JsonMember>();
        const items: ObjectItem[] = node.members
          .filter((m) => m.key.value !== '//' && !this.isDuplicate(m, seen))
          .map((m) => ({
            key: { kind: 'literal', value: m.key.value, range: this.range(m.key.start, m.key.end), file: this.path },
            value: this.expression(m.value, templates),
            range: this.range(m.key.start, m.value.end),
          }));
        return { kind: 'object', items, range, file: this.path };
      }
      default:
        return { kind: 'invalid', range, file: this.path };
    }
  }

  /** A JSON string holding `${...}`: parsed as an HCL template, with ranges pointing into the JSON file. */
  private template(node: JsonStringNode): Expression {
    const offsets = node.offsets;
    const base = node.start + 1;
    const toFileOffset = offsets ? (offset: number): number => offsets[offset] ?? node.end - 1 : (offset: number): number => base + offset;
    // Parsed on its own (offsets into the string's value), then every range moved into the file at once:
    // ranges the parser derives from other ranges must not be mapped twice.
    const lexed = lex(node.value, { template: true });
    const parser = new Parser(node.value, lexed, new LineMap(node.value), this.path, false);
    const { expr, errors } = parser.parseBareTemplate();
    releaseTokens(lexed.tokens);
    for (const e of [...lexed.errors, ...errors]) this.errors.push({ start: toFileOffset(e.start), end: toFileOffset(e.end), message: e.message });
    const moved = moveRanges(expr, (r) => this.range(toFileOffset(startOffset(r)), toFileOffset(endOffset(r))));
    return { ...moved, range: this.range(node.start, node.end) };
  }
}

function isRange(value: object): value is Range {
  const candidate = value as Partial<Range>;
  return typeof candidate.start?.offset === 'number' && typeof candidate.end?.offset === 'number';
}

/** A copy of a syntax tree with every range replaced by `move(range)`. */
function moveRanges<T>(node: T, move: (range: Range) => Range): T {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((item: unknown) => moveRanges(item, move)) as T;
  if (isRange(node)) return move(node) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = moveRanges(value, move);
  return copy as T;
}

export function parseJsonConfig(path: string, text: string): SourceFile {
  const lines = new LineMap(text);
  const { root, errors } = parseJsonText(text);
  // terragrunt.hcl.json, root.hcl.json: Terragrunt's configuration (Terraform's files end .tf.json or .tfvars.json).
  const terragrunt = path.endsWith('.hcl.json');
  const converter = new Converter(path, text, lines, terragrunt);
  let items: (Attribute | Block)[] = [];
  if (root) {
    if (root.type !== 'object') {
      const message = `A ${terragrunt ? 'Terragrunt' : 'Terraform'} JSON file must contain one JSON object.`;
      converter.errors.push({ start: root.start, end: root.end, message, kind: 'json-schema' });
    } else if (path.endsWith('.tfvars.json')) {
      const seen = new Map<string, JsonMember>();
      items = root.members.filter((m) => m.key.value !== '//' && !converter.isDuplicate(m, seen)).map((m) => converter.attribute(m, false));
    } else {
      items = converter.topLevel(root);
    }
  }
  return {
    path,
    text,
    format: 'json',
    body: makeBody(items, lines.range(0, text.length), ''),
    comments: [],
    errors: toParseErrors([...errors, ...converter.errors], lines),
  };
}
