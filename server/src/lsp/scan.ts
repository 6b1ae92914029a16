// The workspace scan (`premortem/scanWorkspace`): the CLI's module discovery (planScan) over every
// workspace folder, then module by module: lint with open buffers overlaid, publish at once (the Problems
// panel fills while the scan runs), report progress, check for cancellation, and yield so typing stays
// responsive. A second scan cancels the first; a cancelled scan keeps what it published.
import * as path from 'node:path';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { RuleModule } from '../../../rules/api';
import { ConfigError } from '../core/config';
import { UsageError } from '../core/discover';
import { listFromDisk, memoizeLister } from '../core/environments/environment-files';
import type { Finding } from '../core/finding';
import { extraVarFileFindings, lintPlannedModule, planScan, type PlannedModule, type ScanPlan } from '../core/scan';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from '../protocol';
import type { ConfigStore } from './config-store';
import { yieldToEventLoop } from './module-lint';
import { ProgressReporter } from './progress';
import type { Publisher } from './publisher';
import type { Scheduler } from './scheduler';
import type { SettingsStore } from './settings';
import { pathToUri, uriToPath } from './uris';
import type { WorkspaceState } from './workspace-state';

interface RunningScan {
  superseded: boolean;
}

interface Tally {
  modules: number;
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export class WorkspaceScanner {
  private running: RunningScan | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly state: WorkspaceState,
    private readonly settings: SettingsStore,
    private readonly configs: ConfigStore,
    private readonly publisher: Publisher,
    private readonly scheduler: Scheduler,
    private readonly rules: readonly RuleModule[],
  ) {}

  async scan(params: ScanWorkspaceParams | undefined, token: CancellationToken): Promise<ScanWorkspaceResult> {
    const started = performance.now();
    if (this.running) this.running.superseded = true;
    const self: RunningScan = { superseded: false };
    this.running = self;
    const isCancelled = (): boolean => token.isCancellationRequested || self.superseded;
    const progress = new ProgressReporter(this.connection, params?.workDoneToken);
    const tally: Tally = { modules: 0, files: 0, errors: 0, warnings: 0, infos: 0 };
    let cancelled = false;
    try {
      progress.begin('Scanning Terraform', 'Discovering modules…');
      const folders = params?.folders ? params.folders.map(uriToPath).filter((f): f is string => f !== undefined) : [...this.state.folders];
      const plans = await this.planFolders(folders);
      const work = uniqueModules(plans);
      // Environment detection looks at neighbouring directories: list each one once per scan.
      const list = memoizeLister(listFromDisk);
      let done = 0;
      for (const { plan, planned } of work) {
        if (isCancelled()) {
          cancelled = true;
          break;
        }
        const outcome = lintPlannedModule(plan, planned, this.rules, { reader: this.state.reader, load: this.state.load, isCancelled, list });
        if (outcome.cancelled) {
          cancelled = true; // a half-linted module is not published
          break;
        }
        this.scheduler.reportFailures({ ...outcome, versions: new Map(), dependencies: [] });
        this.publish(planned.module.dir, outcome.files, outcome.findings, tally);
        done++;
        progress.report(done, work.length, `${moduleName(plan, planned, folders.length)} (${done}/${work.length})`, done === work.length);
        await yieldToEventLoop();
      }
      if (!cancelled && !isCancelled()) {
        for (const plan of plans) this.publishStrayVarFiles(plan, tally);
      } else {
        cancelled = true;
      }
      return { ...tally, findings: tally.errors + tally.warnings + tally.infos, durationMs: Math.round(performance.now() - started), cancelled };
    } finally {
      progress.end(cancelled ? 'Scan cancelled' : 'Scan finished');
      if (this.running === self) this.running = undefined;
    }
  }

  /** Plans each folder with the CLI's discovery, the folder's `premortem.scan.exclude` and the cached configs. */
  private async planFolders(folders: readonly string[]): Promise<ScanPlan[]> {
    const plans: ScanPlan[] = [];
    for (const folder of folders) {
      const settings = await this.settings.get(pathToUri(folder));
      try {
        plans.push(planScan({ paths: [folder], cwd: folder, exclude: settings.scanExclude }, this.rules, (file) => this.configs.load(file)));
      } catch (error) {
        if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
        this.connection.console.warn(`Scan: skipping ${folder}: ${error.message}`);
      }
    }
    return plans;
  }

  private publish(dir: string, files: readonly string[], findings: readonly Finding[], tally: Tally, isModule = true): void {
    this.publisher.publishModule({ dir, files, findings, versions: this.state.versionsOf(files), failures: [], cancelled: false, dependencies: [] }, 'scan');
    if (isModule) tally.modules++;
    tally.files += files.length;
    for (const finding of findings) {
      if (finding.severity === 'error') tally.errors++;
      else if (finding.severity === 'warning') tally.warnings++;
      else tally.infos++;
    }
  }

  /** Variable files in directories without configuration: checked for syntax, published per directory. */
  private publishStrayVarFiles(plan: ScanPlan, tally: Tally): void {
    const stray = plan.extraVarFiles.filter((f) => !plan.explicitVarFiles.includes(f));
    if (stray.length === 0) return;
    const findings = extraVarFileFindings(plan, this.state.reader, this.state.load);
    const byDir = new Map<string, string[]>();
    for (const file of stray) byDir.set(path.dirname(file), [...(byDir.get(path.dirname(file)) ?? []), file]);
    for (const [dir, files] of byDir) {
      this.publish(dir, files, findings.filter((f) => files.includes(f.file)), tally, false);
    }
  }
}

/** Modules of all folders, each once (nested workspace folders find the same directory twice). */
function uniqueModules(plans: readonly ScanPlan[]): { plan: ScanPlan; planned: PlannedModule }[] {
  const seen = new Set<string>();
  const work: { plan: ScanPlan; planned: PlannedModule }[] = [];
  for (const plan of plans) {
    for (const planned of plan.modules) {
      if (seen.has(planned.module.dir)) continue;
      seen.add(planned.module.dir);
      work.push({ plan, planned });
    }
  }
  return work;
}

function moduleName(plan: ScanPlan, planned: PlannedModule, folderCount: number): string {
  const relative = path.relative(plan.options.cwd, planned.module.dir) || '.';
  return folderCount > 1 ? `${path.basename(plan.options.cwd)}/${relative}` : relative;
}
