// Whitespace as hclsyntax sees it: Go's unicode.IsSpace, not JavaScript's `\s` or String.prototype.trim.
const WHITE_SPACE = /\p{White_Space}/u;

export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && WHITE_SPACE.test(String.fromCharCode(c)));
}

/** `strings.TrimLeftFunc(s, unicode.IsSpace)`, for a literal after a `~}` strip marker. */
export function trimSpaceStart(value: string): string {
  let start = 0;
  while (start < value.length && isSpace(value.charCodeAt(start))) start++;
  return value.slice(start);
}

/** `strings.TrimRightFunc(s, unicode.IsSpace)`, for a literal before a `${~` or `%{~` strip marker. */
export function trimSpaceEnd(value: string): string {
  let end = value.length;
  while (end > 0 && isSpace(value.charCodeAt(end - 1))) end--;
  return value.slice(0, end);
}
