// Parsed modules kept across the trees of one scan: a module that many roots call (a repository's module,
// called by each of its examples) is read and parsed once, not once per tree. The plan says how many trees
// are expected to read each scanned module, so a module is kept exactly until the last of them is done,
// and memory holds only what is still to be read again.
import type { ModuleIndex } from '../module';

/** Where a lint keeps modules it may read again: across a scan's trees, or across the trees of one edit. */
export interface ModuleStore {
  /** The module of a directory, loaded by `load` unless it is kept. */
  get(dir: string, load: () => ModuleIndex | undefined): ModuleIndex | undefined;
  /** A tree that was expected to read these modules is done with them. */
  release(dirs: Iterable<string>): void;
}

export class ModuleCache implements ModuleStore {
  private readonly kept = new Map<string, { readonly module: ModuleIndex | undefined; remaining: number }>();

  /** `readers`: by directory, how many trees are expected to read the module. */
  constructor(private readonly readers: ReadonlyMap<string, number>) {}

  /** The module of a directory, loaded by `load` unless it is kept. */
  get(dir: string, load: () => ModuleIndex | undefined): ModuleIndex | undefined {
    const kept = this.kept.get(dir);
    if (kept) return kept.module;
    const module = load();
    const readers = this.readers.get(dir) ?? 0;
    if (readers > 1) this.kept.set(dir, { module, remaining: readers });
    return module;
  }

  /** A tree that was expected to read these modules is done with them. */
  release(dirs: Iterable<string>): void {
    for (const dir of dirs) {
      const kept = this.kept.get(dir);
      if (kept && --kept.remaining <= 0) this.kept.delete(dir);
    }
  }

  /** Every tree is done: what a tree was expected to read but did not (a call with a count of 0) goes too. */
  clear(): void {
    this.kept.clear();
  }

  /** How many modules are kept now. */
  get size(): number {
    return this.kept.size;
  }
}
