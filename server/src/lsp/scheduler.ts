// When modules are linted. Opening a document lints its module at once; a change waits
// `premortem.lintDelayMs` (debounce per module) in `onType` mode, a save lints in `onSave` mode. A lint
// aborts the module's lint in flight, snapshots the versions of the module's open documents, parses what
// changed (yielding between files), runs the rules, and publishes only if no snapshotted version moved.
import type { Connection } from 'vscode-languageserver/node';
import type { EditorSettings } from '../protocol';
import { yieldToEventLoop, type ModuleLinter, type ModuleLint } from './module-lint';
import type { Publisher, StoredFindings } from './publisher';
import type { SettingsStore } from './settings';
import { pathToUri } from './uris';
import type { WorkspaceState } from './workspace-state';

export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, AbortController>();

  constructor(
    private readonly connection: Connection,
    private readonly state: WorkspaceState,
    private readonly settings: SettingsStore,
    private readonly linter: ModuleLinter,
    private readonly publisher: Publisher,
  ) {}

  /** Per file of another directory, the modules whose last lint read it (their other environments). */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly dependenciesOf = new Map<string, readonly string[]>();

  async documentOpened(file: string): Promise<void> {
    await this.lint(this.state.moduleDirOf(file));
  }

  async documentChanged(file: string): Promise<void> {
    const settings = await this.settingsFor(file);
    if (!settings.enable || settings.run !== 'onType') return;
    this.lintAfter(this.state.moduleDirOf(file), settings.lintDelayMs);
    for (const dir of this.dependentModules(file)) this.lintAfter(dir, settings.lintDelayMs);
  }

  async documentSaved(file: string): Promise<void> {
    const settings = await this.settingsFor(file);
    if (settings.enable && settings.run === 'onSave') {
      await Promise.all([this.lint(this.state.moduleDirOf(file)), ...this.dependentModules(file).map((dir) => this.lint(dir))]);
    }
  }

  /**
   * The modules shown in the editor (being edited, or published by the scan) whose findings depend on a
   * file of another directory: sibling environments of theirs, or the module they call.
   */
  dependentModules(file: string): string[] {
    const own = this.state.moduleDirOf(file);
    return [...(this.dependents.get(file) ?? [])].filter((dir) => dir !== own && (this.state.hasOpenIn(dir) || this.publisher.scanOwns(dir)));
  }

  /** Remembers which files of other directories a module's lint read. */
  private recordDependencies(dir: string, files: readonly string[]): void {
    for (const file of this.dependenciesOf.get(dir) ?? []) this.dependents.get(file)?.delete(dir);
    for (const file of files) {
      let set = this.dependents.get(file);
      if (!set) this.dependents.set(file, (set = new Set()));
      set.add(dir);
    }
    if (files.length > 0) this.dependenciesOf.set(dir, files);
    else this.dependenciesOf.delete(dir);
  }

  /**
   * A document closed: the module is linted again if other documents of it are open (the file now reads
   * from disk) or the workspace scan published to it; otherwise its diagnostics are cleared.
   */
  async documentClosed(uri: string, dir: string): Promise<void> {
    this.publisher.forgetDocument(uri);
    if (this.state.hasOpenIn(dir) || this.publisher.scanOwns(dir)) {
      await this.lint(dir);
      return;
    }
    this.cancel(dir);
    this.publisher.clearModule(dir);
    this.recordDependencies(dir, []);
  }

  /** Lints a module after `delayMs` (0: at once), restarting the wait if called again meanwhile. */
  lintAfter(dir: string, delayMs: number): void {
    clearTimeout(this.timers.get(dir));
    this.timers.delete(dir);
    if (delayMs <= 0) {
      void this.lint(dir);
      return;
    }
    this.timers.set(
      dir,
      setTimeout(() => {
        this.timers.delete(dir);
        void this.lint(dir);
      }, delayMs),
    );
  }

  /** Lints the modules being edited, and those the scan published to, again (settings or config changed). */
  async relintAll(): Promise<void> {
    const open = this.state.openDirs();
    const scanned = this.publisher.scannedDirs().filter((dir) => !open.includes(dir));
    await Promise.all(open.map((dir) => this.lint(dir)));
    // Closed modules one after another: there may be thousands after a scan.
    for (const dir of scanned) await this.lint(dir);
  }

  /** Stops a module's pending and running lint. */
  cancel(dir: string): void {
    clearTimeout(this.timers.get(dir));
    this.timers.delete(dir);
    this.inFlight.get(dir)?.abort();
    this.inFlight.delete(dir);
  }

  /** Lints a module now and publishes the result, unless a newer lint or an edit overtakes it. */
  async lint(dir: string): Promise<void> {
    clearTimeout(this.timers.get(dir));
    this.timers.delete(dir);
    this.inFlight.get(dir)?.abort();
    const controller = new AbortController();
    this.inFlight.set(dir, controller);
    try {
      const settings = await this.settingsFor(dir);
      if (controller.signal.aborted) return;
      if (!settings.enable) {
        this.publisher.clearModule(dir);
        return;
      }
      const job = this.linter.plan(dir);
      if (!job) {
        this.publisher.clearModule(dir);
        return;
      }
      const isStale = (): boolean => controller.signal.aborted || this.state.versionsMoved(job.versions);
      if (!(await this.linter.warm(job, isStale))) return;
      const started = performance.now();
      const lint = this.linter.run(job, isStale);
      this.reportFailures(lint);
      const elapsed = performance.now() - started;
      if (elapsed > 1000) this.connection.console.info(`Linting ${dir} took ${Math.round(elapsed)} ms.`);
      // Changes that arrived while the rules ran are handled first: a result they made stale is dropped.
      await yieldToEventLoop();
      if (lint.cancelled || isStale()) return;
      this.publisher.publishModule(lint, 'editor');
      this.recordDependencies(dir, lint.dependencies);
    } catch (error) {
      this.connection.console.error(`Linting ${dir} failed: ${describe(error)}`);
    } finally {
      if (this.inFlight.get(dir) === controller) this.inFlight.delete(dir);
    }
  }

  /**
   * The findings of an open document for its current version: the stored ones when they are current,
   * else computed now from the module's current text (rules are cheap).
   */
  async currentFindings(uri: string, file: string): Promise<StoredFindings | undefined> {
    const document = this.state.documents.get(uri);
    if (!document) return undefined;
    const stored = this.publisher.findingsFor(uri, document.version);
    if (stored) return stored;
    const settings = await this.settingsFor(file);
    if (!settings.enable) return { version: document.version, findings: [] };
    const lint = this.linter.lintNow(this.state.moduleDirOf(file));
    if (!lint) return undefined;
    this.reportFailures(lint);
    this.publisher.store(lint);
    return this.publisher.findingsFor(uri, document.version);
  }

  reportFailures(lint: ModuleLint): void {
    for (const failure of lint.failures) {
      this.connection.console.error(`Internal error in rule ${failure.ruleId} (${failure.file}): ${failure.message}${failure.stack ? `\n${failure.stack}` : ''}`);
    }
  }

  /** The settings for a file or directory: those of an open document when there is one. */
  private settingsFor(fileOrDir: string): Promise<EditorSettings> {
    const document = this.state.document(fileOrDir);
    if (document) return this.settings.get(document.uri);
    return this.settings.get(this.state.openUriIn(fileOrDir) ?? pathToUri(fileOrDir));
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack}` : ''}` : String(error);
}
