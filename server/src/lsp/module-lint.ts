// Linting one module for the editor: which files it has (open buffers over the disk), which config
// applies, the versions of its open documents when the lint began, and the lint itself, through the same
// engine call the CLI makes for each module (lintPlannedModule), so the editor and CI agree.
import type { RuleModule } from '../../../rules/api';
import type { ResolvedConfig } from '../core/config';
import { createExcludeMatcher } from '../core/discover';
import type { Finding } from '../core/finding';
import type { RuleFailure } from '../core/lint';
import { extraVarFileFindings, lintPlannedModule, type PlannedModule, type ScanPlan } from '../core/scan';
import type { ConfigStore } from './config-store';
import type { WorkspaceState } from './workspace-state';

/** A lint about to run: everything decided before any file is parsed. */
export interface ModuleJob {
  readonly dir: string;
  /** Every file to publish for, including open files the config excludes (they get an empty list). */
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
  readonly dir: string;
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  readonly versions: ReadonlyMap<string, number>;
  readonly failures: readonly RuleFailure[];
  readonly cancelled: boolean;
  /** Files of other directories the lint read (other environments, called modules): a change to one may change its findings. */
  readonly dependencies: readonly string[];
}

/** Resolves after pending I/O and messages had their turn, so a lint never blocks typing for long. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class ModuleLinter {
  constructor(
    private readonly state: WorkspaceState,
    private readonly configs: ConfigStore,
    private readonly rules: readonly RuleModule[],
  ) {}

  /** Plans the lint of a directory's module; undefined when it holds no Terraform file at all. */
  plan(dir: string): ModuleJob | undefined {
    const listing = this.state.listModule(dir);
    const all = [...listing.files, ...listing.varFiles, ...listing.environmentFiles, ...(listing.terragrunt !== undefined ? [listing.terragrunt] : [])];
    if (all.length === 0) return undefined;
    const root = this.state.rootFor(dir);
    const config: ResolvedConfig = this.configs.forDir(dir, root);
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
      explicitVarFiles: [],
      fallbackConfig: config,
      filesTotal: files.length + varFiles.length + environmentFiles.length + (terragrunt !== undefined ? 1 : 0),
    };
    const planned: PlannedModule | undefined = isModule
      ? { module: { dir, files, varFiles, environmentFiles, ...(terragrunt !== undefined ? { terragrunt } : {}) }, root, config }
      : undefined;
    return {
      dir,
      files: all,
      linted: [...files, ...varFiles, ...environmentFiles, ...(terragrunt !== undefined ? [terragrunt] : [])],
      versions: this.state.versionsOf(all),
      plan: planned ? { ...plan, modules: [planned], roots: [0], reach: [[0]] } : plan,
      ...(planned ? { planned } : {}),
    };
  }

  /**
   * Parses the files whose cached parse is stale, one at a time, yielding between them so edits keep
   * flowing. False when `isStale` says the job is no longer wanted.
   */
  async warm(job: ModuleJob, isStale: () => boolean): Promise<boolean> {
    for (const file of job.linted) {
      if (!this.state.needsParse(file)) continue;
      this.state.load(file);
      await yieldToEventLoop();
      if (isStale()) return false;
    }
    return true;
  }

  /** Runs the rules (synchronously; rules are cheap). */
  run(job: ModuleJob, isCancelled?: () => boolean): ModuleLint {
    const { state } = this;
    if (job.planned) {
      // Files read beyond the module's own (other environments, the called module) are its dependencies.
      const read = new Set<string>();
      const load = (file: string) => {
        read.add(file);
        return state.load(file);
      };
      const outcome = lintPlannedModule(job.plan, job.planned, this.rules, { reader: state.reader, load, ...(isCancelled ? { isCancelled } : {}) });
      const own = new Set(job.files);
      const dependencies = [...read].filter((file) => !own.has(file));
      return { dir: job.dir, files: job.files, findings: outcome.findings, versions: job.versions, failures: outcome.failures, cancelled: outcome.cancelled, dependencies };
    }
    const findings = extraVarFileFindings(job.plan, state.reader, state.load);
    return { dir: job.dir, files: job.files, findings, versions: job.versions, failures: [], cancelled: false, dependencies: [] };
  }

  /** Plans and runs at once: for a code action or hover that needs findings for the current text. */
  lintNow(dir: string): ModuleLint | undefined {
    const job = this.plan(dir);
    return job ? this.run(job) : undefined;
  }
}
