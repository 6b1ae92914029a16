// RE2 regular expressions as Terraform (Go's regexp package) runs them. Running Go's own algorithm rather than
// translating to a JS RegExp keeps matches, empty-match handling and capture groups identical, and matching
// linear in the input.
import { compileProgram, search, type CompiledRegex } from './re2-machine';
import { parseRegex } from './re2-syntax';

// Thread steps one call may take; far beyond any Terraform string, it keeps a linter run bounded.
const MAX_WORK = 20_000_000;

const cache = new Map<string, CompiledRegex>();

export function compileRegex(pattern: string): CompiledRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    const { node, names } = parseRegex(pattern);
    compiled = compileProgram(node, names);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** Go's Regexp.ReplaceAllString, with `$1`, `${1}`, `$name` and `$$` in the replacement. */
export function regexReplaceAll(text: string, pattern: string, template: string): string {
  const regex = compileRegex(pattern);
  const chars = Array.from(text);
  const input = chars.map((char) => char.codePointAt(0) as number);
  const budget = { steps: MAX_WORK };
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= input.length) {
    const match = search(regex, input, searchPos, budget);
    if (!match) break;
    const [start, end] = match as [number, number];
    out += chars.slice(lastMatchEnd, start).join('');
    // Go skips an empty match right after the previous match.
    if (end > lastMatchEnd || start === 0) out += expand(template, match, chars, regex.names);
    lastMatchEnd = end;
    const width = searchPos < input.length ? 1 : 0;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
  }
  return out + chars.slice(lastMatchEnd).join('');
}

/**
 * Go's FindAllStringSubmatch: the capture groups of successive non-overlapping matches (at most `limit`), an
 * empty match right after a previous match skipped. Groups that did not take part are undefined.
 */
export function regexMatchAll(pattern: string, text: string, limit = Infinity): (string | undefined)[][] {
  const regex = compileRegex(pattern);
  const chars = Array.from(text);
  const input = chars.map((char) => char.codePointAt(0) as number);
  const budget = { steps: MAX_WORK };
  const out: (string | undefined)[][] = [];
  let pos = 0;
  let previousEnd = -1;
  while (out.length < limit && pos <= input.length) {
    const match = search(regex, input, pos, budget);
    if (!match) break;
    const [start, end] = match as [number, number];
    let accept = true;
    if (end === pos) {
      if (start === previousEnd) accept = false;
      pos += 1;
    } else {
      pos = end;
    }
    previousEnd = end;
    if (!accept) continue;
    const groups: (string | undefined)[] = [];
    for (let i = 0; i < regex.names.length; i++) {
      const groupStart = match[2 * i] as number;
      groups.push(groupStart < 0 ? undefined : chars.slice(groupStart, match[2 * i + 1] as number).join(''));
    }
    out.push(groups);
  }
  return out;
}

// Go's Regexp.Expand: `$$` is a dollar sign, `$name` takes the longest run of letters, digits and `_`.
function expand(template: string, match: readonly number[], chars: readonly string[], names: readonly string[]): string {
  let out = '';
  let rest = template;
  const group = (i: number): string => {
    const start = match[2 * i];
    const end = match[2 * i + 1];
    return start === undefined || end === undefined || start < 0 ? '' : chars.slice(start, end).join('');
  };
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const reference = extractReference(rest);
    if (!reference) {
      out += '$';
      continue;
    }
    rest = reference.rest;
    if (reference.num >= 0) {
      if (reference.num < names.length) out += group(reference.num);
    } else {
      for (let i = 0; i < names.length; i++) {
        if (names[i] === reference.name && (match[2 * i] as number) >= 0) {
          out += group(i);
          break;
        }
      }
    }
  }
  return out + rest;
}

function extractReference(text: string): { name: string; num: number; rest: string } | undefined {
  let body = text;
  const brace = body.startsWith('{');
  if (brace) body = body.slice(1);
  const name = /^[\p{L}\p{Nd}_]*/u.exec(body)?.[0] ?? '';
  if (name === '') return undefined;
  let rest = body.slice(name.length);
  if (brace) {
    if (!rest.startsWith('}')) return undefined;
    rest = rest.slice(1);
  }
  let num = /^[0-9]+$/.test(name) && name.length <= 8 ? Number(name) : -1;
  if (name.startsWith('0') && name.length > 1) num = -1;
  return { name, num, rest };
}
