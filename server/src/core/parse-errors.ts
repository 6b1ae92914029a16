// Raw parser errors (offsets) to the model's ParseErrors (ranges), sorted, with duplicates dropped.
import type { ParseError } from '../../../rules/api';
import type { LineMap } from './hcl/line-map';
import type { RawError } from './hcl/parser';

/** More errors than this in one file are noise; the rest are summarised in one last error. */
export const MAX_ERRORS_PER_FILE = 100;

export function toParseErrors(raw: readonly RawError[], lines: LineMap): ParseError[] {
  const sorted = [...raw].sort((a, b) => a.start - b.start || a.end - b.end);
  const errors: ParseError[] = [];
  let previous: RawError | undefined;
  let dropped = 0;
  for (const e of sorted) {
    if (previous && previous.start === e.start && previous.message === e.message) continue;
    previous = e;
    if (errors.length === MAX_ERRORS_PER_FILE) {
      dropped++;
      continue;
    }
    errors.push({ message: e.message, range: lines.range(e.start, e.end), ...(e.kind ? { kind: e.kind } : {}) });
  }
  if (dropped > 0) {
    const last = errors[errors.length - 1]!;
    errors.push({ message: `${dropped} more syntax errors follow; fix the ones above first.`, range: last.range });
  }
  return errors;
}
