// Files that are not configuration text: ones the operating system will not let us read, and ones whose
// bytes are not UTF-8 text (binary, encrypted with git-crypt, UTF-16). Each becomes a file with one
// problem that says what it is, instead of the flood of syntax errors parsing it would give.
import type { ParseErrorKind, SourceFile } from '../../../rules/api';
import { LineMap } from './hcl/line-map';
import { makeBody } from './hcl/nodes';

/** The header git-crypt writes at the start of every file it encrypts. */
const GIT_CRYPT_HEADER = '\0GITCRYPT\0';
/** A UTF-16 byte-order mark (FF FE or FE FF) read as UTF-8: two bytes that are not UTF-8, each replaced. */
const UTF16_MARK_AS_UTF8 = '\uFFFD\uFFFD';

export const NOT_UTF8 = 'This file is not UTF-8 text (some bytes do not decode); Terraform reads only UTF-8, so save it as UTF-8.';

/**
 * Why `text` (decoded as UTF-8, or an editor's buffer) is not configuration text, or undefined when it is.
 * Invalid UTF-8 is found where the bytes are read (readFromDisk), since decoded text cannot tell a byte that
 * did not decode from a U+FFFD the file really holds; a UTF-16 mark is two such replacements before NULs.
 */
export function nonTextProblem(text: string): string | undefined {
  if (text.startsWith(GIT_CRYPT_HEADER)) return 'This file is encrypted with git-crypt; unlock the repository (git-crypt unlock) to check it.';
  const hasNul = text.includes('\0');
  if (hasNul && text.startsWith(UTF16_MARK_AS_UTF8)) return 'This file is UTF-16 text; Terraform reads only UTF-8, so save it as UTF-8.';
  if (hasNul) return 'This file is binary (it holds NUL bytes), not configuration text.';
  return undefined;
}

/** An OS error in words (`EACCES: permission denied`): Node's message without the call and path it appends. */
export function osReason(error: unknown): string {
  return (error as Error).message.replace(/, \w+(?: '.*')?$/, '');
}

/** A file with nothing in it but one problem, reported at its start. */
export function fileWithProblem(path: string, text: string, kind: ParseErrorKind, message: string): SourceFile {
  const lines = new LineMap(text);
  return {
    path,
    text,
    format: path.endsWith('.json') ? 'json' : 'hcl',
    body: makeBody([], lines.range(0, text.length), ''),
    comments: [],
    errors: [{ message, range: lines.range(0, 0), kind }],
  };
}
