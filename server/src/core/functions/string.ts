// String functions. Strings are compared and transformed as the NFC-normalized text Terraform holds.
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError, Indeterminate } from '../eval-error';
import { normalizeString } from '../value-ops';
import { arity, intArg, listArg, notNull, requireWhollyKnown, stringArg } from './args';
import { regexReplaceAll } from './re2';
import { codePoints, graphemes, isSpace } from './text';
import { STRING } from './types';

const ASCII = /^[\x00-\x7f]*$/;

// Go maps case one code point at a time with Unicode's simple mappings; a JS mapping that yields several code
// points (ß, İ, ŉ...) is a special case Go does not apply, and is left unknown.
function mapCase(text: string, map: (char: string) => string): string {
  if (ASCII.test(text)) return map(text);
  let out = '';
  for (const char of text) {
    const mapped = map(char);
    if (codePoints(mapped).length !== 1) throw new Indeterminate('character with a special case mapping');
    out += mapped;
  }
  return normalizeString(out);
}

export function upper(args: readonly Value[]): Value {
  arity('upper', args, 1);
  return mapCase(stringArg(args[0] as Value, 'str'), (s) => s.toUpperCase());
}

export function lower(args: readonly Value[]): Value {
  arity('lower', args, 1);
  return mapCase(stringArg(args[0] as Value, 'str'), (s) => s.toLowerCase());
}

// Characters whose title case differs from their upper case: the Latin digraphs and Georgian letters.
const TITLE_DIFFERS = /^[\u01c4-\u01cc\u01f1-\u01f3\u10d0-\u10ff]$/u;

/** Go's (deprecated) strings.Title, which Terraform's title uses: upper-cases the first letter of each word. */
export function title(args: readonly Value[]): Value {
  arity('title', args, 1);
  const text = stringArg(args[0] as Value, 'str');
  let previous = ' ';
  let out = '';
  for (const char of text) {
    if (isWordSeparator(previous)) {
      if (TITLE_DIFFERS.test(char)) throw new Indeterminate('title case of a digraph');
      const mapped = char.toUpperCase();
      if (codePoints(mapped).length !== 1) throw new Indeterminate('character with a special case mapping');
      out += mapped;
    } else {
      out += char;
    }
    previous = char;
  }
  return normalizeString(out);
}

function isWordSeparator(char: string): boolean {
  if (ASCII.test(char)) return !/^[0-9A-Za-z_]$/.test(char);
  if (/^[\p{L}\p{Nd}]$/u.test(char)) return false;
  return isSpace(char);
}

export function trimspace(args: readonly Value[]): Value {
  arity('trimspace', args, 1);
  return stringArg(args[0] as Value, 'str').replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');
}

export function trim(args: readonly Value[]): Value {
  arity('trim', args, 2);
  const chars = codePoints(stringArg(args[0] as Value, 'str'));
  const cutset = new Set(codePoints(stringArg(args[1] as Value, 'cutset')));
  let start = 0;
  let end = chars.length;
  while (start < end && cutset.has(chars[start] as string)) start++;
  while (end > start && cutset.has(chars[end - 1] as string)) end--;
  return chars.slice(start, end).join('');
}

export function trimprefix(args: readonly Value[]): Value {
  arity('trimprefix', args, 2);
  const text = stringArg(args[0] as Value, 'str');
  const prefix = stringArg(args[1] as Value, 'prefix');
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

export function trimsuffix(args: readonly Value[]): Value {
  arity('trimsuffix', args, 2);
  const text = stringArg(args[0] as Value, 'str');
  const suffix = stringArg(args[1] as Value, 'suffix');
  return suffix !== '' && text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) : text;
}

export function chomp(args: readonly Value[]): Value {
  arity('chomp', args, 1);
  return stringArg(args[0] as Value, 'str').replace(/[\r\n]+$/, '');
}

export function indent(args: readonly Value[]): Value {
  arity('indent', args, 2);
  const spaces = intArg(args[0] as Value, 'spaces');
  const text = stringArg(args[1] as Value, 'str');
  if (spaces < 0) throw new EvalError('Invalid function argument: strings: negative Repeat count.');
  return text.split('\n').join(`\n${' '.repeat(spaces)}`);
}

export function strrev(args: readonly Value[]): Value {
  arity('strrev', args, 1);
  return graphemes(stringArg(args[0] as Value, 'str'))
    .reverse()
    .join('');
}

/** Terraform's substr, counting grapheme clusters, including its quirks with negative offsets. */
export function substr(args: readonly Value[]): Value {
  arity('substr', args, 3);
  const clusters = graphemes(stringArg(args[0] as Value, 'str'));
  let offset = intArg(args[1] as Value, 'offset');
  const length = intArg(args[2] as Value, 'length');
  if (offset < 0) offset += clusters.length;
  else if (length === 0) return '';
  let rest = clusters;
  if (offset > 0) {
    if (offset > clusters.length) return '';
    rest = clusters.slice(offset);
  }
  // A zero length reaches this point only with a negative offset, where Terraform keeps the rest of the string.
  if (length <= 0) return rest.join('');
  return rest.slice(0, length).join('');
}

export function join(args: readonly Value[]): Value {
  arity('join', args, 1, Infinity);
  const separator = stringArg(args[0] as Value, 'separator');
  const lists = args.slice(1).map((arg) => listArg(arg, 'lists', STRING));
  if (lists.length === 0) throw new EvalError('Invalid function argument: at least one list is required.');
  lists.forEach(requireWhollyKnown);
  const items: string[] = [];
  lists.forEach((list, listIndex) => {
    list.forEach((item, i) => {
      if (item === null) {
        const where = lists.length > 1 ? `element ${i} of list ${listIndex + 1}` : `element ${i}`;
        throw new EvalError(`Invalid value for "lists" parameter: ${where} is null; cannot concatenate null values.`);
      }
      items.push(item as string);
    });
  });
  return items.join(separator);
}

export function split(args: readonly Value[]): Value {
  arity('split', args, 2);
  const separator = stringArg(args[0] as Value, 'separator');
  const text = stringArg(args[1] as Value, 'str');
  if (separator === '') return codePoints(text);
  return text.split(separator);
}

/** replace: a plain substring replace-all, or an RE2 regular expression when the search is wrapped in slashes. */
export function replace(args: readonly Value[]): Value {
  arity('replace', args, 3);
  const text = stringArg(args[0] as Value, 'str');
  const search = stringArg(args[1] as Value, 'substr');
  const replacement = stringArg(args[2] as Value, 'replace');
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    return normalizeString(regexReplaceAll(text, search.slice(1, -1), replacement));
  }
  // Like Go's strings.Replace, an empty search matches before every code point and at the end.
  if (search === '') return replacement + codePoints(text).join(replacement) + (text === '' ? '' : replacement);
  return normalizeString(text.split(search).join(replacement));
}

export function startswith(args: readonly Value[]): Value {
  arity('startswith', args, 2);
  const text = notNull(args[0] as Value, 'str');
  const prefix = stringArg(args[1] as Value, 'prefix');
  // Every string starts with the empty prefix, even one not known yet.
  if (text === UNKNOWN && prefix === '') return true;
  return stringArg(text, 'str').startsWith(prefix);
}

export function endswith(args: readonly Value[]): Value {
  arity('endswith', args, 2);
  const text = stringArg(args[0] as Value, 'str');
  return text.endsWith(stringArg(args[1] as Value, 'suffix'));
}

export function strcontains(args: readonly Value[]): Value {
  arity('strcontains', args, 2);
  const text = stringArg(args[0] as Value, 'str');
  return text.includes(stringArg(args[1] as Value, 'substr'));
}
