// Writing suppression comments: the edit behind an editor's "Ignore <rule-id> here". It adds
// `# premortem-ignore: <rule-id> -- <reason>` on its own line above the block or argument a finding is in,
// at that line's indentation, or adds the rule to a premortem-ignore comment already attached there.
// The comment is placed exactly where `findSuppressions` (suppress.ts) will attach it to the same item.
import type { Attribute, Block, Comment, Position, Range, SourceFile, TextEdit } from '../../../../rules/api';
import { parseDirective, PRODUCT } from './suppress';

/** The reason written into a new comment, for the user to replace. */
export const REASON_PLACEHOLDER = '<reason>';

/**
 * The edit that silences `ruleId` for the finding at `at`, or undefined when there is nothing to attach a
 * comment to (JSON syntax has no comments; a range outside every block and argument), or the rule is
 * already named there.
 */
export function ignoreCommentEdit(file: SourceFile, ruleId: string, at: Range, reason = REASON_PLACEHOLDER): TextEdit | undefined {
  if (file.format !== 'hcl') return undefined;
  const item = innermostItemAt(file.body.items, at.start.offset);
  if (!item) return undefined;
  const text = file.text;
  const itemStart = (item.node === 'block' ? item.typeRange : item.nameRange).start;
  const lineStart = text.lastIndexOf('\n', itemStart.offset - 1) + 1;

  const existing = attachedDirective(file, itemStart.line, lineStart);
  if (existing) return extendDirective(file.path, existing, ruleId);

  const indent = /^[ \t]*/.exec(text.slice(lineStart, itemStart.offset))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const position: Position = { line: itemStart.line, column: 1, offset: lineStart };
  return { file: file.path, range: { start: position, end: position }, newText: `${indent}# ${PRODUCT}-ignore: ${ruleId} -- ${reason}${eol}` };
}

/** The deepest block or argument whose range holds the offset. */
function innermostItemAt(items: readonly (Attribute | Block)[], offset: number): Attribute | Block | undefined {
  for (const item of items) {
    if (item.range.start.offset > offset || item.range.end.offset < offset) continue;
    if (item.node === 'block') return innermostItemAt(item.body.items, offset) ?? item;
    return item;
  }
  return undefined;
}

/**
 * A premortem-ignore comment (not `-file`) that already applies to the item starting on `line`: trailing on
 * that line, or in the run of own-line comments directly above it.
 */
function attachedDirective(file: SourceFile, line: number, lineStart: number): Comment | undefined {
  const isDirective = (comment: Comment): boolean => parseDirective(comment.text)?.wholeFile === false;
  const ownLineByEnd = new Map<number, Comment>();
  let trailing: Comment | undefined;
  for (const comment of file.comments) {
    const start = comment.range.start;
    const before = file.text.slice(start.offset - (start.column - 1), start.offset);
    if (before.trim() === '') ownLineByEnd.set(comment.range.end.line, comment);
    else if (start.line === line && start.offset > lineStart && isDirective(comment)) trailing ??= comment;
  }
  if (trailing) return trailing;
  for (let above = line - 1; ; above--) {
    const comment = ownLineByEnd.get(above);
    if (!comment) return undefined;
    if (isDirective(comment)) return comment;
    above = comment.range.start.line;
  }
}

/** Adds `, <rule-id>` after the last rule id of a directive (or the id itself where none is named yet). */
function extendDirective(path: string, comment: Comment, ruleId: string): TextEdit | undefined {
  const directive = parseDirective(comment.text);
  if (!directive || directive.ruleIds.includes(ruleId)) return undefined;
  const text = comment.text;
  const marker = new RegExp(`${PRODUCT}-ignore\\s*:\\s*`).exec(text);
  if (!marker) return undefined;
  const idsStart = marker.index + marker[0].length;
  const separator = text.indexOf('--', idsStart);
  const closing = text.startsWith('/*') ? text.lastIndexOf('*/') : -1;
  const idsEnd = separator !== -1 ? separator : closing > idsStart ? closing : text.length;
  const ids = text.slice(idsStart, idsEnd).trimEnd();
  const at = idsStart + ids.length;
  const newText = ids === '' ? (separator === -1 ? ruleId : `${ruleId} `) : `, ${ruleId}`;
  const start = comment.range.start;
  if (comment.range.end.line !== start.line) return undefined; // a multi-line block comment: leave it to the user
  const position: Position = { line: start.line, column: start.column + at, offset: start.offset + at };
  return { file: path, range: { start: position, end: position }, newText };
}
