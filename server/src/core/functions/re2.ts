// RE2 regular expressions as Go's regexp package runs them: a parser for the syntax Terraform accepts, Go's
// compilation scheme, and a Pike VM with leftmost-first priorities. Running Go's algorithm (rather than
// translating to a JS RegExp) keeps match semantics, empty-match handling and capture groups identical, and
// matching linear in the input. Syntax this module cannot reproduce exactly makes the result Indeterminate.
import { EvalError, Indeterminate } from '../eval-error';

type AssertKind = 'bol' | 'eol' | 'bot' | 'eot' | 'wordBoundary' | 'noWordBoundary';

type Node =
  | { readonly op: 'empty' }
  | { readonly op: 'char'; readonly test: (cp: number) => boolean }
  | { readonly op: 'assert'; readonly kind: AssertKind }
  | { readonly op: 'capture'; readonly index: number; readonly sub: Node }
  | { readonly op: 'concat' | 'alt'; readonly subs: readonly Node[] }
  | { readonly op: 'repeat'; readonly min: number; readonly max: number; readonly greedy: boolean; readonly sub: Node };

interface Flags {
  fold: boolean;
  multiLine: boolean;
  dotNewline: boolean;
  ungreedy: boolean;
}

export interface CompiledRegex {
  readonly program: readonly Inst[];
  readonly start: number;
  /** Capture group names by index; index 0 is the whole match. Unnamed groups have ''. */
  readonly names: readonly string[];
}

const MAX_PROGRAM = 20000;
const MAX_WORK = 20_000_000;

const cache = new Map<string, CompiledRegex>();

export function compileRegex(pattern: string): CompiledRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    const parser = new Parser(Array.from(pattern));
    const node = parser.parse();
    compiled = new Compiler().compile(node, parser.names);
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
  if (input.length * regex.program.length > MAX_WORK) throw new Indeterminate('regular expression work beyond limit');
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= input.length) {
    const match = search(regex, input, searchPos);
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
  if (input.length * regex.program.length > MAX_WORK) throw new Indeterminate('regular expression work beyond limit');
  const out: (string | undefined)[][] = [];
  let pos = 0;
  let previousEnd = -1;
  while (out.length < limit && pos <= input.length) {
    const match = search(regex, input, pos);
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

// ---------------------------------------------------------------------------------------------
// Replacement templates (Go's Regexp.Expand)

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

// ---------------------------------------------------------------------------------------------
// Parser

function syntaxError(detail: string): EvalError {
  return new EvalError(`Invalid function argument: error parsing regexp: ${detail}.`);
}

const PERL_CLASSES: { readonly [letter: string]: readonly (readonly [number, number])[] } = {
  d: [[0x30, 0x39]],
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
};

const POSIX_CLASSES: { readonly [name: string]: readonly (readonly [number, number])[] } = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

// Go's Unicode general categories, except `C`, which in Go leaves out unassigned code points and in JS does not.
const CATEGORIES = new Set(
  'L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs Cc Cf Co Cs'.split(' '),
);

const SINGLE_ESCAPES: { readonly [letter: string]: number } = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

class Parser {
  readonly names: string[] = [''];
  private pos = 0;

  constructor(private readonly chars: readonly string[]) {}

  parse(): Node {
    const node = this.parseAlternation({ fold: false, multiLine: false, dotNewline: false, ungreedy: false });
    if (this.pos < this.chars.length) throw syntaxError('unexpected )');
    if (new Set(this.names.filter((name) => name !== '')).size !== this.names.filter((name) => name !== '').length) {
      throw new Indeterminate('duplicate capture group names');
    }
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  private parseAlternation(flags: Flags): Node {
    const branches = [this.parseConcat(flags)];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.parseConcat(flags));
    }
    return branches.length === 1 ? (branches[0] as Node) : { op: 'alt', subs: branches };
  }

  private parseConcat(flags: Flags): Node {
    const items: Node[] = [];
    let afterFlagGroup = false;
    for (;;) {
      const char = this.peek();
      if (char === undefined || char === '|' || char === ')') break;
      if (char === '*' || char === '+' || char === '?' || (char === '{' && this.repeatAt(this.pos))) {
        if (afterFlagGroup) throw new Indeterminate('repetition after a flag group');
        throw syntaxError(`missing argument to repetition operator: \`${char}\``);
      }
      const atom = this.parseAtom(flags);
      afterFlagGroup = atom === undefined;
      if (atom !== undefined) items.push(this.parseRepetition(atom, flags));
    }
    if (items.length === 0) return { op: 'empty' };
    return items.length === 1 ? (items[0] as Node) : { op: 'concat', subs: items };
  }

  private parseRepetition(atom: Node, flags: Flags): Node {
    let node = atom;
    let repeated = false;
    for (;;) {
      const char = this.peek();
      let min: number;
      let max: number;
      let length = 1;
      if (char === '*') [min, max] = [0, -1];
      else if (char === '+') [min, max] = [1, -1];
      else if (char === '?') [min, max] = [0, 1];
      else {
        const spec = char === '{' ? this.repeatAt(this.pos) : undefined;
        if (!spec) return node;
        ({ min, max, length } = spec);
      }
      if (repeated) throw syntaxError('invalid nested repetition operator');
      if (min > 1000 || max > 1000 || (max >= 0 && min > max)) throw syntaxError('invalid repeat count');
      this.pos += length;
      let greedy = true;
      if (this.peek() === '?') {
        this.pos++;
        greedy = false;
      }
      if (flags.ungreedy) greedy = !greedy;
      node = { op: 'repeat', min, max, greedy, sub: node };
      repeated = true;
    }
  }

  // `{n}`, `{n,}` or `{n,m}`; anything else makes `{` a literal.
  private repeatAt(at: number): { min: number; max: number; length: number } | undefined {
    const match = /^\{(0|[1-9][0-9]{0,7})(,(0|[1-9][0-9]{0,7})?)?\}/.exec(this.chars.slice(at, at + 20).join(''));
    if (!match) return undefined;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === undefined ? -1 : Number(match[3]);
    return { min, max, length: match[0].length };
  }

  /** An atom, or undefined for a flag group like `(?i)` that matches nothing. */
  private parseAtom(flags: Flags): Node | undefined {
    const char = this.chars[this.pos++] as string;
    switch (char) {
      case '(':
        return this.parseGroup(flags);
      case '[':
        return this.parseClass(flags);
      case '.':
        return { op: 'char', test: flags.dotNewline ? () => true : (cp) => cp !== 0x0a };
      case '^':
        return { op: 'assert', kind: flags.multiLine ? 'bol' : 'bot' };
      case '$':
        return { op: 'assert', kind: flags.multiLine ? 'eol' : 'eot' };
      case '\\':
        return this.parseEscape(flags);
      default:
        return literal(char.codePointAt(0) as number, flags);
    }
  }

  private parseGroup(flags: Flags): Node | undefined {
    let name: string | undefined;
    const groupFlags: Flags = { ...flags };
    let capturing = true;
    if (this.peek() === '?') {
      this.pos++;
      const next = this.peek();
      if (next === 'P') {
        if (this.peek(1) !== '<') throw syntaxError('invalid named capture');
        this.pos += 2;
        name = this.readGroupName();
      } else if (next === '<') {
        if (this.peek(1) === '=' || this.peek(1) === '!') throw syntaxError('invalid or unsupported Perl syntax');
        // `(?<name>` is accepted only by Go 1.22 and later.
        throw new Indeterminate('named group syntax that depends on the Terraform version');
      } else if (next === '=' || next === '!') {
        throw syntaxError('invalid or unsupported Perl syntax');
      } else {
        const scoped = this.parseFlags(groupFlags);
        if (!scoped) {
          Object.assign(flags, groupFlags);
          return undefined;
        }
        capturing = false;
      }
    }
    let index = 0;
    if (capturing) {
      index = this.names.length;
      this.names.push(name ?? '');
    }
    const sub = this.parseAlternation(groupFlags);
    if (this.chars[this.pos++] !== ')') throw syntaxError('missing closing )');
    return capturing ? { op: 'capture', index, sub } : sub;
  }

  private readGroupName(): string {
    let name = '';
    for (;;) {
      const char = this.chars[this.pos++];
      if (char === undefined) throw syntaxError('invalid named capture');
      if (char === '>') break;
      name += char;
    }
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw syntaxError(`invalid named capture: \`${name}\``);
    return name;
  }

  /** Reads `flags)` (returns false) or `flags:` (returns true), updating `flags`. */
  private parseFlags(flags: Flags): boolean {
    let negate = false;
    let sawFlag = false;
    for (;;) {
      const char = this.chars[this.pos++];
      switch (char) {
        case 'i':
          flags.fold = !negate;
          sawFlag = true;
          break;
        case 'm':
          flags.multiLine = !negate;
          sawFlag = true;
          break;
        case 's':
          flags.dotNewline = !negate;
          sawFlag = true;
          break;
        case 'U':
          flags.ungreedy = !negate;
          sawFlag = true;
          break;
        case '-':
          if (negate) throw syntaxError('invalid or unsupported Perl syntax');
          negate = true;
          sawFlag = false;
          break;
        case ':':
        case ')':
          if (negate && !sawFlag) throw syntaxError('invalid or unsupported Perl syntax');
          return char === ':';
        default:
          throw syntaxError('invalid or unsupported Perl syntax');
      }
    }
  }

  private parseEscape(flags: Flags): Node {
    const char = this.chars[this.pos++];
    if (char === undefined) throw syntaxError('trailing backslash at end of expression');
    switch (char) {
      case 'A':
        return { op: 'assert', kind: 'bot' };
      case 'z':
        return { op: 'assert', kind: 'eot' };
      case 'b':
        return { op: 'assert', kind: 'wordBoundary' };
      case 'B':
        return { op: 'assert', kind: 'noWordBoundary' };
      case 'C':
        throw new Indeterminate('\\C matches single bytes');
      case 'Q': {
        let end = this.chars.indexOf('\\', this.pos);
        while (end >= 0 && this.chars[end + 1] !== 'E') end = this.chars.indexOf('\\', end + 1);
        const text = this.chars.slice(this.pos, end < 0 ? undefined : end);
        this.pos = end < 0 ? this.chars.length : end + 2;
        const subs = text.map((c) => literal(c.codePointAt(0) as number, flags));
        return subs.length === 1 ? (subs[0] as Node) : subs.length === 0 ? { op: 'empty' } : { op: 'concat', subs };
      }
      case 'd':
      case 's':
      case 'w':
      case 'D':
      case 'S':
      case 'W': {
        const ranges = PERL_CLASSES[char.toLowerCase()] as readonly (readonly [number, number])[];
        return classNode(rangesSource(ranges), char !== char.toLowerCase(), flags.fold);
      }
      case 'p':
      case 'P': {
        const { source, negated } = this.parseUnicodeClass(char === 'P', flags);
        return classNode(source, negated, flags.fold);
      }
      default:
        return literal(this.parseSingleEscape(char), flags);
    }
  }

  /** `\pL`, `\p{Lu}`, `\p{^Lu}` after the `p` or `P`. */
  private parseUnicodeClass(negated: boolean, flags: Flags): { source: string; negated: boolean } {
    let name: string;
    if (this.peek() === '{') {
      const close = this.chars.indexOf('}', this.pos);
      if (close < 0) throw syntaxError('invalid character class range');
      name = this.chars.slice(this.pos + 1, close).join('');
      this.pos = close + 1;
    } else {
      name = this.chars[this.pos++] ?? '';
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    // Go folds the class before negating it; JS negates before folding.
    if (negated && flags.fold) throw new Indeterminate('negated Unicode class under case folding');
    if (name === 'Any') return { source: '\\u{0}-\\u{10ffff}', negated };
    if (!CATEGORIES.has(name)) throw new Indeterminate(`Unicode class ${name}`);
    return { source: `\\p{${name}}`, negated };
  }

  private parseSingleEscape(char: string): number {
    if (Object.prototype.hasOwnProperty.call(SINGLE_ESCAPES, char)) return SINGLE_ESCAPES[char] as number;
    if (char >= '0' && char <= '9') throw new Indeterminate('octal escape or backreference');
    if (char === 'x') {
      if (this.peek() === '{') {
        const close = this.chars.indexOf('}', this.pos);
        const hex = close < 0 ? '' : this.chars.slice(this.pos + 1, close).join('');
        if (!/^[0-9A-Fa-f]{1,8}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) throw syntaxError('invalid escape sequence');
        this.pos = close + 1;
        return parseInt(hex, 16);
      }
      const hex = this.chars.slice(this.pos, this.pos + 2).join('');
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw syntaxError('invalid escape sequence');
      this.pos += 2;
      return parseInt(hex, 16);
    }
    const code = char.codePointAt(0) as number;
    if (code < 0x80 && !/[0-9A-Za-z]/.test(char)) return code;
    throw syntaxError(`invalid escape sequence: \`\\${char}\``);
  }

  private parseClass(flags: Flags): Node {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    let source = '';
    let first = true;
    for (;;) {
      const char = this.peek();
      if (char === undefined) throw syntaxError('missing closing ]');
      if (char === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (char === '[' && this.peek(1) === ':') {
        const posix = this.parsePosixClass(flags);
        if (posix !== undefined) {
          source += posix;
          continue;
        }
      }
      if (char === '\\') {
        const letter = this.peek(1) ?? '';
        if ('dswDSW'.includes(letter) && letter !== '') {
          this.pos += 2;
          const ranges = PERL_CLASSES[letter.toLowerCase()] as readonly (readonly [number, number])[];
          source += this.classPart(ranges, letter !== letter.toLowerCase(), flags);
          continue;
        }
        if (letter === 'p' || letter === 'P') {
          this.pos += 2;
          const unicode = this.parseUnicodeClass(letter === 'P', flags);
          if (!unicode.negated) source += unicode.source;
          else if (unicode.source.startsWith('\\p{')) source += unicode.source.replace('\\p{', '\\P{');
          else throw new Indeterminate('negated Any inside a class');
          continue;
        }
      }
      const low = this.parseClassChar();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        if (this.peek() === '\\' && /[dswDSWpP]/.test(this.peek(1) ?? '')) throw syntaxError('invalid character class range');
        const high = this.parseClassChar();
        if (high < low) throw syntaxError('invalid character class range');
        source += `${cpSource(low)}-${cpSource(high)}`;
      } else {
        source += cpSource(low);
      }
    }
    return classNode(source, negated, flags.fold);
  }

  private parseClassChar(): number {
    const char = this.chars[this.pos++] as string;
    if (char === '\\') {
      const escaped = this.chars[this.pos++];
      if (escaped === undefined) throw syntaxError('missing closing ]');
      return this.parseSingleEscape(escaped);
    }
    return char.codePointAt(0) as number;
  }

  private parsePosixClass(flags: Flags): string | undefined {
    const rest = this.chars.slice(this.pos, this.pos + 12).join('');
    const match = /^\[:(\^?)([a-z]+):\]/.exec(rest);
    if (!match) return undefined;
    const ranges = POSIX_CLASSES[match[2] as string];
    if (!ranges) throw syntaxError('invalid character class range');
    this.pos += match[0].length;
    return this.classPart(ranges, match[1] === '^', flags);
  }

  private classPart(ranges: readonly (readonly [number, number])[], negated: boolean, flags: Flags): string {
    if (!negated) return rangesSource(ranges);
    if (flags.fold) throw new Indeterminate('negated class inside brackets under case folding');
    return rangesSource(complement(ranges));
  }
}

function cpSource(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function rangesSource(ranges: readonly (readonly [number, number])[]): string {
  return ranges.map(([low, high]) => (low === high ? cpSource(low) : `${cpSource(low)}-${cpSource(high)}`)).join('');
}

function complement(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [low, high] of ranges) {
    if (low > next) out.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

// Case folding follows Unicode simple case folding in both Go and JS (`iu` flags).
function classNode(source: string, negated: boolean, fold: boolean): Node {
  let regex: RegExp;
  try {
    regex = new RegExp(`^[${negated ? '^' : ''}${source}]$`, fold ? 'iu' : 'u');
  } catch {
    throw new Indeterminate('character class');
  }
  return { op: 'char', test: (cp) => regex.test(String.fromCodePoint(cp)) };
}

function literal(cp: number, flags: Flags): Node {
  if (!flags.fold) return { op: 'char', test: (c) => c === cp };
  return classNode(cpSource(cp), false, true);
}

// ---------------------------------------------------------------------------------------------
// Compiler (Go's regexp/syntax simplification and compilation)

type Inst =
  | { op: 'fail' }
  | { op: 'match' }
  | { op: 'rune'; test: (cp: number) => boolean; out: number }
  | { op: 'alt'; out: number; arg: number }
  | { op: 'empty'; kind: AssertKind; out: number }
  | { op: 'nop'; out: number }
  | { op: 'capture'; slot: number; out: number };

interface Frag {
  readonly start: number;
  readonly holes: readonly (readonly [number, 'out' | 'arg'])[];
  readonly nullable: boolean;
}

const FAIL: Frag = { start: 0, holes: [], nullable: false };

class Compiler {
  private readonly program: Inst[] = [{ op: 'fail' }];

  compile(node: Node, names: readonly string[]): CompiledRegex {
    const frag = this.emit(simplify(node));
    const match = this.add({ op: 'match' });
    this.patch(frag.holes, match);
    return { program: this.program, start: frag.start, names };
  }

  private add(inst: Inst): number {
    if (this.program.length >= MAX_PROGRAM) throw new Indeterminate('regular expression too large');
    this.program.push(inst);
    return this.program.length - 1;
  }

  private patch(holes: Frag['holes'], target: number): void {
    for (const [index, field] of holes) {
      const inst = this.program[index] as { out: number; arg?: number };
      if (field === 'out') inst.out = target;
      else inst.arg = target;
    }
  }

  private emit(node: Node): Frag {
    switch (node.op) {
      case 'empty': {
        const i = this.add({ op: 'nop', out: 0 });
        return { start: i, holes: [[i, 'out']], nullable: true };
      }
      case 'char': {
        const i = this.add({ op: 'rune', test: node.test, out: 0 });
        return { start: i, holes: [[i, 'out']], nullable: false };
      }
      case 'assert': {
        const i = this.add({ op: 'empty', kind: node.kind, out: 0 });
        return { start: i, holes: [[i, 'out']], nullable: true };
      }
      case 'capture': {
        const open = this.add({ op: 'capture', slot: 2 * node.index, out: 0 });
        const sub = this.emit(node.sub);
        const close = this.add({ op: 'capture', slot: 2 * node.index + 1, out: 0 });
        return this.cat(this.cat({ start: open, holes: [[open, 'out']], nullable: true }, sub), {
          start: close,
          holes: [[close, 'out']],
          nullable: true,
        });
      }
      case 'concat':
        if (node.subs.length === 0) return this.emit({ op: 'empty' });
        return node.subs.map((sub) => this.emit(sub)).reduce((a, b) => this.cat(a, b));
      case 'alt':
        return node.subs.reduce<Frag>((f, sub) => this.alt(f, this.emit(sub)), FAIL);
      case 'repeat': {
        const sub = this.emit(node.sub);
        if (node.min === 0 && node.max === -1) return this.star(sub, node.greedy);
        if (node.min === 1 && node.max === -1) return this.plus(sub, node.greedy);
        return this.quest(sub, node.greedy);
      }
    }
  }

  private cat(a: Frag, b: Frag): Frag {
    if (a.start === 0 || b.start === 0) return FAIL;
    this.patch(a.holes, b.start);
    return { start: a.start, holes: b.holes, nullable: a.nullable && b.nullable };
  }

  private alt(a: Frag, b: Frag): Frag {
    if (a.start === 0) return b;
    if (b.start === 0) return a;
    const i = this.add({ op: 'alt', out: a.start, arg: b.start });
    return { start: i, holes: [...a.holes, ...b.holes], nullable: a.nullable || b.nullable };
  }

  private quest(sub: Frag, greedy: boolean): Frag {
    const i = greedy ? this.add({ op: 'alt', out: sub.start, arg: 0 }) : this.add({ op: 'alt', out: 0, arg: sub.start });
    return { start: i, holes: [[i, greedy ? 'arg' : 'out'], ...sub.holes], nullable: true };
  }

  private loop(sub: Frag, greedy: boolean): Frag {
    const i = greedy ? this.add({ op: 'alt', out: sub.start, arg: 0 }) : this.add({ op: 'alt', out: 0, arg: sub.start });
    this.patch(sub.holes, i);
    return { start: i, holes: [[i, greedy ? 'arg' : 'out']], nullable: true };
  }

  private plus(sub: Frag, greedy: boolean): Frag {
    return { start: sub.start, holes: this.loop(sub, greedy).holes, nullable: sub.nullable };
  }

  // Go compiles x* as (x+)? when x can match empty, to keep priorities right.
  private star(sub: Frag, greedy: boolean): Frag {
    return sub.nullable ? this.quest(this.plus(sub, greedy), greedy) : this.loop(sub, greedy);
  }
}

type RepeatKind = 'star' | 'plus' | 'quest' | 'other';

function repeatKind(node: Node): RepeatKind {
  if (node.op !== 'repeat') return 'other';
  if (node.max === -1) return node.min === 0 ? 'star' : node.min === 1 ? 'plus' : 'other';
  return node.min === 0 && node.max === 1 ? 'quest' : 'other';
}

// Go's Regexp.Simplify: counted repetitions become copies, and x** becomes x*.
function simplify(node: Node): Node {
  switch (node.op) {
    case 'capture':
      return { ...node, sub: simplify(node.sub) };
    case 'concat':
    case 'alt':
      return { ...node, subs: node.subs.map(simplify) };
    case 'repeat': {
      const sub = simplify(node.sub);
      const simple = (min: number, max: number): Node => {
        const made: Node = { op: 'repeat', min, max, greedy: node.greedy, sub };
        if (sub.op === 'empty') return sub;
        if (sub.op === 'repeat' && repeatKind(sub) === repeatKind(made) && sub.greedy === node.greedy) return sub;
        return made;
      };
      const kind = repeatKind(node);
      if (kind !== 'other') return simple(node.min, node.max);
      if (node.min === 0 && node.max === 0) return { op: 'empty' };
      if (node.max === -1) return { op: 'concat', subs: [...Array<Node>(node.min - 1).fill(sub), simple(1, -1)] };
      if (node.min === 1 && node.max === 1) return sub;
      const prefix: Node[] = Array<Node>(node.min).fill(sub);
      if (node.max > node.min) {
        let suffix = simple(0, 1);
        for (let i = node.min + 1; i < node.max; i++) {
          suffix = { op: 'repeat', min: 0, max: 1, greedy: node.greedy, sub: { op: 'concat', subs: [sub, suffix] } };
        }
        prefix.push(suffix);
      }
      return prefix.length === 1 ? (prefix[0] as Node) : { op: 'concat', subs: prefix };
    }
    default:
      return node;
  }
}

// ---------------------------------------------------------------------------------------------
// Pike VM (Go's regexp NFA simulation, leftmost-first)

interface Thread {
  readonly pc: number;
  readonly caps: readonly number[];
}

function isWordChar(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
}

function search(regex: CompiledRegex, input: readonly number[], from: number): readonly number[] | undefined {
  const { program } = regex;
  const slots = 2 * regex.names.length;
  let current: Thread[] = [];
  let visited = new Uint8Array(program.length);
  let matched: number[] | undefined;

  const assertHolds = (kind: AssertKind, pos: number): boolean => {
    const before = pos > 0 ? (input[pos - 1] as number) : -1;
    const after = pos < input.length ? (input[pos] as number) : -1;
    switch (kind) {
      case 'bot':
        return before === -1;
      case 'eot':
        return after === -1;
      case 'bol':
        return before === -1 || before === 0x0a;
      case 'eol':
        return after === -1 || after === 0x0a;
      case 'wordBoundary':
        return isWordChar(before) !== isWordChar(after);
      case 'noWordBoundary':
        return isWordChar(before) === isWordChar(after);
    }
  };

  const addThread = (list: Thread[], seen: Uint8Array, pc: number, pos: number, caps: readonly number[]): void => {
    if (pc === 0 || seen[pc]) return;
    seen[pc] = 1;
    const inst = program[pc] as Inst;
    switch (inst.op) {
      case 'fail':
        return;
      case 'alt':
        addThread(list, seen, inst.out, pos, caps);
        addThread(list, seen, inst.arg, pos, caps);
        return;
      case 'empty':
        if (assertHolds(inst.kind, pos)) addThread(list, seen, inst.out, pos, caps);
        return;
      case 'nop':
        addThread(list, seen, inst.out, pos, caps);
        return;
      case 'capture': {
        const updated = [...caps];
        if (inst.slot < updated.length) updated[inst.slot] = pos;
        addThread(list, seen, inst.out, pos, updated);
        return;
      }
      default:
        list.push({ pc, caps });
    }
  };

  for (let pos = from; ; pos++) {
    if (current.length === 0 && matched) break;
    if (!matched) {
      const caps = new Array<number>(slots).fill(-1);
      caps[0] = pos;
      addThread(current, visited, regex.start, pos, caps);
    }
    const next: Thread[] = [];
    const nextVisited = new Uint8Array(program.length);
    for (const thread of current) {
      const inst = program[thread.pc] as Inst;
      if (inst.op === 'match') {
        matched = [...thread.caps];
        matched[1] = pos;
        // Leftmost-first: lower-priority threads are cut off.
        break;
      }
      if (inst.op === 'rune' && pos < input.length && inst.test(input[pos] as number)) {
        addThread(next, nextVisited, inst.out, pos + 1, thread.caps);
      }
    }
    if (pos >= input.length) break;
    current = next;
    visited = nextVisited;
  }
  return matched;
}
