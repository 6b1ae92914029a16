// Text edits the queue rules' suggestions share: a new resource after an existing one, a multi-line argument
// laid out as `terraform fmt` leaves it, and labels that do not clash with the module.
import type { Block, Fixer, Position, Range, RuleContext } from '../api';

/** A resource label built from another (`jobs` + `dlq` gives `jobs_dlq`), or undefined when it is taken. */
export function freeLabel(ctx: RuleContext, type: string, base: string, suffix: string): string | undefined {
  const label = `${base}_${suffix}`;
  return ctx.module.resource(type, label) ? undefined : label;
}

/** Adds whole resource blocks (text without indentation) after a top-level block, a blank line between each. */
export function insertResourcesAfter(fixer: Fixer, block: Block, resources: readonly string[]): void {
  fixer.insertAfter(block, resources.map((text) => `\n\n${text.trimEnd()}`).join(''));
}

/** `resource "type" "label" { ... }` from argument lines and nested block lines, indented two spaces. */
export function resourceText(type: string, label: string, lines: readonly string[]): string {
  return [`resource "${type}" "${label}" {`, ...lines.map((line) => (line === '' ? '' : `  ${line}`)), '}'].join('\n');
}

/** `name = value` lines with the `=` aligned, as `terraform fmt` aligns consecutive one-line arguments. */
export function alignedArguments(pairs: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...pairs.map(([name]) => name.length));
  return pairs.map(([name, value]) => `${name.padEnd(width)} = ${value}`);
}

/**
 * Adds an argument whose value spans several lines after the block's last argument. `valueLines` are
 * indented relative to the argument; `terraform fmt` does not align such an argument with its neighbours.
 */
export function appendMultilineArgument(ctx: RuleContext, fixer: Fixer, block: Block, name: string, valueLines: readonly string[]): void {
  const indent = block.body.indent || '  ';
  const last = block.body.attributes[block.body.attributes.length - 1];
  const [first, ...rest] = valueLines;
  const lines = [`${indent}${name} = ${first ?? ''}`, ...rest.map((line) => `${indent}${line}`)];
  insertAtEndOfLine(ctx, fixer, block, last ? last.range.end.offset : openingOffset(block), `\n${lines.join('\n')}`);
}

/** Adds a nested block (its lines without indentation) after the block's last argument or nested block. */
export function appendNestedBlock(ctx: RuleContext, fixer: Fixer, block: Block, blockLines: readonly string[]): void {
  const indent = block.body.indent || '  ';
  const last = block.body.items[block.body.items.length - 1];
  const separator = last ? '\n\n' : '\n';
  insertAtEndOfLine(
    ctx,
    fixer,
    block,
    last ? last.range.end.offset : openingOffset(block),
    separator + blockLines.map((l) => (l === '' ? '' : indent + l)).join('\n'),
  );
}

function openingOffset(block: Block): number {
  return block.body.openBrace?.end.offset ?? block.range.start.offset;
}

/** Inserts text at the end of the line holding `offset` (before a trailing comment's newline, after the comment). */
function insertAtEndOfLine(ctx: RuleContext, fixer: Fixer, block: Block, offset: number, text: string): void {
  const source = ctx.module.file(block.file)?.text ?? '';
  let at = source.indexOf('\n', offset);
  if (at === -1) at = source.length;
  if (at > 0 && source[at - 1] === '\r') at--;
  // A zero-width node at that point, so the edit lands in the block's own file.
  const endOfLine: Block = { ...block, range: emptyRange(source, at) };
  fixer.insertBefore(endOfLine, text);
}

function emptyRange(text: string, offset: number): Range {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  const position: Position = { line, column: offset - lineStart + 1, offset };
  return { start: position, end: position };
}
