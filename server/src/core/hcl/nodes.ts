// Mutable shapes the parsers build; they are handed out through the read-only types of rules/api.ts.
import type { Attribute, Block, Body, Expression, Range, TraversalExpr, VariableExpr } from '../../../../rules/api';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type MutableBlock = Mutable<Block>;
export type MutableBody = Mutable<Body>;

export function makeBody(items: (Attribute | Block)[], range: Range, indent: string, openBrace?: Range, closeBrace?: Range): Body {
  const attributes: Attribute[] = [];
  const blocks: Block[] = [];
  for (const item of items) {
    if (item.node === 'attribute') attributes.push(item);
    else blocks.push(item);
  }
  const body: MutableBody = { items, attributes, blocks, range, indent };
  if (openBrace) body.openBrace = openBrace;
  if (closeBrace) body.closeBrace = closeBrace;
  return body;
}

export function makeAttribute(
  name: string,
  nameRange: Range,
  expr: Expression,
  range: Range,
  file: string,
  referenceRoots?: readonly (VariableExpr | TraversalExpr)[],
): Attribute {
  return { node: 'attribute', name, nameRange, expr, range, file, referenceRoots };
}

/** Points nested blocks at their parent once the parent exists (blocks are built bottom-up). */
export function adoptChildren(block: Block): void {
  for (const child of block.body.blocks) (child as MutableBlock).parent = block;
}
