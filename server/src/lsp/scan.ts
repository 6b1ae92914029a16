// The workspace scan (`premortem/scanWorkspace`): the CLI's module discovery (planScan) over every
// workspace folder, then a tree of module instances from each root module, and then each module no tree
// reached: lint with open buffers overlaid, publish at once (the Problems panel fills while the scan runs),
// report progress, check for cancellation, and yield so typing stays responsive. A second scan cancels
// the first; a cancelled scan keeps what it published. The scan on startup names a size limit: above it,
// the scan says so in the log and does not run. While its results are on show, a Terraform file created
// in a module they do not cover (a new module) scans again, after a pause; changes to covered modules are
// the scheduler's (watched-files.ts).
import * as path from 'node:path';
import { CancellationToken, type Connection } from 'vscode-languageserver/node';
import type { RuleModule } from '../../../rules/api';
import { listFromDisk, memoizeLister } from '../core/environments/environment-files';
import type { Finding } from '../core/finding';
import { mergeTreeFindings } from '../core/instances/lint-tree';
import { isDownloaded } from '../core/instances/placement';
import { UserError } from '../core/user-error';
import {
  extraVarFileFindings,
  lintPlannedModule,
  planScan,
  sharedModules,
  unreachedModules,
  type ModuleOutcome,
  type PlannedModule,
  type ScanPlan,
} from '../core/scan';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from '../protocol';
import type { ConfigStore } from './config-store';
import { yieldToEventLoop } from './module-lint';
import { Log, scanSummary } from './log';
import { ProgressReporter } from './progress';
import type { Publisher } from './publisher';
import type { Scheduler } from './scheduler';
import type { SettingsStore } from './settings';
import { isInside, pathToUri, uriToPath } from './uris';
import type { WorkspaceState } from './workspace-state';

interface RunningScan {
  superseded: boolean;
}

/** What the scan published so far: modules and files once each, findings merged across trees. */
interface Tally {
  readonly modules: Set<string>;
  readonly files: Set<string>;
  readonly findings: Finding[];
  /** Suppressions some tree used. */
  readonly used: string[];
}

/** How long file creations must pause before they scan again (a checkout creates many at once). */
const RESCAN_DELAY_MS = 1000;

export class WorkspaceScanner {
  private running: RunningScan | undefined;
  /** The folders of the last scan that ran, while its results are on show (until Clear Scan Results). */
  private shown: readonly string[] | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly state: WorkspaceState,
    private readonly settings: SettingsStore,
    private readonly configs: ConfigStore,
    private readonly publisher: Publisher,
    private readonly scheduler: Scheduler,
    /** Read at each scan: rule files may be loaded again meanwhile. */
    private readonly rules: () => readonly RuleModule[],
  ) {}

  async scan(params: ScanWorkspaceParams | undefined, token: CancellationToken): Promise<ScanWorkspaceResult> {
    const started = performance.now();
    const log = new Log(this.connection);
    if (this.running) this.running.superseded = true;
    const self: RunningScan = { superseded: false };
    this.running = self;
    const isCancelled = (): boolean => token.isCancellationRequested || self.superseded;
    const progress = new ProgressReporter(this.connection, params?.workDoneToken);
    const tally: Tally = { modules: new Set(), files: new Set(), findings: [], used: [] };
    let cancelled = false;
    try {
      progress.begin('Scanning Terraform', 'Discovering modules…');
      const folders = params?.folders ? params.folders.map(uriToPath).filter((f): f is string => f !== undefined) : [...this.state.folders];
      const plans = await this.planFolders(folders);
      const discoveryMs = performance.now() - started;
      const files = plans.reduce((n, plan) => n + plan.filesTotal, 0);
      if (params?.maxFiles !== undefined && files > params.maxFiles) {
        this.connection.console.info(
          `Scan on startup skipped: the workspace has ${files} Terraform files, more than premortem.scan.maxFiles (${params.maxFiles}). Run "premortem: Scan Workspace" to scan it.`,
        );
        return {
          modules: 0,
          files: 0,
          findings: 0,
          errors: 0,
          warnings: 0,
          infos: 0,
          durationMs: Math.round(performance.now() - started),
          cancelled: false,
          skipped: { files, maxFiles: params.maxFiles },
        };
      }
      this.shown = folders;
      // Environment detection looks at neighbouring directories: list each one once per scan.
      const list = memoizeLister(listFromDisk);
      const done = new Set<string>();
      const outcomes = new Map<ScanPlan, ModuleOutcome[]>(plans.map((plan) => [plan, []]));
      // A module several roots call is read once, as the CLI's scan reads it.
      const modules = new Map(plans.map((plan) => [plan, sharedModules(plan)]));
      let total = plans.reduce((n, plan) => n + plan.roots.length, 0);
      const lintTrees = async (work: { plan: ScanPlan; planned: PlannedModule }[]): Promise<void> => {
        for (const { plan, planned } of work) {
          if (cancelled || isCancelled()) {
            cancelled = true;
            return;
          }
          if (done.has(planned.module.dir)) continue; // nested workspace folders find the same directory twice
          done.add(planned.module.dir);
          const outcome = lintPlannedModule(plan, planned, this.rules(), {
            reader: this.state.reader,
            load: this.state.load,
            isCancelled,
            list,
            modules: modules.get(plan)!,
          });
          if (outcome.cancelled) {
            cancelled = true; // a half-linted tree is not published
            return;
          }
          outcomes.get(plan)!.push(outcome);
          this.scheduler.reportFailures(outcome);
          this.publish(outcome, tally);
          progress.report(done.size, total, `${moduleName(plan, planned, folders.length)} (${done.size}/${total})`, done.size === total);
          await yieldToEventLoop();
        }
      };
      await lintTrees(plans.flatMap((plan) => plan.roots.map((index) => ({ plan, planned: plan.modules[index]! }))));
      for (const cache of modules.values()) cache.clear();
      const unreached = plans.flatMap((plan) => unreachedModules(plan, outcomes.get(plan)!).map((index) => ({ plan, planned: plan.modules[index]! })));
      total += unreached.length;
      await lintTrees(unreached);
      if (!cancelled && !isCancelled()) {
        for (const plan of plans) this.publishStrayVarFiles(plan, tally);
      } else {
        cancelled = true;
      }
      const findings = mergeTreeFindings(tally.findings, tally.used);
      const count = (severity: Finding['severity']): number => findings.filter((f) => f.severity === severity).length;
      // The CLI reports these as findings on the directory; a directory has no place in Problems, so the
      // editor says it in the output and in the scan's closing message.
      const unreadable = plans.flatMap((plan) => plan.unreadableDirectories);
      for (const { dir, reason } of unreadable) log.warn(`Scan: cannot read ${dir} (${reason}), so nothing in it was checked.`);
      const result: ScanWorkspaceResult = {
        modules: tally.modules.size,
        files: tally.files.size,
        findings: findings.length,
        errors: count('error'),
        warnings: count('warning'),
        infos: count('info'),
        durationMs: Math.round(performance.now() - started),
        cancelled,
        ...(unreadable.length > 0 && { unreadableDirectories: unreadable }),
      };
      log.info(scanSummary(result, { discoveryMs, totalMs: performance.now() - started }));
      return result;
    } finally {
      progress.end(cancelled ? 'Scan cancelled' : 'Scan finished');
      if (this.running === self) this.running = undefined;
    }
  }

  /** Forgets the scan's folders: Clear Scan Results took its results away. */
  cleared(): void {
    this.shown = undefined;
    clearTimeout(this.rescanTimer);
  }

  /**
   * Terraform files created on disk: when the scan's results are on show and one of the files is in a
   * module no shown tree covers, the folders are scanned again (a new module), once the creations pause.
   */
  filesCreated(files: readonly string[]): void {
    const folders = this.shown;
    if (!folders) return;
    const uncovered = files.some(
      (file) =>
        folders.some((folder) => isInside(file, folder)) && !this.scheduler.treesOf(this.state.moduleDirOf(file)).some((root) => this.scheduler.isShown(root)),
    );
    if (!uncovered) return;
    clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      if (this.shown !== folders) return;
      this.scan({ folders: folders.map(pathToUri) }, CancellationToken.None).catch((error: unknown) =>
        this.connection.console.error(`Scanning again after files were created failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, RESCAN_DELAY_MS);
  }

  /** Plans each folder with the CLI's discovery, the folder's `premortem.scan.exclude` and the cached configs. */
  private async planFolders(folders: readonly string[]): Promise<ScanPlan[]> {
    const plans: ScanPlan[] = [];
    for (const folder of folders) {
      const settings = await this.settings.get(pathToUri(folder));
      try {
        plans.push(planScan({ paths: [folder], cwd: folder, exclude: settings.scanExclude }, this.rules(), (file) => this.configs.load(file)));
      } catch (error) {
        // A folder the user set up wrongly (no Terraform, a bad config): said once, and the others still scanned.
        if (!(error instanceof UserError)) throw error;
        this.connection.console.warn(`Scan: skipping ${folder}: ${error.message}`);
      }
    }
    return plans;
  }

  private publish(outcome: Pick<ModuleOutcome, 'dir' | 'files' | 'findings' | 'modules' | 'opaqueCalls' | 'usedSuppressions'>, tally: Tally): void {
    this.publisher.publishModule({ ...outcome, versions: this.state.versionsOf(outcome.files), failures: [], cancelled: false, dependencies: [] }, 'scan');
    this.scheduler.recordTree(outcome.dir, outcome.modules);
    for (const dir of outcome.modules) if (!isDownloaded(dir)) tally.modules.add(dir);
    for (const file of outcome.files) tally.files.add(file);
    tally.findings.push(...outcome.findings);
    tally.used.push(...outcome.usedSuppressions);
  }

  /** Variable files in directories without configuration: checked for syntax, published per directory. */
  private publishStrayVarFiles(plan: ScanPlan, tally: Tally): void {
    const stray = plan.extraVarFiles.filter((f) => !plan.explicitVarFiles.includes(f));
    if (stray.length === 0) return;
    const findings = extraVarFileFindings(plan, this.state.reader, this.state.load);
    const byDir = new Map<string, string[]>();
    for (const file of stray) byDir.set(path.dirname(file), [...(byDir.get(path.dirname(file)) ?? []), file]);
    for (const [dir, files] of byDir) {
      this.publish({ dir, files, findings: findings.filter((f) => files.includes(f.file)), modules: [], opaqueCalls: [], usedSuppressions: [] }, tally);
    }
  }
}

function moduleName(plan: ScanPlan, planned: PlannedModule, folderCount: number): string {
  const relative = path.relative(plan.options.cwd, planned.module.dir) || '.';
  return folderCount > 1 ? `${path.basename(plan.options.cwd)}/${relative}` : relative;
}
