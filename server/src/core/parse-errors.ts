// Raw parser errors (offsets) to the model's ParseErrors (ranges), sorted, with duplicates dropped.
import type { ParseError } from '../../../rules/api';
import type { LineMap } from './hcl/line-map';
import type { RawError } from './hcl/parser';

export function toParseErrors(raw: readonly RawError[], lines: LineMap): ParseError[] {
  const sorted = [...raw].sort((a, b) => a.start - b.start || a.end - b.end);
  const errors: ParseError[] = [];
  let previous: RawError | undefined;
  for (const e of sorted) {
    if (previous && previous.start === e.start && previous.message === e.message) continue;
    errors.push({ message: e.message, range: lines.range(e.start, e.end) });
    previous = e;
  }
  return errors;
}
