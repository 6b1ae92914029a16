// The Fixer rules use to describe edits. Helpers know HCL layout: new arguments go after the last argument
// at the body's indentation with `=` aligned as `terraform fmt` aligns it, single-line bodies are opened
// up, and missing nested blocks are created. Any overlap between edits is refused, as is JSON syntax.
import {
  isRange,
  type Attribute,
  type Block,
  type Fixer,
  type Node,
  type PendingBlock,
  type Position,
  type Range,
  type SourceFile,
  type TextEdit,
} from '../../../../rules/api';

export class FixError extends Error {}

interface NewAttribute {
  readonly name: string;
  readonly value: string;
}

class PendingBlockImpl implements PendingBlock {
  readonly node = 'pending-block' as const;
  readonly attributes: NewAttribute[] = [];
  readonly children: PendingBlockImpl[] = [];
  constructor(
    readonly type: string,
    readonly parent: Block | PendingBlock,
  ) {}
}

export class TextFixer implements Fixer {
  private readonly edits: TextEdit[] = [];
  private readonly newAttributes = new Map<Block, NewAttribute[]>();
  private readonly newBlocks = new Map<Block, PendingBlockImpl[]>();

  constructor(
    private readonly fileOf: (path: string) => SourceFile | undefined,
    /** The file a bare Range refers to. */
    private readonly defaultFile: string,
  ) {}

  replace(at: Node | Range, text: string): void {
    const { file, range } = this.locate(at);
    this.add({ file, range, newText: text });
  }

  insertBefore(at: Node | Range, text: string): void {
    const { file, range } = this.locate(at);
    this.add({ file, range: { start: range.start, end: range.start }, newText: text });
  }

  insertAfter(at: Node | Range, text: string): void {
    const { file, range } = this.locate(at);
    this.add({ file, range: { start: range.end, end: range.end }, newText: text });
  }

  remove(at: Node | Range): void {
    this.replace(at, '');
  }

  setAttribute(block: Block | PendingBlock, name: string, valueText: string): void {
    if (block instanceof PendingBlockImpl) {
      upsert(block.attributes, name, valueText);
      return;
    }
    const real = block as Block;
    this.source(real.file);
    const existing = real.body.attributes.find((a) => a.name === name);
    if (existing) {
      this.replace(existing.expr, valueText);
      return;
    }
    const list = this.newAttributes.get(real) ?? [];
    upsert(list, name, valueText);
    this.newAttributes.set(real, list);
  }

  removeAttribute(attribute: Attribute): void {
    this.removeLines(attribute.file, attribute.range);
  }

  removeBlock(block: Block): void {
    this.removeLines(block.file, block.range);
  }

  ensureBlock(block: Block | PendingBlock, type: string): Block | PendingBlock {
    if (block instanceof PendingBlockImpl) {
      const found = block.children.find((c) => c.type === type);
      if (found) return found;
      const created = new PendingBlockImpl(type, block);
      block.children.push(created);
      return created;
    }
    const real = block as Block;
    this.source(real.file);
    const existing = real.body.blocks.find((b) => b.type === type);
    if (existing) return real.instance && !existing.instance ? { ...existing, instance: real.instance } : existing;
    const list = this.newBlocks.get(real) ?? [];
    const found = list.find((p) => p.type === type);
    if (found) return found;
    const created = new PendingBlockImpl(type, real);
    list.push(created);
    this.newBlocks.set(real, list);
    return created;
  }

  /** All edits, checked for overlaps. */
  finish(): TextEdit[] {
    const edits = [...this.edits];
    const blocks = new Set<Block>([...this.newAttributes.keys(), ...this.newBlocks.keys()]);
    for (const block of blocks) edits.push(...this.bodyInsertions(block));
    checkOverlaps(edits);
    return edits;
  }

  // -------------------------------------------------------------------------------------------

  private add(edit: TextEdit): void {
    this.edits.push(edit);
    checkOverlaps(this.edits);
  }

  private source(path: string): SourceFile {
    const file = this.fileOf(path);
    if (!file) throw new FixError(`the file ${path} is not part of this module`);
    if (file.format === 'json') throw new FixError('fixes are not supported for Terraform JSON syntax');
    return file;
  }

  private locate(at: Node | Range): { file: string; range: Range } {
    if (isRange(at)) {
      this.source(this.defaultFile);
      return { file: this.defaultFile, range: at };
    }
    this.source(at.file);
    return { file: at.file, range: at.range };
  }

  /** Removes whole lines when the item has its lines to itself, taking its leading comment lines along. */
  private removeLines(path: string, range: Range): void {
    const file = this.source(path);
    const text = file.text;
    let start = lineStart(text, range.start.offset);
    let end = range.end.offset;
    const ownsLines = text.slice(start, range.start.offset).trim() === '';
    const lineEnd = text.indexOf('\n', end);
    const restOfLine = text.slice(end, lineEnd === -1 ? text.length : lineEnd).trim();
    const ownsRest = restOfLine === '' || restOfLine.startsWith('#') || restOfLine.startsWith('//');
    if (!ownsLines || !ownsRest) {
      this.add({ file: path, range, newText: '' });
      return;
    }
    end = lineEnd === -1 ? text.length : lineEnd + 1;
    // Comment lines directly above describe the item: they go with it.
    for (;;) {
      if (start === 0) break;
      const previousStart = lineStart(text, start - 1);
      const previous = text.slice(previousStart, start).trim();
      if (!(previous.startsWith('#') || previous.startsWith('//'))) break;
      start = previousStart;
    }
    // Avoid leaving two blank lines where there was one on each side.
    const before = start > 0 ? text.slice(lineStart(text, start - 1), start).trim() : 'x';
    const afterEnd = text.indexOf('\n', end);
    const after = text.slice(end, afterEnd === -1 ? text.length : afterEnd + 1);
    if (before === '' && after.trim() === '' && afterEnd !== -1) end = afterEnd + 1;
    this.add({ file: path, range: offsetsToRange(file, start, end), newText: '' });
  }

  /** New arguments and blocks for one block's body, as one or two insertions (or a rewrite of a one-line body). */
  private bodyInsertions(block: Block): TextEdit[] {
    const file = this.source(block.file);
    const text = file.text;
    const body = block.body;
    const attributes = this.newAttributes.get(block) ?? [];
    const children = this.newBlocks.get(block) ?? [];
    if (!body.openBrace || !body.closeBrace) throw new FixError('this block is incomplete; fix its syntax first');
    const headerIndent = indentationAt(text, block.typeRange.start.offset);
    const indent = body.indent || headerIndent + '  ';

    if (body.openBrace.start.line === body.closeBrace.start.line) {
      // `{}` or `{ a = 1 }`: reopen the body over several lines, the old argument first.
      const all: NewAttribute[] = body.attributes.map((a) => ({ name: a.name, value: text.slice(a.expr.range.start.offset, a.expr.range.end.offset) }));
      for (const a of attributes) upsert(all, a.name, a.value);
      const rendered = alignNew(all).map((line) => indent + line);
      children.forEach((child, i) => {
        if (i > 0 || rendered.length > 0) rendered.push('');
        rendered.push(...renderBlock(child, indent));
      });
      const replacement = `{\n${rendered.join('\n')}\n${headerIndent}}`;
      return [{ file: block.file, range: { start: body.openBrace.start, end: body.closeBrace.end }, newText: replacement }];
    }

    const edits: TextEdit[] = [];
    const lastAttribute = body.attributes[body.attributes.length - 1];
    if (attributes.length > 0) {
      const group = lastAttribute ? alignmentGroup(body.attributes, lastAttribute, text) : [];
      const width = Math.max(0, ...group.map((a) => a.name.length), ...attributes.map((a) => a.name.length));
      if (group.length > 0 && isAligned(group, text)) {
        // Re-pad the existing group only if the new names are longer, as `terraform fmt` would.
        for (const a of group) {
          const equals = equalsOffset(a, text);
          const wanted = width - a.name.length + 1;
          if (equals - a.nameRange.end.offset !== wanted) {
            edits.push({ file: block.file, range: offsetsToRange(file, a.nameRange.end.offset, equals), newText: ' '.repeat(wanted) });
          }
        }
      }
      const pad = group.length > 0 && isAligned(group, text) ? width : 0;
      const lines = attributes.map((a) => `${indent}${pad ? a.name.padEnd(pad) : a.name} = ${a.value}`);
      const at = lastAttribute ? lineEndOffset(text, lastAttribute.range.end.offset) : lineEndOffset(text, body.openBrace.end.offset);
      edits.push({ file: block.file, range: offsetsToRange(file, at, at), newText: '\n' + lines.join('\n') });
    }
    if (children.length > 0) {
      const lastItem = body.items[body.items.length - 1];
      const at = lastItem ? lineEndOffset(text, lastItem.range.end.offset) : lineEndOffset(text, body.openBrace.end.offset);
      const rendered = children.map((child) => renderBlock(child, indent).join('\n'));
      const separator = lastItem || attributes.length > 0 ? '\n\n' : '\n';
      edits.push({ file: block.file, range: offsetsToRange(file, at, at), newText: separator + rendered.join('\n\n') });
    }
    return edits;
  }
}

function upsert(list: NewAttribute[], name: string, value: string): void {
  const index = list.findIndex((a) => a.name === name);
  if (index >= 0) list[index] = { name, value };
  else list.push({ name, value });
}

function renderBlock(block: PendingBlockImpl, indent: string): string[] {
  const inner = indent + '  ';
  const lines = [`${indent}${block.type} {`, ...alignNew(block.attributes).map((l) => inner + l)];
  block.children.forEach((child, i) => {
    if (i > 0 || block.attributes.length > 0) lines.push('');
    lines.push(...renderBlock(child, inner));
  });
  lines.push(`${indent}}`);
  return lines;
}

/** `name = value` lines with `=` aligned across the new attributes. */
function alignNew(attributes: readonly NewAttribute[]): string[] {
  const width = Math.max(0, ...attributes.map((a) => a.name.length));
  return attributes.map((a) => `${a.name.padEnd(width)} = ${a.value}`);
}

/** The run of single-line arguments on consecutive lines that ends with `last`: `terraform fmt` aligns these. */
function alignmentGroup(attributes: readonly Attribute[], last: Attribute, text: string): Attribute[] {
  if (last.range.start.line !== last.range.end.line) return [];
  const group = [last];
  for (let i = attributes.indexOf(last) - 1; i >= 0; i--) {
    const candidate = attributes[i]!;
    const following = group[0]!;
    if (candidate.range.start.line !== candidate.range.end.line) break;
    if (candidate.range.end.line !== following.range.start.line - 1) break;
    group.unshift(candidate);
  }
  return group.filter((a) => equalsOffset(a, text) >= 0);
}

function equalsOffset(attribute: Attribute, text: string): number {
  const between = text.slice(attribute.nameRange.end.offset, attribute.expr.range.start.offset);
  const index = between.indexOf('=');
  return index < 0 ? -1 : attribute.nameRange.end.offset + index;
}

/** Whether every `=` of the group sits one space after the longest name (the `terraform fmt` layout). */
function isAligned(group: readonly Attribute[], text: string): boolean {
  const width = Math.max(...group.map((a) => a.name.length));
  return group.every((a) => equalsOffset(a, text) - a.nameRange.end.offset === width - a.name.length + 1);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset`, before its newline (and before a `\r`). */
function lineEndOffset(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  if (end > 0 && text[end - 1] === '\r') end--;
  return end;
}

function indentationAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function offsetsToRange(file: SourceFile, start: number, end: number): Range {
  return { start: positionAt(file.text, start), end: positionAt(file.text, end) };
}

function positionAt(text: string, offset: number): Position {
  const start = lineStart(text, offset);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, column: offset - start + 1, offset };
}

export function checkOverlaps(edits: readonly TextEdit[]): void {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const list = byFile.get(edit.file) ?? [];
    list.push(edit);
    byFile.set(edit.file, list);
  }
  for (const list of byFile.values()) {
    const sorted = [...list].sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1]!;
      const current = sorted[i]!;
      if (current.range.start.offset < previous.range.end.offset) throw new FixError('two edits of this fix overlap');
      const bothInsertions = previous.range.start.offset === previous.range.end.offset && current.range.start.offset === current.range.end.offset;
      if (!bothInsertions && current.range.start.offset === previous.range.start.offset && previous.range.end.offset > previous.range.start.offset) {
        throw new FixError('two edits of this fix overlap');
      }
    }
  }
}
