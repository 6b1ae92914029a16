// Which files and directory listings a tree's lint reads, for the lint cache: the key of a tree is the
// content of everything its lint read. Reads are recorded per module directory, since a scan keeps
// modules parsed across trees and computes parts of a module (its environments, its backend config files)
// on first use, in whichever tree that is: a tree's reads are those of every module it loaded. Each file
// and listing is hashed before the lint reads it, so a file changed during the scan makes the next run
// read it again rather than trust what this one saw.
import * as path from 'node:path';
import type { SourceLoader } from '../load-module';
import type { DirectoryLister } from '../environments/environment-files';
import { backendView, type FileStates, type Observed } from './file-states';

/** What a tree's lint read, as data (it crosses from a worker thread). */
export interface TreeReads {
  /** Every module directory the lint loaded, root first. */
  readonly modules: readonly string[];
  readonly files: readonly (readonly [string, Observed])[];
  readonly dirs: readonly (readonly [string, Observed])[];
  /** Paths whose existence alone was read (`.git` above a module). */
  readonly probes: readonly (readonly [string, Observed])[];
}

/** Wrappers that record a module's reads. */
export interface ModuleReads {
  readonly load: (inner: SourceLoader) => SourceLoader;
  readonly list: (inner: DirectoryLister) => DirectoryLister;
  /** A directory the search for backend config files listed, `depth` levels down (0: for its files alone). */
  readonly directory: (dir: string, depth: number) => void;
  /** A lister for the search for `.git` above the module: only whether `.git` is there is recorded. */
  readonly listAbove: (inner: DirectoryLister) => DirectoryLister;
}

export class ReadTracker {
  private readonly byModule = new Map<string, { readonly files: Set<string>; readonly dirs: Set<string>; readonly probes: Set<string> }>();

  constructor(readonly states: FileStates) {}

  module(dir: string): ModuleReads {
    let reads = this.byModule.get(dir);
    if (!reads) this.byModule.set(dir, (reads = { files: new Set(), dirs: new Set(), probes: new Set() }));
    const { files, dirs, probes } = reads;
    const directory = (key: string): void => {
      this.states.dir(key);
      dirs.add(key);
    };
    return {
      load: (inner) => (file) => {
        this.states.file(file);
        files.add(file);
        return inner(file);
      },
      list: (inner) => (listed) => {
        directory(listed);
        return inner(listed);
      },
      // Above the module the search reads backend config file names only: another module beside it changes nothing.
      directory: (listed, depth) => directory(depth === 0 ? backendView(listed) : listed),
      listAbove: (inner) => (listed) => {
        const git = path.join(listed, '.git');
        this.states.probe(git);
        probes.add(git);
        return inner(listed);
      },
    };
  }

  /** What a tree read: the reads of the modules it loaded, and `extra` files (the root's module manifest). */
  treeReads(modules: readonly string[], extra: readonly string[]): TreeReads {
    const files = new Set(extra);
    const dirs = new Set<string>();
    const probes = new Set<string>();
    for (const dir of modules) {
      const reads = this.byModule.get(dir);
      for (const file of reads?.files ?? []) files.add(file);
      for (const listed of reads?.dirs ?? []) dirs.add(listed);
      for (const probed of reads?.probes ?? []) probes.add(probed);
    }
    return {
      modules,
      files: [...files].sort().map((file) => [file, this.states.file(file)] as const),
      dirs: [...dirs].sort().map((dir) => [dir, this.states.dir(dir)] as const),
      probes: [...probes].sort().map((probed) => [probed, this.states.probe(probed)] as const),
    };
  }
}
