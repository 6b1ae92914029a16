// Go's compilation of an RE2 tree into a program, and the Pike VM that runs it: an NFA simulation with
// leftmost-first priorities, so matches, empty-match handling and capture groups are Go's, in linear time.
import { Indeterminate } from '../eval-error';
import type { AssertKind, Node } from './re2-syntax';

export interface CompiledRegex {
  readonly program: readonly Inst[];
  readonly start: number;
  /** Capture group names by index; index 0 is the whole match. Unnamed groups have ''. */
  readonly names: readonly string[];
}

const MAX_PROGRAM = 20000;

export function compileProgram(node: Node, names: readonly string[]): CompiledRegex {
  return new Compiler().compile(node, names);
}

export type Inst =
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

// The VM: one thread per program position, kept in priority order.
interface Thread {
  readonly pc: number;
  readonly caps: readonly number[];
}

function isWordChar(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
}

/** The leftmost-first match at or after `from`: capture positions in code points, -1 for groups not taking part. */
export function search(
  regex: CompiledRegex,
  input: readonly number[],
  from: number,
  budget: { steps: number },
): readonly number[] | undefined {
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
    budget.steps -= current.length + 1;
    if (budget.steps < 0) throw new Indeterminate('regular expression work beyond limit');
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
