// Text edits the queue rules' suggestions share: a new resource after an existing one, a multi-line argument
// laid out as `terraform fmt` leaves it, and labels that do not clash with the module.
import type { Block, Fixer, Position, Range, RuleContext } from './api';

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
  const text = ctx.module.file(block.file)?.text ?? '';
  const indent = block.body.indent || '  ';
  const last = block.body.attributes[block.body.attributes.length - 1];
  const anchor = last ? last.range.end.offset : (block.body.openBrace?.end.offset ?? block.range.start.offset);
  let at = text.indexOf('\n', anchor);
  if (at === -1) at = text.length;
  if (at > 0 && text[at - 1] === '\r') at--;
  const [first, ...rest] = valueLines;
  const lines = [`${indent}${name} = ${first ?? ''}`, ...rest.map((line) => `${indent}${line}`)];
  // A zero-width node at the end of that line, so the edit lands in the block's own file.
  const endOfLine: Block = { ...block, range: emptyRange(text, at) };
  fixer.insertBefore(endOfLine, `\n${lines.join('\n')}`);
}

function emptyRange(text: string, offset: number): Range {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  const position: Position = { line, column: offset - lineStart + 1, offset };
  return { start: position, end: position };
}
