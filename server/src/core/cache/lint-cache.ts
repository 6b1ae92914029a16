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
//     not) by its content hash, and every directory listing environment detection and module loading made.
// A file's hash is looked up by its metadata when that has not changed since the cache saw it (see
// file-states.ts), else the file is read and hashed: content decides.
//
// Planning also reads every configuration file, for its module calls; the cache keeps those per module
// under the hashes of its files, so a run where nothing changed reads no configuration file at all.
import type { RuleModule } from '../../../../rules/api';
import type { ResolvedConfig } from '../config';
import { localCallSources } from '../instances/module-callers';
import type { SourceReader } from '../load-module';
import { allRuleMetas, type ModuleOutcome, type PlannedModule, type ScanPlan, type TreeCache } from '../scan';
import { FileStates, sha1, type Meta, type Observed } from './file-states';
import { ReadTracker } from './read-tracker';

/** The cache file's format; a file of another format is ignored (and rewritten). */
const FORMAT = 1;
const HEADER = 'premortem-cache';

/**
 * How many trees the file keeps. Trees a run did not scan (another path, a --new-since scope) are kept, so
 * scans of different paths can share one cache; beyond this, those unused for the most runs go first.
 */
const MAX_TREES = 10_000;

export interface CacheIdentity {
  /** premortem's version. */
  readonly version: string;
  /** A hash of the program (the bundle), so a build with other code does not reuse findings. */
  readonly program: string;
}

interface TreeEntry {
  /** The plan-side key. */
  readonly key: string;
  readonly modules: readonly string[];
  /** What the lint read: for a tree in the file, each holds (in the file's table) the hash the lint read. */
  readonly files: readonly string[];
  readonly dirs: readonly string[];
  readonly outcome: ModuleOutcome;
  /** The run (counted per cache file) that last linted or reused it. */
  readonly run: number;
}

interface CallsEntry {
  readonly digest: string;
  readonly sources: readonly string[];
}

/** [path, hash, ...meta]; no meta for what did not exist. */
type Row = readonly [number, string, ...([] | Meta)];

/**
 * The file: a header line (`premortem-cache FORMAT IDENTITY CHECKSUM`, the checksum of the rest, so a file
 * cut short or damaged is noticed), then this as JSON. Paths are indexes into `paths`.
 */
interface CacheFile {
  readonly run: number;
  readonly paths: readonly string[];
  readonly files: readonly Row[];
  readonly dirs: readonly Row[];
  /** [module directory, digest of its files, sources] */
  readonly calls: readonly (readonly [number, string, readonly string[]])[];
  readonly trees: readonly {
    readonly root: number;
    readonly key: string;
    readonly modules: readonly number[];
    readonly files: readonly number[];
    readonly dirs: readonly number[];
    readonly run: number;
    /** With `files` and `modules` as path indexes. */
    readonly outcome: Omit<ModuleOutcome, 'files' | 'modules'> & { readonly files: readonly number[]; readonly modules: readonly number[] };
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
  private readonly knownFiles: ReadonlyMap<string, Observed>;
  private readonly knownDirs: ReadonlyMap<string, Observed>;
  /** Lookups made, by plan and module index, so that a tree is checked once however often it is asked for. */
  private readonly looked = new WeakMap<ScanPlan, Map<number, ModuleOutcome | undefined>>();
  private readonly planKeys = new WeakMap<ScanPlan, PlanKey>();
  private readonly configKeys = new WeakMap<ResolvedConfig, string>();
  private reused = 0;
  private linted = 0;
  /** Something the file does not say yet: a tree linted or gone, call sources read again. */
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
    this.knownFiles = file?.files ?? new Map();
    this.knownDirs = file?.dirs ?? new Map();
    this.states = new FileStates(this.knownFiles, this.knownDirs);
    this.tracker = new ReadTracker(this.states);
  }

  get stats(): CacheStats {
    return { reused: this.reused, linted: this.linted, filesRead: this.states.filesRead };
  }

  /** Whether the file should be written: it holds less than this run knows (or there was none). */
  get stale(): boolean {
    return !this.fromFile || this.changed || this.states.filesRead > 0 || this.states.dirsListed > 0;
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

  lookup(plan: ScanPlan, index: number): ModuleOutcome | undefined {
    let looked = this.looked.get(plan);
    if (!looked) this.looked.set(plan, (looked = new Map()));
    if (looked.has(index)) return looked.get(index);
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
    for (const [file, observed] of reads.files) this.states.adopt('file', file, observed);
    for (const [listed, observed] of reads.dirs) this.states.adopt('dir', listed, observed);
    // A worker thread that saw a file otherwise than this thread (it changed during the scan): not kept.
    const seen = this.states.seen();
    if (reads.files.some(([file, observed]) => seen.files.get(file)!.hash !== observed.hash)) return;
    if (reads.dirs.some(([listed, observed]) => seen.dirs.get(listed)!.hash !== observed.hash)) return;
    const key = this.treeKey(plan, index, reads.modules);
    this.trees.set(dir, { key, modules: reads.modules, files: reads.files.map(([file]) => file), dirs: reads.dirs.map(([listed]) => listed), outcome: kept, run: this.run });
  }

  /**
   * The cache file's text: the trees of this run, and others (up to MAX_TREES) unless a file they read
   * changed, with the hashes and metadata their check needs.
   */
  serialize(): string {
    const seen = this.states.seen();
    const holds = (entry: TreeEntry): boolean =>
      entry.run === this.run ||
      (entry.files.every((file) => seen.files.get(file)?.hash === undefined || seen.files.get(file)!.hash === this.knownFiles.get(file)?.hash) &&
        entry.dirs.every((listed) => seen.dirs.get(listed)?.hash === undefined || seen.dirs.get(listed)!.hash === this.knownDirs.get(listed)?.hash));
    const trees = [...this.trees.entries()]
      .filter(([, entry]) => holds(entry))
      .sort((a, b) => b[1].run - a[1].run)
      .slice(0, MAX_TREES);
    const paths: string[] = [];
    const indexes = new Map<string, number>();
    const pathIndex = (p: string): number => {
      let at = indexes.get(p);
      if (at === undefined) {
        indexes.set(p, (at = paths.length));
        paths.push(p);
      }
      return at;
    };
    const wantedFiles = new Set<string>(seen.files.keys());
    const wantedDirs = new Set<string>();
    for (const [, entry] of trees) {
      for (const file of entry.files) wantedFiles.add(file);
      for (const listed of entry.dirs) wantedDirs.add(listed);
    }
    const table = (wanted: Set<string>, now: ReadonlyMap<string, Observed>, before: ReadonlyMap<string, Observed>): Row[] =>
      [...wanted].sort().map((p) => {
        const observed = now.get(p) ?? before.get(p)!;
        return observed.meta ? [pathIndex(p), observed.hash, ...observed.meta] : [pathIndex(p), observed.hash];
      });
    // Call sources: of every module this run planned, and of the modules of the trees kept.
    const keptModules = new Set(trees.flatMap(([, entry]) => entry.modules));
    const calls = new Map([...[...this.calls].filter(([dir]) => keptModules.has(dir)), ...this.newCalls]);
    const file: CacheFile = {
      run: this.run,
      paths,
      files: table(wantedFiles, seen.files, this.knownFiles),
      dirs: table(wantedDirs, seen.dirs, this.knownDirs),
      calls: [...calls.entries()].map(([dir, entry]) => [pathIndex(dir), entry.digest, entry.sources] as const),
      trees: trees.map(([root, entry]) => ({
        root: pathIndex(root),
        key: entry.key,
        modules: entry.modules.map(pathIndex),
        files: entry.files.map(pathIndex),
        dirs: entry.dirs.map(pathIndex),
        run: entry.run,
        outcome: { ...entry.outcome, files: entry.outcome.files.map(pathIndex), modules: entry.outcome.modules.map(pathIndex) },
      })),
    };
    const body = JSON.stringify(file);
    return `${HEADER} ${FORMAT} ${this.identity} ${sha1(body)}\n${body}`;
  }

  /** Whether every file and listing a tree from the file read holds what it held then. */
  private unchanged(entry: TreeEntry): boolean {
    if (entry.run === this.run) return true; // stored by this run: its reads are this run's
    return (
      entry.files.every((file) => this.states.file(file).hash === this.knownFiles.get(file)?.hash) &&
      entry.dirs.every((listed) => this.states.dir(listed).hash === this.knownDirs.get(listed)?.hash)
    );
  }

  /** The plan-side key of the tree from a module, given the module directories its lint loaded. */
  private treeKey(plan: ScanPlan, index: number, modules: readonly string[]): string {
    const { byDir, options, plan: planHash } = this.planKey(plan);
    const root = plan.modules[index]!;
    const applied = plan.applied !== undefined && plan.modules[plan.applied.root] === root;
    return sha1(
      JSON.stringify([
        options,
        root.module.dir,
        root.onlyFiles ?? null,
        applied ? planHash : null,
        modules.map((dir) => {
          const planned = byDir.get(dir);
          if (!planned) return [dir];
          const { module } = planned;
          return [dir, planned.root, module.files, module.varFiles, module.environmentFiles, module.terragrunt ?? null, this.configKey(planned.config)];
        }),
      ]),
    );
  }

  private planKey(plan: ScanPlan): PlanKey {
    let keys = this.planKeys.get(plan);
    if (!keys) {
      const { options } = plan;
      keys = {
        byDir: new Map(plan.modules.map((p) => [p.module.dir, p])),
        options: JSON.stringify([options.inlineIgnores !== false, options.onlyRules ?? null, options.exclude ?? [], plan.explicitVarFiles]),
        ...(options.plan ? { plan: sha1(options.plan.text) } : {}),
      };
      this.planKeys.set(plan, keys);
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
  /** The scan options that change findings. */
  readonly options: string;
  /** The plan's hash, when there is one. */
  readonly plan?: string;
}

interface LoadedCache {
  readonly run: number;
  readonly files: Map<string, Observed>;
  readonly dirs: Map<string, Observed>;
  readonly calls: Map<string, CallsEntry>;
  readonly trees: Map<string, TreeEntry>;
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
    const { paths } = file;
    const pathAt = (index: number): string => {
      const found = paths[index];
      if (typeof found !== 'string') throw new Error('bad path index');
      return found;
    };
    const observed = (rows: readonly Row[]): Map<string, Observed> =>
      new Map(rows.map(([at, hash, ...meta]) => [pathAt(at), meta.length === 4 ? { hash, meta: meta as unknown as Meta } : { hash }]));
    return {
      run: file.run,
      files: observed(file.files),
      dirs: observed(file.dirs),
      calls: new Map(file.calls.map(([at, digest, sources]) => [pathAt(at), { digest, sources }])),
      trees: new Map(
        file.trees.map((tree) => [
          pathAt(tree.root),
          {
            key: tree.key,
            modules: tree.modules.map(pathAt),
            files: tree.files.map(pathAt),
            dirs: tree.dirs.map(pathAt),
            run: tree.run,
            outcome: { ...tree.outcome, files: tree.outcome.files.map(pathAt), modules: tree.outcome.modules.map(pathAt) },
          },
        ]),
      ),
    };
  } catch {
    return undefined;
  }
}
