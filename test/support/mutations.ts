// Deterministic text mutations for fuzzing the parser (and, later, every rule) with broken input.
// Everything takes a seeded Random, so a failure is reproduced by its seed alone.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast and good enough to spread mutations around. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** Bytes from the generator read as UTF-8, as a binary file opened as text would be (with U+FFFD). */
export function binaryNoise(random: Random, length: number): string {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = random.int(256);
  return bytes.toString('utf8');
}

/** Fragments that open or close constructs: the likeliest to confuse recovery. */
export const STRAY_DELIMITERS = ['{', '}', '[', ']', '(', ')', '"', '${', '%{', '<<EOT\n', '<<-EOT\n', '~}', '\n', '=', ','] as const;

export interface Mutation {
  readonly name: string;
  apply(text: string, random: Random): string;
}

/** A span of at most `max` characters inside the text (empty for an empty text). */
function span(text: string, random: Random, max: number): [number, number] {
  const start = random.int(text.length + 1);
  const end = Math.min(text.length, start + random.int(max + 1));
  return [start, end];
}

export const truncate: Mutation = {
  name: 'truncate',
  apply: (text, random) => text.slice(0, random.int(text.length + 1)),
};

export const deleteSpan: Mutation = {
  name: 'delete-span',
  apply: (text, random) => {
    const [start, end] = span(text, random, 200);
    return text.slice(0, start) + text.slice(end);
  },
};

export const insertDelimiter: Mutation = {
  name: 'insert-delimiter',
  apply: (text, random) => {
    const at = random.int(text.length + 1);
    return text.slice(0, at) + random.pick(STRAY_DELIMITERS) + text.slice(at);
  },
};

export const overwriteNoise: Mutation = {
  name: 'overwrite-noise',
  apply: (text, random) => {
    const [start, end] = span(text, random, 64);
    return text.slice(0, start) + binaryNoise(random, end - start) + text.slice(end);
  },
};

export const duplicateSpan: Mutation = {
  name: 'duplicate-span',
  apply: (text, random) => {
    const [start, end] = span(text, random, 300);
    const at = random.int(text.length + 1);
    return text.slice(0, at) + text.slice(start, end) + text.slice(at);
  },
};

const SINGLE: readonly Mutation[] = [truncate, deleteSpan, insertDelimiter, overwriteNoise, duplicateSpan];

/** Two or three of the others in a row, as a careless edit session would leave a file. */
export const stacked: Mutation = {
  name: 'stacked',
  apply: (text, random) => {
    let out = text;
    for (let i = 2 + random.int(2); i > 0; i--) out = random.pick(SINGLE).apply(out, random);
    return out;
  },
};

export const MUTATIONS: readonly Mutation[] = [...SINGLE, stacked];

/** `count` mutants of a text, cycling through every mutation kind so each is exercised. */
export function mutants(text: string, random: Random, count: number): { mutation: string; text: string }[] {
  const out: { mutation: string; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const mutation = MUTATIONS[i % MUTATIONS.length]!;
    out.push({ mutation: mutation.name, text: mutation.apply(text, random) });
  }
  return out;
}

/** A sample of `count` distinct items, in their original order. */
export function sample<T>(items: readonly T[], count: number, random: Random): T[] {
  if (items.length <= count) return [...items];
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.int(items.length));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
}
