// The lint cache behind `premortem scan --cache`: the outcome of each tree (a root module and every module
// it reaches; a child's findings depend on its callers' arguments, so the tree is the unit) is kept with
// the key of everything its lint read, and reused while that key holds.
//
// A tree's key has two parts:
//   - what the plan says (checked without touching the disk): premortem's identity (version, program and
//     rule set, given by the caller), the scan options that change findings (inline ignores, --rule,
//     excludes, --var-file files), the root, the resolved config of the root and of every scanned module the
//     tree loaded, the files discovery found for each of those, and the plan (`--plan`) when it applies to
//     the tree's root;
//   - what the lint read (checked against the disk): every file (module files, var files, environment var
//     files, terragrunt.hcl, backend config files, the root's `.terraform/modules/modules.json`, present or
//     not) by its content hash, every directory listing environment detection and module loading made, and
//     whether `.git` is in each directory above a module (where the search for environments stops).
// A file's hash is looked up by its metadata when that has not changed since the cache saw it (see
// file-states.ts), else the file is read and hashed: content decides.
//
// Planning is cached too: discovery while the listings of every directory it listed are unchanged, the
// module calls of each module's files under their hashes, the root a plan was made from, the syntax
// findings of var files no module loads. A run where nothing changed reads no configuration file at all.
import * as path from 'node:path';
import type { RuleModule } from '../../../../rules/api';
import type { ResolvedConfig } from '../config/config';
import { localCallSources } from '../instances/module-callers';
import type { SourceReader } from '../load-module';
import { isInside } from '../path-inside';
import type { DiscoveredModule, Discovery, DiscoveryWatch } from '../discover';
import type { Finding } from '../finding';
import type { RootCandidate } from '../plan/plan-root';
import { allRuleMetas, type ModuleOutcome, type PlannedModule, type ScanPlan, type TreeCache } from '../scan';
import { FileStates, sha1, type Meta, type Observed, type Seen } from './file-states';
import { ReadTracker } from './read-tracker';

/** The cache file's format; a file of another format is ignored (and rewritten). */
const FORMAT = 2;
const HEADER = 'premortem-cache';

/**
 * How many trees the file keeps. Trees a run did not scan (another path, a --new-since scope) are kept, so
 * scans of different paths can share one cache; beyond this, those unused for the most runs go first.
 */
const MAX_TREES = 10_000;

/** How many other results (a plan's root, the findings of var files no module loads) the file keeps besides this run's. */
const MAX_MEMOS = 64;

export interface CacheIdentity {
  /** premortem's version. */
  readonly version: string;
  /** A hash of the program (the bundle), so a build with other code does not reuse findings. */
  readonly program: string;
}

/** What a tree's lint read, by kind: files by content, directories by listing, paths by existence. */
type Kind = keyof Seen;
const KINDS: readonly Kind[] = ['files', 'dirs', 'probes'];

interface TreeEntry {
  /** The plan-side key. */
  readonly key: string;
  readonly modules: readonly string[];
  /** What the lint read; for a tree in the file, the file's tables hold the hash each had when it was read. */
  readonly reads: Readonly<Record<Kind, readonly string[]>>;
  readonly outcome: ModuleOutcome;
  /** The run (counted per cache file) that last linted or reused it. */
  readonly run: number;
}

interface CallsEntry {
  readonly digest: string;
  readonly sources: readonly string[];
}

/** [path, hash, ...meta]; no meta for what did not exist, or was too new to vouch for its content. */
type Row = readonly [number, string, ...([] | Meta)];

/**
 * The file: a header line (`premortem-cache FORMAT IDENTITY CHECKSUM`, the checksum of the rest, so a file
 * cut short or damaged is noticed), then this as JSON. Paths are indexes into `paths`.
 */
interface CacheFile {
  readonly run: number;
  /** Each path as its directory (an earlier index, or -1 for a path written whole) and its name. */
  readonly paths: readonly (readonly [number, string])[];
  readonly tables: Readonly<Record<Kind, readonly Row[]>>;
  /** [module directory, digest of its files, sources] */
  readonly calls: readonly (readonly [number, string, readonly string[]])[];
  /** [key, run, value]: the root a plan was made from, the findings of the var files no module loads. */
  readonly memos: readonly (readonly [string, number, unknown])[];
  /** [key, run, directories listed, discovery with paths as indexes] */
  readonly discoveries: readonly (readonly [string, number, readonly number[], StoredDiscovery])[];
  readonly trees: readonly {
    readonly root: number;
    readonly key: string;
    readonly modules: readonly number[];
    readonly reads: Readonly<Record<Kind, readonly number[]>>;
    readonly run: number;
    /** With `dir`, `files` and `modules` as path indexes. */
    readonly outcome: Omit<ModuleOutcome, 'dir' | 'files' | 'modules'> & {
      readonly dir: number;
      readonly files: readonly number[];
      readonly modules: readonly number[];
    };
  }[];
}

export interface CacheStats {
  /** Trees whose outcome came from the cache. */
  readonly reused: number;
  /** Trees linted (and kept, unless a rule failed or the lint was cancelled). */
  readonly linted: number;
  /** Files read to be hashed (those whose metadata had not changed were not). */
  readonly filesRead: number;
}

export class LintCache implements TreeCache {
  readonly tracker: ReadTracker;
  private readonly states: FileStates;
  private readonly identity: string;
  private readonly run: number;
  private readonly fromFile: boolean;
  private readonly trees: Map<string, TreeEntry>;
  private readonly calls: Map<string, CallsEntry>;
  private readonly newCalls = new Map<string, CallsEntry>();
  private readonly memos: Map<string, { readonly run: number; readonly value: unknown }>;
  private readonly discoveries: Map<string, DiscoveryEntry>;
  /** What the file says each path held. */
  private readonly known: Seen;
  /** Lookups made, by plan and module index, so that a tree is checked once however often it is asked for. */
  private readonly looked = new WeakMap<ScanPlan, Map<number, ModuleOutcome | undefined>>();
  private readonly planKeys = new WeakMap<ScanPlan, PlanKey>();
  private readonly configKeys = new WeakMap<ResolvedConfig, string>();
  /** The paths this run scanned, and every module it found under them. */
  private readonly scannedPaths = new Set<string>();
  private readonly plannedDirs = new Set<string>();
  private reused = 0;
  private linted = 0;
  /** Something the file does not say yet: a tree linted, call sources read again. */
  private changed = false;

  /**
   * The cache from a cache file's text (undefined: there is none). A file that is not a cache of this
   * format, identity and rule set (corrupt, cut short, another version) is ignored: the cache starts empty.
   */
  constructor(text: string | undefined, identity: CacheIdentity, rules: readonly RuleModule[]) {
    this.identity = sha1(JSON.stringify([FORMAT, identity.version, identity.program, allRuleMetas(rules)]));
    const file = text === undefined ? undefined : readCacheFile(text, this.identity);
    this.fromFile = file !== undefined;
    this.run = (file?.run ?? 0) + 1;
    this.trees = file?.trees ?? new Map();
    this.calls = file?.calls ?? new Map();
    this.memos = file?.memos ?? new Map();
    this.discoveries = file?.discoveries ?? new Map();
    this.known = file?.known ?? { files: new Map(), dirs: new Map(), probes: new Map() };
    this.states = new FileStates(this.known.files, this.known.dirs);
    this.tracker = new ReadTracker(this.states);
  }

  get stats(): CacheStats {
    return { reused: this.reused, linted: this.linted, filesRead: this.states.filesRead };
  }

  /** Whether the file should be written: it holds less than this run knows (or there was none). */
  get stale(): boolean {
    if (!this.fromFile || this.changed || this.states.filesRead > 0 || this.states.dirsChanged > 0) return true;
    const seen = this.states.seen();
    return [...seen.probes].some(([probed, observed]) => this.known.probes.get(probed)?.hash !== observed.hash) || this.keptTrees().length !== this.trees.size;
  }

  callSources(dir: string, files: readonly string[], read: SourceReader): string[] {
    const digest = sha1(files.map((file) => `${file}\0${this.states.file(file, true).hash}`).join('\n'));
    const known = this.calls.get(dir);
    let sources: string[];
    if (known?.digest === digest) {
      sources = [...known.sources];
    } else {
      sources = localCallSources(dir, files, (file) => this.states.takeText(file) ?? read(file));
      this.changed = true;
    }
    for (const file of files) this.states.takeText(file);
    this.newCalls.set(dir, { digest, sources });
    return sources;
  }

  discover(dir: string, excludes: readonly string[], discover: (watch: DiscoveryWatch) => Discovery): Discovery {
    const key = sha1(JSON.stringify(['discovery', dir, excludes]));
    const known = this.discoveries.get(key);
    // Unchanged listings of every directory discovery listed: the same modules, files and var files.
    if (known && known.dirs.every((listed) => this.states.dir(listed).hash === this.known.dirs.get(listed)?.hash)) {
      this.discoveries.set(key, { ...known, run: this.run });
      return known.result;
    }
    const dirs = new Set<string>();
    let linked = false;
    const result = discover({
      listed: (listed) => {
        this.states.dir(listed);
        dirs.add(listed);
      },
      linked: () => {
        linked = true;
      },
    });
    this.changed = true;
    // Where a link leads is in no listing: a discovery that followed one is made again each time.
    if (linked) this.discoveries.delete(key);
    else this.discoveries.set(key, { run: this.run, dirs: [...dirs], result });
    return result;
  }

  planRoot(planText: string, candidates: readonly RootCandidate[], choose: () => number): number {
    const key = sha1(JSON.stringify(['plan root', sha1(planText), candidates.map((c) => [c.dir, c.files.map((file) => [file, this.states.file(file).hash])])]));
    return this.memo(key, choose);
  }

  extraFindings(plan: ScanPlan, compute: () => Finding[]): Finding[] {
    const files = plan.extraVarFiles.map((file) => [file, this.states.file(file).hash]);
    const key = sha1(JSON.stringify(['extra findings', this.planKey(plan).options, this.configKey(plan.fallbackConfig), plan.unreadableDirectories, files]));
    return this.memo(key, compute);
  }

  /** A result kept under a key that covers everything it depends on (the files' hashes are taken before `compute` reads them). */
  private memo<T>(key: string, compute: () => T): T {
    const known = this.memos.get(key);
    const value = known ? (known.value as T) : compute();
    if (!known) this.changed = true;
    this.memos.set(key, { run: this.run, value });
    return value;
  }

  lookup(plan: ScanPlan, index: number): ModuleOutcome | undefined {
    let looked = this.looked.get(plan);
    if (!looked) this.looked.set(plan, (looked = new Map()));
    if (looked.has(index)) return looked.get(index);
    this.planKey(plan);
    const dir = plan.modules[index]!.module.dir;
    const entry = this.trees.get(dir);
    const hit = entry !== undefined && entry.key === this.treeKey(plan, index, entry.modules) && this.unchanged(entry);
    const outcome = hit ? entry.outcome : undefined;
    looked.set(index, outcome);
    if (hit) {
      this.reused++;
      this.trees.set(dir, { ...entry, run: this.run });
    }
    return outcome;
  }

  store(plan: ScanPlan, index: number, outcome: ModuleOutcome): void {
    const dir = plan.modules[index]!.module.dir;
    this.linted++;
    this.changed = true;
    this.trees.delete(dir);
    const { reads, ...kept } = outcome;
    // A tree cut short, or one where a rule failed, is linted again next time (and says so again).
    if (!reads || outcome.cancelled || outcome.failures.length > 0) return;
    const seen = this.states.seen();
    for (const kind of KINDS) {
      for (const [read, observed] of reads[kind]) this.states.adopt(kind, read, observed);
      // A worker thread that saw something otherwise than this thread (it changed during the scan): not kept.
      if (reads[kind].some(([read, observed]) => seen[kind].get(read)!.hash !== observed.hash)) return;
    }
    const paths = (kind: Kind): string[] => reads[kind].map(([read]) => read);
    this.trees.set(dir, {
      key: this.treeKey(plan, index, reads.modules),
      modules: reads.modules,
      reads: { files: paths('files'), dirs: paths('dirs'), probes: paths('probes') },
      outcome: kept,
      run: this.run,
    });
  }

  /**
   * The cache file's text: the trees of this run, and others (up to MAX_TREES) unless something they read
   * changed or their root is gone, with the hashes and metadata their check needs.
   */
  serialize(): string {
    const seen = this.states.seen();
    const trees = this.keptTrees();
    const paths = new PathTable();
    const pathIndex = (p: string): number => paths.index(p);
    const discoveries = [...this.discoveries.entries()].sort((a, b) => b[1].run - a[1].run).filter(([, entry], at) => entry.run === this.run || at < MAX_MEMOS);
    const table = (kind: Kind): Row[] => {
      // Files seen this run are kept for the call sources too, directories discovery listed for it.
      const wanted = new Set<string>(kind === 'files' ? seen.files.keys() : []);
      if (kind === 'dirs') for (const [, entry] of discoveries) for (const listed of entry.dirs) wanted.add(listed);
      for (const [, entry] of trees) for (const read of entry.reads[kind]) wanted.add(read);
      return [...wanted].sort().map((p) => {
        const observed = seen[kind].get(p) ?? this.known[kind].get(p)!;
        return observed.meta ? [pathIndex(p), observed.hash, ...observed.meta] : [pathIndex(p), observed.hash];
      });
    };
    // Call sources: of every module this run planned, and of the modules of the trees kept.
    const keptModules = new Set(trees.flatMap(([, entry]) => entry.modules));
    const calls = new Map([...[...this.calls].filter(([dir]) => keptModules.has(dir)), ...this.newCalls]);
    const file: CacheFile = {
      run: this.run,
      paths: paths.rows,
      tables: { files: table('files'), dirs: table('dirs'), probes: table('probes') },
      calls: [...calls.entries()].map(([dir, entry]) => [pathIndex(dir), entry.digest, entry.sources] as const),
      memos: [...this.memos.entries()]
        .sort((a, b) => b[1].run - a[1].run)
        .filter(([, memo], at) => memo.run === this.run || at < MAX_MEMOS)
        .map(([key, memo]) => [key, memo.run, memo.value] as const),
      discoveries: discoveries.map(([key, entry]) => [key, entry.run, entry.dirs.map(pathIndex), storeDiscovery(entry.result, pathIndex)] as const),
      trees: trees.map(([root, entry]) => ({
        root: pathIndex(root),
        key: entry.key,
        modules: entry.modules.map(pathIndex),
        reads: { files: entry.reads.files.map(pathIndex), dirs: entry.reads.dirs.map(pathIndex), probes: entry.reads.probes.map(pathIndex) },
        run: entry.run,
        outcome: {
          ...entry.outcome,
          dir: pathIndex(entry.outcome.dir),
          files: entry.outcome.files.map(pathIndex),
          modules: entry.outcome.modules.map(pathIndex),
        },
      })),
    };
    const body = JSON.stringify(file);
    return `${HEADER} ${FORMAT} ${this.identity} ${sha1(body)}\n${body}`;
  }

  /** The trees to write: this run's, and others unless something they read changed or their root is gone; the newest first. */
  private keptTrees(): [string, TreeEntry][] {
    const seen = this.states.seen();
    // A tree of an earlier run is kept while nothing it read changed (as far as this run saw), unless its
    // root was under a path this run scanned and is no module any more.
    const gone = (root: string): boolean => !this.plannedDirs.has(root) && [...this.scannedPaths].some((scanned) => isInside(root, scanned));
    const holds = ([root, entry]: [string, TreeEntry]): boolean =>
      entry.run === this.run ||
      (!gone(root) &&
        KINDS.every((kind) =>
          entry.reads[kind].every((read) => (seen[kind].get(read) ?? this.known[kind].get(read))?.hash === this.known[kind].get(read)?.hash),
        ));
    return [...this.trees.entries()]
      .filter(holds)
      .sort((a, b) => b[1].run - a[1].run)
      .slice(0, MAX_TREES);
  }

  /** Whether everything a tree from the file read holds what it held then. */
  private unchanged(entry: TreeEntry): boolean {
    if (entry.run === this.run) return true; // stored by this run: its reads are this run's
    const now: Record<Kind, (p: string) => Observed> = {
      files: (p) => this.states.file(p),
      dirs: (p) => this.states.dir(p),
      probes: (p) => this.states.probe(p),
    };
    return KINDS.every((kind) => entry.reads[kind].every((read) => now[kind](read).hash === this.known[kind].get(read)?.hash));
  }

  /** The plan-side key of the tree from a module, given the module directories its lint loaded. */
  private treeKey(plan: ScanPlan, index: number, modules: readonly string[]): string {
    const { byDir, options, plan: planHash } = this.planKey(plan);
    const root = plan.modules[index]!;
    const applied = plan.applied !== undefined && plan.modules[plan.applied.root] === root;
    // One JSON value per line: no line can run into the next.
    const lines = [options, JSON.stringify([root.module.dir, root.onlyFiles ?? null, applied ? planHash : null])];
    for (const dir of modules) lines.push(this.moduleKey(plan, byDir, dir));
    return sha1(lines.join('\n'));
  }

  /** What the plan says about a module a tree loaded: whether it was scanned, and if so its files, scanned path and config. */
  private moduleKey(plan: ScanPlan, byDir: ReadonlyMap<string, PlannedModule>, dir: string): string {
    const { moduleKeys } = this.planKey(plan);
    let key = moduleKeys.get(dir);
    if (key === undefined) {
      const planned = byDir.get(dir);
      const { module } = planned ?? {};
      key =
        planned && module
          ? JSON.stringify([
              dir,
              planned.root,
              module.files,
              module.varFiles,
              module.environmentFiles,
              module.terragrunt ?? null,
              this.configKey(planned.config),
            ])
          : JSON.stringify([dir]);
      moduleKeys.set(dir, key);
    }
    return key;
  }

  private planKey(plan: ScanPlan): PlanKey {
    let keys = this.planKeys.get(plan);
    if (!keys) {
      const { options } = plan;
      keys = {
        byDir: new Map(plan.modules.map((p) => [p.module.dir, p])),
        moduleKeys: new Map(),
        options: JSON.stringify([options.inlineIgnores !== false, options.onlyRules ?? null, options.exclude ?? [], plan.explicitVarFiles]),
        ...(options.plan ? { plan: sha1(options.plan.text) } : {}),
      };
      this.planKeys.set(plan, keys);
      for (const given of options.paths) this.scannedPaths.add(path.resolve(options.cwd, given));
      for (const planned of plan.modules) this.plannedDirs.add(planned.module.dir);
    }
    return keys;
  }

  private configKey(config: ResolvedConfig): string {
    let key = this.configKeys.get(config);
    if (key === undefined) {
      const rules = [...config.rules.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      key = JSON.stringify([config.file ?? null, config.dir, rules, config.exclude, config.settings, config.inlineIgnores, config.environments]);
      this.configKeys.set(config, key);
    }
    return key;
  }
}

interface PlanKey {
  readonly byDir: ReadonlyMap<string, PlannedModule>;
  readonly moduleKeys: Map<string, string>;
  /** The scan options that change findings. */
  readonly options: string;
  /** The plan's hash, when there is one. */
  readonly plan?: string;
}

interface LoadedCache {
  readonly run: number;
  readonly known: Seen;
  readonly calls: Map<string, CallsEntry>;
  readonly memos: Map<string, { readonly run: number; readonly value: unknown }>;
  readonly discoveries: Map<string, DiscoveryEntry>;
  readonly trees: Map<string, TreeEntry>;
}

interface DiscoveryEntry {
  readonly run: number;
  /** Every directory discovery listed (its listing hash is in the file's table). */
  readonly dirs: readonly string[];
  readonly result: Discovery;
}

/** A module as [dir, files, var files, environment files, terragrunt.hcl or -1], paths as indexes. */
type StoredModule = readonly [number, readonly number[], readonly number[], readonly number[], number];

/** A discovery as [modules, stray var files, unreadable directories as [dir, reason], shadowed files], paths as indexes. */
type StoredDiscovery = readonly [readonly StoredModule[], readonly number[], readonly (readonly [number, string])[], readonly number[]];

function storeDiscovery(discovery: Discovery, index: (p: string) => number): StoredDiscovery {
  return [
    discovery.modules.map((m) => [
      index(m.dir),
      m.files.map(index),
      m.varFiles.map(index),
      m.environmentFiles.map(index),
      m.terragrunt === undefined ? -1 : index(m.terragrunt),
    ]),
    discovery.strayVarFiles.map(index),
    discovery.unreadableDirectories.map((u) => [index(u.dir), u.reason]),
    discovery.shadowedFiles.map(index),
  ];
}

function readDiscovery([modules, stray, unreadable, shadowed]: StoredDiscovery, at: (index: number) => string): Discovery {
  return {
    modules: modules.map(([dir, files, varFiles, environmentFiles, terragrunt]): DiscoveredModule => ({
      dir: at(dir),
      files: files.map(at),
      varFiles: varFiles.map(at),
      environmentFiles: environmentFiles.map(at),
      ...(terragrunt === -1 ? {} : { terragrunt: at(terragrunt) }),
    })),
    strayVarFiles: stray.map(at),
    unreadableDirectories: unreadable.map(([dir, reason]) => ({ dir: at(dir), reason })),
    // Only a discovery that met no link is kept, and only links lead outside.
    linksOutside: [],
    shadowedFiles: shadowed.map(at),
  };
}

/** The cache file's content, or undefined when it is not a cache this run can use (never an error). */
function readCacheFile(text: string, identity: string): LoadedCache | undefined {
  try {
    const newline = text.indexOf('\n');
    const [header, format, fileIdentity, checksum] = text.slice(0, Math.max(0, newline)).split(' ');
    if (header !== HEADER || format !== String(FORMAT) || fileIdentity !== identity) return undefined;
    const body = text.slice(newline + 1);
    if (sha1(body) !== checksum) return undefined;
    const file = JSON.parse(body) as CacheFile;
    const paths = readPaths(file.paths);
    const pathAt = (index: number): string => {
      const found = paths[index];
      if (found === undefined) throw new Error('bad path index');
      return found;
    };
    const observed = (rows: readonly Row[]): Map<string, Observed> =>
      new Map(rows.map(([at, hash, ...meta]) => [pathAt(at), meta.length === 4 ? { hash, meta: meta as unknown as Meta } : { hash }]));
    return {
      run: file.run,
      known: { files: observed(file.tables.files), dirs: observed(file.tables.dirs), probes: observed(file.tables.probes) },
      calls: new Map(file.calls.map(([at, digest, sources]) => [pathAt(at), { digest, sources }])),
      memos: new Map(file.memos.map(([key, run, value]) => [key, { run, value }])),
      discoveries: new Map(file.discoveries.map(([key, run, dirs, stored]) => [key, { run, dirs: dirs.map(pathAt), result: readDiscovery(stored, pathAt) }])),
      trees: new Map(
        file.trees.map((tree) => [
          pathAt(tree.root),
          {
            key: tree.key,
            modules: tree.modules.map(pathAt),
            reads: { files: tree.reads.files.map(pathAt), dirs: tree.reads.dirs.map(pathAt), probes: tree.reads.probes.map(pathAt) },
            run: tree.run,
            outcome: { ...tree.outcome, dir: pathAt(tree.outcome.dir), files: tree.outcome.files.map(pathAt), modules: tree.outcome.modules.map(pathAt) },
          },
        ]),
      ),
    };
  } catch {
    return undefined;
  }
}

/** Paths as they are written: each a directory already written and a name, so a deep tree's prefixes are written once. */
class PathTable {
  readonly rows: [number, string][] = [];
  private readonly indexes = new Map<string, number>();

  index(p: string): number {
    let at = this.indexes.get(p);
    if (at !== undefined) return at;
    const parent = path.dirname(p);
    const name = path.basename(p);
    // Written whole when it would not read back as it is (a root, or a path that is not normalised).
    const row: [number, string] = parent === p || name === '' || joinPath(parent, name) !== p ? [-1, p] : [this.index(parent), name];
    this.indexes.set(p, (at = this.rows.length));
    this.rows.push(row);
    return at;
  }
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? `${dir}${name}` : `${dir}${path.sep}${name}`;
}

function readPaths(rows: readonly (readonly [number, string])[]): string[] {
  const paths: string[] = [];
  for (const [parent, name] of rows) {
    if (parent === -1) paths.push(name);
    else if (parent >= 0 && parent < paths.length) paths.push(joinPath(paths[parent]!, name));
    else throw new Error('bad path table');
  }
  return paths;
}
