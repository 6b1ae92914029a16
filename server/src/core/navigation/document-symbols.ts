// The outline of a Terraform file, from its parse: each top-level block by the address Terraform gives it
// (`aws_s3_bucket.logs`, `data.aws_ami.base`, `module.app`, `var.region`, `output.url`), each local value on
// its own, and inside them their arguments and nested blocks.
import type { Attribute, Block, Body, Range, SourceFile } from '../../../../rules/api';

/** The kinds an outline shows, named as LSP's SymbolKind names them (the adapter maps them). */
export type SymbolKindName = 'Class' | 'Struct' | 'Module' | 'Variable' | 'Constant' | 'Property' | 'Field' | 'Namespace' | 'Object' | 'Event';

export interface OutlineSymbol {
  readonly name: string;
  /** What it is, in words: `resource`, `data source`, `module`, `variable`, …; for a nested block its labels. */
  readonly detail: string;
  readonly kind: SymbolKindName;
  /** The whole declaration. */
  readonly range: Range;
  /** What is selected on a click: the block's header, or the argument's name. */
  readonly selection: Range;
  readonly children: readonly OutlineSymbol[];
}

/** How deep nested blocks are listed: deeper ones are rare, and the outline stays readable. */
const MAX_DEPTH = 4;

export function documentSymbols(file: SourceFile): OutlineSymbol[] {
  const symbols: OutlineSymbol[] = [];
  for (const item of file.body.items) {
    if (item.node === 'attribute')
      symbols.push(attributeSymbol(item, 'Property')); // a .tfvars file
    else if (item.type === 'locals')
      symbols.push(...item.body.attributes.map((a) => ({ ...attributeSymbol(a, 'Constant'), name: `local.${a.name}`, detail: 'local value' })));
    else symbols.push(topLevel(item));
  }
  return symbols;
}

function topLevel(block: Block): OutlineSymbol {
  const [first, second] = block.labels;
  const children = bodySymbols(block.body, 1);
  const symbol = (name: string, detail: string, kind: SymbolKindName): OutlineSymbol => ({
    name,
    detail,
    kind,
    range: block.range,
    selection: block.headerRange,
    children,
  });
  switch (block.type) {
    case 'resource':
      return symbol(`${first ?? '?'}.${second ?? '?'}`, 'resource', 'Class');
    case 'data':
      return symbol(`data.${first ?? '?'}.${second ?? '?'}`, 'data source', 'Struct');
    case 'ephemeral':
      return symbol(`ephemeral.${first ?? '?'}.${second ?? '?'}`, 'ephemeral resource', 'Struct');
    case 'module':
      return symbol(`module.${first ?? '?'}`, 'module', 'Module');
    case 'variable':
      return symbol(`var.${first ?? '?'}`, 'variable', 'Variable');
    case 'output':
      return symbol(`output.${first ?? '?'}`, 'output', 'Event');
    case 'provider':
      return symbol(`provider.${first ?? '?'}`, 'provider', 'Namespace');
    default:
      // terraform, moved, import, removed, check, …: the type, then its labels.
      return symbol([block.type, ...block.labels.map((l) => `"${l}"`)].join(' '), block.type, 'Namespace');
  }
}

function bodySymbols(body: Body, depth: number): OutlineSymbol[] {
  return body.items.map((item) => (item.node === 'attribute' ? attributeSymbol(item, 'Field') : nestedBlock(item, depth)));
}

function nestedBlock(block: Block, depth: number): OutlineSymbol {
  const name = block.type === 'dynamic' ? `dynamic "${block.labels[0] ?? '?'}"` : block.type;
  return {
    name,
    detail: block.type === 'dynamic' ? 'dynamic block' : block.labels.map((l) => `"${l}"`).join(' '),
    kind: 'Object',
    range: block.range,
    selection: block.headerRange,
    children: depth < MAX_DEPTH ? bodySymbols(block.body, depth + 1) : [],
  };
}

function attributeSymbol(attribute: Attribute, kind: SymbolKindName): OutlineSymbol {
  return { name: attribute.name, detail: '', kind, range: attribute.range, selection: attribute.nameRange, children: [] };
}
