// Suppression comments:
//   # premortem-ignore: rule-a, rule-b -- reason     (line above a block or argument, or at the end of its first line)
//   # premortem-ignore-file: rule-a -- reason        (the whole file)
// Each suppression covers the item it is attached to, and is reported when it silenced nothing.
import type { Attribute, Block, Body, Comment, Range, SourceFile } from '../../../../rules/api';

export const PRODUCT = 'premortem';

export interface Suppression {
  readonly file: string;
  readonly ruleIds: readonly string[];
  readonly reason: string | undefined;
  /** The comment itself. */
  readonly range: Range;
  /** What it covers: an item, or undefined for a whole-file suppression. */
  readonly covers: Range | undefined;
  /** The comment is not attached to any block or argument. */
  readonly detached: boolean;
}

const DIRECTIVE = /^(?:#|\/\/|\/\*)\s*premortem-ignore(-file)?\s*:\s*(.*?)\s*(?:\*\/)?\s*$/s;

interface ParsedDirective {
  readonly wholeFile: boolean;
  readonly ruleIds: string[];
  readonly reason: string | undefined;
}

export function parseDirective(text: string): ParsedDirective | undefined {
  const match = DIRECTIVE.exec(text.trim());
  if (!match) return undefined;
  const [, fileMarker, rest = ''] = match;
  const separator = rest.indexOf('--');
  const ids = separator === -1 ? rest : rest.slice(0, separator);
  const reason = separator === -1 ? undefined : rest.slice(separator + 2).trim() || undefined;
  const ruleIds = ids
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  return { wholeFile: fileMarker !== undefined, ruleIds, reason };
}

/** The suppressions in a file, each attached to the item it precedes or trails. */
export function findSuppressions(file: SourceFile): Suppression[] {
  if (!file.text.includes(`${PRODUCT}-ignore`)) return []; // most files have none: skip reading their comments
  const result: Suppression[] = [];
  let itemsByLine: Map<number, Attribute | Block> | undefined;
  const commentLines = new Set(file.comments.map((c) => c.range.start.line));
  for (const comment of file.comments) {
    const directive = parseDirective(comment.text);
    if (!directive) continue;
    if (directive.wholeFile) {
      result.push({ file: file.path, ruleIds: directive.ruleIds, reason: directive.reason, range: comment.range, covers: undefined, detached: false });
      continue;
    }
    itemsByLine ??= indexItemsByLine(file.body);
    const target = attachedItem(comment, file.text, itemsByLine, commentLines);
    result.push({
      file: file.path,
      ruleIds: directive.ruleIds,
      reason: directive.reason,
      range: comment.range,
      covers: target?.range,
      detached: target === undefined,
    });
  }
  return result;
}

/** The outermost block or argument starting on each line. */
function indexItemsByLine(body: Body): Map<number, Attribute | Block> {
  const byLine = new Map<number, Attribute | Block>();
  const visit = (items: readonly (Attribute | Block)[]): void => {
    for (const item of items) {
      const line = item.node === 'block' ? item.typeRange.start.line : item.nameRange.start.line;
      if (!byLine.has(line)) byLine.set(line, item);
      if (item.node === 'block') visit(item.body.items);
    }
  };
  visit(body.items);
  return byLine;
}

function attachedItem(
  comment: Comment,
  text: string,
  itemsByLine: ReadonlyMap<number, Attribute | Block>,
  commentLines: ReadonlySet<number>,
): Attribute | Block | undefined {
  const line = comment.range.start.line;
  const lineStart = comment.range.start.offset - (comment.range.start.column - 1);
  const ownLine = text.slice(lineStart, comment.range.start.offset).trim() === '';
  if (!ownLine) {
    // A trailing comment: the item that starts on this line.
    return itemsByLine.get(line);
  }
  // On its own line: the item on the next line, skipping further comment lines (but not blank lines).
  let next = comment.range.end.line + 1;
  while (commentLines.has(next) && !itemsByLine.has(next)) next++;
  return itemsByLine.get(next);
}

export function covers(suppression: Suppression, file: string, ruleId: string, range: Range): boolean {
  if (suppression.file !== file || !suppression.ruleIds.includes(ruleId)) return false;
  if (suppression.covers === undefined) return !suppression.detached;
  return range.start.offset >= suppression.covers.start.offset && range.start.offset <= suppression.covers.end.offset;
}
