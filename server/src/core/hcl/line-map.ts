// Offsets to 1-based line/column positions. Columns count UTF-16 code units, as editors and LSP do.
import type { Position, Range } from '../../../../rules/api';

export class LineMap {
  private starts: number[] | undefined;
  /** Last line looked up: lookups mostly move forward, so this avoids most binary searches. */
  private hint = 0;

  constructor(private readonly text: string) {}

  /** Offset where each line starts; line N (1-based) starts at lineStarts[N - 1]. Built on first use: most files never need a position. */
  get lineStarts(): readonly number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    let index = this.text.indexOf('\n');
    while (index !== -1) {
      starts.push(index + 1);
      index = this.text.indexOf('\n', index + 1);
    }
    return (this.starts = starts);
  }

  /** 0-based index of the line holding the offset. */
  lineIndexOf(offset: number): number {
    const starts = this.lineStarts;
    let line = this.hint;
    if (starts[line]! <= offset && (line + 1 >= starts.length || starts[line + 1]! > offset)) return line;
    if (line + 1 < starts.length && starts[line + 1]! <= offset && (line + 2 >= starts.length || starts[line + 2]! > offset)) {
      this.hint = line + 1;
      return line + 1;
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    line = low;
    this.hint = line;
    return line;
  }

  position(offset: number): Position {
    const line = this.lineIndexOf(offset);
    return { line: line + 1, column: offset - this.lineStarts[line]! + 1, offset };
  }

  range(start: number, end: number): Range {
    return new SourceRange(this, start, end);
  }
}

/**
 * A range whose line and column are computed when first read. Parsing makes millions of ranges and rules
 * read few of them, so this saves most of the parser's allocations. Its own fields are the offsets, so
 * two ranges compare deep-equal exactly when they cover the same text; JSON gets the plain shape.
 */
export class SourceRange implements Range {
  readonly #lines: LineMap;

  constructor(
    lines: LineMap,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {
    this.#lines = lines;
  }

  // Not memoized: rules read few positions, and two fewer fields on millions of ranges saves more.
  get start(): Position {
    return this.#lines.position(this.startOffset);
  }

  get end(): Position {
    return this.#lines.position(this.endOffset);
  }

  toJSON(): { start: Position; end: Position } {
    return { start: this.start, end: this.end };
  }

  /** From this range's start to `last`'s end (same file). */
  until(last: SourceRange): SourceRange {
    return new SourceRange(this.#lines, this.startOffset, last.endOffset);
  }
}

/**
 * From the start of `first` to the end of `last`, both in the same file, still without computing lines and
 * columns when they are lazy: collecting a module's references makes thousands of these.
 */
export function joinRanges(first: Range, last: Range): Range {
  if (first instanceof SourceRange && last instanceof SourceRange) return first.until(last);
  return { start: first.start, end: last.end };
}

/** A range's start offset without computing its line and column. */
export function startOffset(range: Range): number {
  return range instanceof SourceRange ? range.startOffset : range.start.offset;
}

/** A range's end offset without computing its line and column. */
export function endOffset(range: Range): number {
  return range instanceof SourceRange ? range.endOffset : range.end.offset;
}
