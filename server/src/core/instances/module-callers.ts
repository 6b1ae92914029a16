// Which scanned modules call which, by local source, read from the text before anything is parsed: a scan
// plans its work (a tree per root module) before it lints. A module no scanned module calls is a root. The
// text is read generously (a `source = "./x"` anywhere counts), which is safe: a module that no tree
// reaches after all is linted on its own afterwards, so nothing is left out.
import * as path from 'node:path';
import type { SourceReader } from '../load-module';

const HCL_SOURCE = /\bsource\s*=\s*"(\.\.?(?:\/[^"]*)?)"/g;
const JSON_SOURCE = /"source"\s*:\s*"(\.\.?(?:\/[^"]*)?)"/g;

/** The local module directories a module's configuration files name as call sources (resolved, unchecked). */
export function localCallSources(dir: string, files: readonly string[], read: SourceReader): string[] {
  const found = new Set<string>();
  for (const file of files) {
    const text = read(file);
    if (typeof text !== 'string' || !text.includes('source')) continue;
    const pattern = file.endsWith('.json') ? JSON_SOURCE : HCL_SOURCE;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) found.add(path.resolve(dir, match[1]!));
  }
  return [...found];
}

/** The trees a scan lints: its roots, and what each root reaches by the calls read from the text. */
export interface TreePlan {
  /** The modules (by index) that no other module of the list calls, in index order. */
  readonly roots: readonly number[];
  /** By module index: for a root, the modules its tree is expected to read (itself first); empty for the rest. */
  readonly reach: readonly (readonly number[])[];
}

/**
 * The roots to lint trees from, and what each reaches. A set of modules that only call each other (a cycle,
 * which Terraform rejects) gets its first member as a root; `extraRoot` is one even when others call it.
 */
export function planTrees(dirs: readonly string[], callsOf: (index: number) => readonly string[], extraRoot?: number): TreePlan {
  const indexByDir = new Map(dirs.map((dir, index) => [dir, index]));
  const calls = dirs.map((_, index) => callsOf(index).flatMap((dir) => (indexByDir.has(dir) && dir !== dirs[index] ? [indexByDir.get(dir)!] : [])));
  const called = new Set(calls.flat());
  // A module others call is also a root when a plan was made from it.
  const roots = dirs.map((_, index) => index).filter((index) => !called.has(index) || index === extraRoot);
  const reach: number[][] = dirs.map(() => []);
  const reached = new Set<number>();
  const walk = (root: number): void => {
    reach[root] = reachable(root, (index) => calls[index]!);
    for (const index of reach[root]) reached.add(index);
  };
  for (const root of roots) walk(root);
  for (let index = 0; index < dirs.length; index++) {
    if (reached.has(index)) continue;
    roots.push(index);
    walk(index);
  }
  return { roots: roots.sort((a, b) => a - b), reach };
}

/** Everything `next` leads to from `start`, `start` first, each once (a cycle is walked once). */
export function reachable<T>(start: T, next: (item: T) => Iterable<T>): T[] {
  const seen = new Set<T>();
  const stack = [start];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (seen.has(item)) continue;
    seen.add(item);
    stack.push(...next(item));
  }
  return [...seen];
}

/** How many trees are expected to read each module, by directory. */
export function expectedReaders(dirs: readonly string[], plan: TreePlan): Map<string, number> {
  const readers = new Map<string, number>();
  for (const root of plan.roots) for (const index of plan.reach[root] ?? []) readers.set(dirs[index]!, (readers.get(dirs[index]!) ?? 0) + 1);
  return readers;
}
