// RE2 regular expressions as Terraform (Go's regexp package) runs them, through re2js, a port of Go's regexp:
// the same syntax, leftmost-first matching, empty-match rules and capture groups, and matching linear in the
// input. It matches JS strings directly, so its indices are UTF-16 offsets, which is what slicing needs.
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
import { EvalError, Indeterminate } from '../eval-error';

type Engine = ReturnType<RE2JS['re2']>;

export interface CompiledRegex {
  readonly engine: Engine;
  /** The name of each capture group, by index; '' where unnamed (index 0, the whole match, has none). */
  readonly names: readonly string[];
}

const cache = new Map<string, CompiledRegex>();

/** Compiles a pattern as Go's regexp.Compile does: Go's syntax errors become Terraform's EvalError. */
export function compileRegex(pattern: string): CompiledRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = compile(pattern);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

function compile(pattern: string): CompiledRegex {
  let regex: RE2JS;
  try {
    // No flags: Perl syntax with Unicode classes, leftmost-first, no lookbehind, exactly Go's regexp.Compile.
    regex = RE2JS.compile(pattern);
  } catch (error) {
    // Go accepts a group name used twice (the last group wins in regex's object); re2js rejects it.
    if (error instanceof RE2JSSyntaxException && error.getDescription() === 'duplicate capture group name') {
      throw new Indeterminate('duplicate capture group names');
    }
    // re2js words syntax errors as Go's regexp/syntax does: "error parsing regexp: <what>: `<where>`".
    if (error instanceof RE2JSSyntaxException) throw new EvalError(`Invalid function argument: ${error.message}.`);
    if (error instanceof RE2JSException) throw new Indeterminate(`regular expression: ${error.message}`);
    throw error;
  }
  const names = Array.from({ length: regex.groupCount() + 1 }, () => '');
  for (const [name, index] of Object.entries(regex.namedGroups())) names[index] = name;
  return { engine: regex.re2(), names };
}

/** Go's FindAllStringSubmatchIndex: [start, end] pairs of each group of each match, -1 where a group did not take part. */
function matchIndexes(regex: CompiledRegex, text: string, limit: number): readonly (readonly number[])[] {
  return (regex.engine.findAllSubmatchIndex(text, limit) as number[][] | null) ?? [];
}

/** Go's Regexp.ReplaceAllString, with `$1`, `${1}`, `$name` and `$$` in the replacement. */
export function regexReplaceAll(text: string, pattern: string, template: string): string {
  const regex = compileRegex(pattern);
  // Go's replace loop skips an empty match right after a match, as FindAll does, so the same matches apply.
  let out = '';
  let lastMatchEnd = 0;
  for (const match of matchIndexes(regex, text, -1)) {
    out += text.slice(lastMatchEnd, match[0]) + expand(template, match, text, regex.names);
    lastMatchEnd = match[1] as number;
  }
  return out + text.slice(lastMatchEnd);
}

/**
 * Go's FindAllStringSubmatch: the capture groups of successive non-overlapping matches (at most `limit`), an
 * empty match right after a previous match skipped. Groups that did not take part are undefined.
 */
export function regexMatchAll(pattern: string, text: string, limit = Infinity): (string | undefined)[][] {
  const regex = compileRegex(pattern);
  return matchIndexes(regex, text, Number.isFinite(limit) ? limit : -1).map((match) => regex.names.map((_, i) => group(match, text, i)));
}

function group(match: readonly number[], text: string, i: number): string | undefined {
  const start = match[2 * i] as number;
  return start < 0 ? undefined : text.slice(start, match[2 * i + 1]);
}

// Go's Regexp.Expand: `$$` is a dollar sign, `$name` takes the longest run of letters, digits and `_`. re2js
// expands templates as JavaScript's String.replace does, which differs, hence this.
function expand(template: string, match: readonly number[], text: string, names: readonly string[]): string {
  let out = '';
  let rest = template;
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
      if (reference.num < names.length) out += group(match, text, reference.num) ?? '';
    } else {
      const index = names.findIndex((name, i) => name === reference.name && (match[2 * i] as number) >= 0);
      if (index >= 0) out += group(match, text, index) ?? '';
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
