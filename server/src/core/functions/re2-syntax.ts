// The RE2 syntax Terraform accepts (Go's regexp/syntax with Perl flags), parsed into a tree. Syntax Go rejects
// throws EvalError; syntax whose meaning this engine cannot reproduce exactly throws Indeterminate.
import { EvalError, Indeterminate } from '../eval-error';

export type AssertKind = 'bol' | 'eol' | 'bot' | 'eot' | 'wordBoundary' | 'noWordBoundary';

export type Node =
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

/** The tree of a pattern and its capture group names (index 0, the whole match, has no name). */
export function parseRegex(pattern: string): { readonly node: Node; readonly names: readonly string[] } {
  const parser = new Parser(Array.from(pattern));
  const node = parser.parse();
  return { node, names: parser.names };
}

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
