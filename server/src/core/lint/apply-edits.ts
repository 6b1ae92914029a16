// Applies text edits to file contents. Edits are in model coordinates; only offsets are used.
import type { TextEdit } from '../../../../rules/api';

export class EditConflictError extends Error {}

/** Applies edits to one text. Edits must not overlap (two insertions at one point keep their order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    const start = edit.range.start.offset;
    const end = edit.range.end.offset;
    if (start < cursor) throw new EditConflictError(`overlapping edits at offset ${start}`);
    if (end < start || end > text.length) throw new EditConflictError(`edit out of range at offset ${start}`);
    out += text.slice(cursor, start) + edit.newText;
    cursor = end;
  }
  return out + text.slice(cursor);
}

/** Applies edits that may touch several files; returns the new text of each file edited. */
export function applyEditsToFiles(texts: ReadonlyMap<string, string>, edits: readonly TextEdit[]): Map<string, string> {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const list = byFile.get(edit.file);
    if (list) list.push(edit);
    else byFile.set(edit.file, [edit]);
  }
  const result = new Map<string, string>();
  for (const [file, fileEdits] of byFile) {
    const text = texts.get(file);
    if (text === undefined) throw new EditConflictError(`no text for ${file}`);
    result.set(file, applyEdits(text, fileEdits));
  }
  return result;
}
