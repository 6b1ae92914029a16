// Linting for the editor: the tree of module instances from one root module, with the files of every
// module it reaches (open buffers over the disk), the config that applies to each, the versions of their
// open documents when the lint began, and the lint itself, through the same engine call the CLI makes for
// each root (lintPlannedModule), so the editor and CI agree.
import type { RuleModule, SourceFile } from '../../../rules/api';
import type { ResolvedConfig } from '../core/config/config';
import { createExcludeMatcher } from '../core/discover';
import type { Finding } from '../core/finding';
import type { OpaqueModuleCall } from '../core/finding';
import type { RuleFailure } from '../core/lint/lint';
import type { ModuleStore } from '../core/instances/module-cache';
import type { ModuleIndex } from '../core/module';
import { extraVarFileFindings, lintPlannedModule, loadPlannedModule, moduleFiles, type PlannedModule, type ScanPlan } from '../core/scan';
import type { CallerIndex } from './caller-index';
import type { ConfigStore } from './config-store';
import type { WorkspaceState } from './workspace-state';

/** A lint about to run: everything decided before any file is parsed. */
export interface ModuleJob {
  /** The root module's directory. */
  readonly dir: string;
  /** Every file to publish for (the root's and those of the modules it calls), including open files the config excludes (they get an empty list). */
  readonly files: readonly string[];
  /** The files that are linted. */
  readonly linted: readonly string[];
  /** Versions of the module's open documents when the job was planned. */
  readonly versions: ReadonlyMap<string, number>;
  readonly plan: ScanPlan;
  /** Absent when the directory has variable files but no configuration: they are checked for syntax alone. */
  readonly planned?: PlannedModule;
}

/** What one lint found, with the document versions it was computed for. */
export interface ModuleLint {
  /** The root module's directory. */
  readonly dir: string;
  readonly files: readonly string[];
  /** The module directories the lint reached, the root's first. */
  readonly modules: readonly string[];
  /** Calls into remote modules that were not downloaded. */
  readonly opaqueCalls: readonly OpaqueModuleCall[];
  /** Suppressions that silenced something: another tree's lint of the same files must not call them unused. */
  readonly usedSuppressions: readonly string[];
  readonly findings: readonly Finding[];
  readonly versions: ReadonlyMap<string, number>;
  readonly failures: readonly RuleFailure[];
  readonly cancelled: boolean;
  /** Files of other directories the lint read (other environments, called modules): a change to one may change its findings. */
  readonly dependencies: readonly string[];
}

/** A module index and what it read to be made (environment detection reads other directories, lazily). */
interface KeptModule {
  readonly module: ModuleIndex;
  readonly read: Map<string, SourceFile | undefined>;
  /** Its files as listed when it was made: a file added or removed makes it anew. */
  readonly listing: string;
}

/** Resolves after pending I/O and messages had their turn, so a lint never blocks typing for long. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class ModuleLinter {
  constructor(
    private readonly state: WorkspaceState,
    private readonly configs: ConfigStore,
    /** Read at each lint: rule files may be loaded again meanwhile. */
    private readonly rules: () => readonly RuleModule[],
    private readonly callers: CallerIndex,
  ) {}

  /** Plans the lint of the tree rooted at a directory's module; undefined when it holds no Terraform file at all. */
  plan(dir: string): ModuleJob | undefined {
    const root = this.plannedModule(dir);
    if (!root) return undefined;
    const children = root.planned
      ? this.callers
          .reachOf(dir)
          .filter((d) => d !== dir)
          .map((d) => this.plannedModule(d))
          .filter((m) => m?.planned !== undefined)
      : [];
    const files = [...new Set([...root.files, ...children.flatMap((c) => c!.files)])];
    const modules = [root, ...children].flatMap((m) => (m!.planned ? [m!.planned] : []));
    const plan: ScanPlan = { ...root.plan, modules, roots: modules.length > 0 ? [0] : [], reach: modules.length > 0 ? [modules.map((_, i) => i)] : [] };
    return {
      dir,
      files,
      linted: [...new Set([...root.linted, ...children.flatMap((c) => c!.linted)])],
      versions: this.state.versionsOf(files),
      plan,
      ...(root.planned ? { planned: root.planned } : {}),
    };
  }

  /** One directory's files, config and planned module (undefined for a directory of var files only). */
  private plannedModule(dir: string): { files: string[]; linted: string[]; plan: ScanPlan; planned?: PlannedModule } | undefined {
    const listing = this.state.listModule(dir);
    const all = [...listing.files, ...listing.varFiles, ...listing.environmentFiles, ...(listing.terragrunt !== undefined ? [listing.terragrunt] : [])];
    if (all.length === 0) return undefined;
    const root = this.state.rootFor(dir);
    const config: ResolvedConfig = this.state.round.get(`config\u0000${dir}`, () => this.configs.forDir(dir, root));
    // The config's excludes hold in the editor as in the CLI, which skips excluded files even when named.
    const isExcluded = createExcludeMatcher(config.dir, config.exclude);
    const files = listing.files.filter((f) => !isExcluded(f, false));
    const varFiles = listing.varFiles.filter((f) => !isExcluded(f, false));
    const environmentFiles = listing.environmentFiles.filter((f) => !isExcluded(f, false));
    const terragrunt = listing.terragrunt !== undefined && !isExcluded(listing.terragrunt, false) ? listing.terragrunt : undefined;
    const isModule = files.length > 0 || terragrunt !== undefined;
    const plan: ScanPlan = {
      options: { paths: [dir], cwd: root },
      modules: [],
      roots: [],
      reach: [],
      extraVarFiles: isModule ? [] : varFiles,
      unreadableDirectories: [],
      linksOutside: [],
      explicitVarFiles: [],
      fallbackConfig: config,
      filesTotal: files.length + varFiles.length + environmentFiles.length + (terragrunt !== undefined ? 1 : 0),
    };
    const planned: PlannedModule | undefined = isModule
      ? { module: { dir, files, varFiles, environmentFiles, ...(terragrunt !== undefined ? { terragrunt } : {}) }, root, config }
      : undefined;
    return {
      files: all,
      linted: [...files, ...varFiles, ...environmentFiles, ...(terragrunt !== undefined ? [terragrunt] : [])],
      plan: planned ? { ...plan, modules: [planned], roots: [0], reach: [[0]] } : plan,
      ...(planned ? { planned } : {}),
    };
  }

  /**
   * Parses the files whose cached parse is stale, one at a time, yielding after each so edits keep
   * flowing, and never a file of a job that is already stale (a version that an edit overtook: the caller
   * yielded before planning, so edits received by then count). False when `isStale` says the job is no
   * longer wanted.
   */
  async warm(job: ModuleJob, isStale: () => boolean, onParsed?: (file: string, ms: number) => void): Promise<boolean> {
    for (const file of job.linted) {
      if (!this.state.needsParse(file)) continue;
      if (isStale()) return false;
      const started = performance.now();
      this.state.load(file);
      onParsed?.(file, performance.now() - started);
      await yieldToEventLoop();
    }
    return !isStale();
  }

  /** Runs the rules (synchronously; rules are cheap). */
  run(job: ModuleJob, isCancelled?: () => boolean): ModuleLint {
    const { state } = this;
    if (job.planned) {
      // Files read beyond the tree's own (other environments) are its dependencies. A module read for
      // several trees of one edit is loaded once; what it reads, then or later, counts for each of them.
      const read = new Set<string>();
      const load = (file: string) => {
        read.add(file);
        return state.load(file);
      };
      const reads = new Map<string, Iterable<string>>();
      const modules: ModuleStore = {
        get: (dir, loadModule) => {
          const planned = job.plan.modules.find((p) => p.module.dir === dir);
          const entry = state.round.get(`index\u0000${dir}`, () => (planned ? this.moduleIndex(job.plan, planned) : { module: loadModule(), read: new Map() }));
          reads.set(dir, entry.read.keys());
          return entry.module;
        },
        release: () => {},
      };
      const outcome = lintPlannedModule(job.plan, job.planned, this.rules(), {
        reader: state.reader,
        load,
        list: state.list,
        modules,
        ...(isCancelled ? { isCancelled } : {}),
      });
      const files = [...new Set([...job.files, ...outcome.files])];
      const own = new Set(files);
      for (const moduleReads of reads.values()) for (const file of moduleReads) read.add(file);
      const dependencies = [...read].filter((file) => !own.has(file));
      return {
        dir: job.dir,
        files,
        modules: outcome.modules,
        opaqueCalls: outcome.opaqueCalls,
        usedSuppressions: outcome.usedSuppressions,
        findings: outcome.findings,
        versions: job.versions,
        failures: outcome.failures,
        cancelled: outcome.cancelled,
        dependencies,
      };
    }
    const findings = extraVarFileFindings(job.plan, state.reader, state.load);
    return {
      dir: job.dir,
      files: job.files,
      modules: [],
      opaqueCalls: [],
      usedSuppressions: [],
      findings,
      versions: job.versions,
      failures: [],
      cancelled: false,
      dependencies: [],
    };
  }

  /** Module indexes kept across edits, with every file each read (its own, its environments') as parsed then. */
  private readonly kept = new Map<string, KeptModule>();

  /**
   * A planned module's index: the one kept from an earlier edit while it lists the same files and every
   * file it read is still the same parse (an edit elsewhere in its tree), else read anew.
   */
  private moduleIndex(plan: ScanPlan, planned: PlannedModule): KeptModule {
    const listing = JSON.stringify(moduleFiles(planned.module));
    const kept = this.kept.get(planned.module.dir);
    if (kept && kept.listing === listing && [...kept.read].every(([file, parsed]) => this.state.load(file) === parsed)) return kept;
    const read = new Map<string, SourceFile | undefined>();
    const module = loadPlannedModule(
      plan,
      planned,
      (file) => {
        const parsed = this.state.load(file);
        read.set(file, parsed);
        return parsed;
      },
      this.state.list,
    );
    const entry: KeptModule = { module, read, listing };
    this.kept.set(planned.module.dir, entry);
    return entry;
  }

  /** Keeps module indexes of these directories only (the trees being edited); files changed on disk drop them all. */
  retain(dirs: ReadonlySet<string> | undefined): void {
    for (const dir of [...this.kept.keys()]) if (!dirs?.has(dir)) this.kept.delete(dir);
  }

  /** Plans and runs at once: for a code action or hover that needs findings for the current text. */
  lintNow(dir: string): ModuleLint | undefined {
    const job = this.plan(dir);
    return job ? this.run(job) : undefined;
  }
}
