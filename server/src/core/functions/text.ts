// Text segmentation as Terraform counts it: user-perceived characters (grapheme clusters) for lengths and
// substrings, Unicode code points (Go runes) elsewhere.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (segment) => segment.segment);
}

export function codePoints(text: string): string[] {
  return Array.from(text);
}

/** Go's unicode.IsSpace: the Unicode White_Space property. */
export function isSpace(char: string): boolean {
  return /^\p{White_Space}$/u.test(char);
}
