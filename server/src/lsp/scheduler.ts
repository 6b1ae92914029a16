// When trees of modules are linted. A lint covers the trees of module instances from the root modules a
// module is in, so a file of a child module is linted through the roots that call it (the caller index
// says which), and a module that no root's tree reaches after all gets a lint of its own. Opening a
// document lints its trees at once; a change waits `premortem.lintDelayMs` (debounce per module; with 0,
// until the messages already received are handled) in `onType` mode, a save lints in `onSave` mode. A lint aborts the same lint in flight and first lets the
// changes already received be handled (each aborts it again, so a burst of edits ends in one lint of the
// last version, even with no delay); then it snapshots the versions of the trees' open documents, parses
// what changed (checking before each file that no snapshotted version moved, so a stale version is never
// parsed), runs the rules of every tree, and publishes them together, only if no snapshotted version moved.
import type { Connection } from 'vscode-languageserver/node';
import type { EditorSettings } from '../protocol';
import type { CallerIndex } from './caller-index';
import { formatDuration, Log } from './log';
import { yieldToEventLoop, type ModuleJob, type ModuleLinter, type ModuleLint } from './module-lint';
import type { Publisher, StoredFindings } from './publisher';
import type { SettingsStore } from './settings';
import type { StatusReporter } from './status';
import { isConfigurationFile, type WorkspaceState } from './workspace-state';
import { pathToUri } from './uris';

export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, AbortController>();
  /** By root: the module directories its last lint reached. */
  private readonly trees = new Map<string, ReadonlySet<string>>();
  private readonly log: Log;

  constructor(
    private readonly connection: Connection,
    private readonly state: WorkspaceState,
    private readonly settings: SettingsStore,
    private readonly linter: ModuleLinter,
    private readonly publisher: Publisher,
    private readonly callers: CallerIndex,
    private readonly status: StatusReporter,
  ) {
    this.log = new Log(connection);
  }

  /** Per file of another directory, the trees whose last lint read it (their other environments). */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly dependenciesOf = new Map<string, readonly string[]>();

  async documentOpened(file: string): Promise<void> {
    const dir = this.state.moduleDirOf(file);
    this.callers.update(dir);
    await this.lintTrees(this.treesOf(dir));
    // The calls were read from the text; when no root's tree reached the module, it is linted on its own.
    const own = this.treesOf(dir);
    if (own.length === 1 && own[0] === dir && !this.trees.has(dir)) await this.lint(dir);
  }

  async documentChanged(file: string): Promise<void> {
    const settings = await this.settingsFor(file);
    if (!settings.enable || settings.run !== 'onType') return;
    const dir = this.state.moduleDirOf(file);
    // The module's calls are read again when its trees are next asked for, once for a burst of edits.
    if (isConfigurationFile(file)) this.callersToUpdate.add(dir);
    if (settings.lintDelayMs <= 0) {
      this.lintWhenIdle(file);
      return;
    }
    this.lintAfter(dir, settings.lintDelayMs);
    for (const root of this.dependentModules(file)) this.lintAfter(root, settings.lintDelayMs);
  }

  private readonly callersToUpdate = new Set<string>();
  private readonly idleFiles = new Set<string>();
  private idle: NodeJS.Immediate | undefined;

  /**
   * With no delay: lints the trees of the edited files once the messages already received are handled
   * (each pushes this back), so a burst of edits costs one lint of its last version, not a plan per edit.
   */
  private lintWhenIdle(file: string): void {
    this.idleFiles.add(file);
    if (this.idle) clearImmediate(this.idle);
    this.idle = setImmediate(() => {
      this.idle = undefined;
      const files = [...this.idleFiles];
      this.idleFiles.clear();
      for (const edited of files) {
        if (!this.state.isOpen(edited)) continue;
        this.lintAfter(this.state.moduleDirOf(edited), 0);
        for (const root of this.dependentModules(edited)) this.lintAfter(root, 0);
      }
    });
  }

  private updateCallers(): void {
    for (const dir of this.callersToUpdate) this.callers.update(dir);
    this.callersToUpdate.clear();
  }

  async documentSaved(file: string): Promise<void> {
    const settings = await this.settingsFor(file);
    if (!settings.enable || settings.run !== 'onSave') return;
    const dir = this.state.moduleDirOf(file);
    if (isConfigurationFile(file)) this.callers.update(dir);
    await Promise.all([this.lintTrees(this.treesOf(dir)), ...this.dependentModules(file).map((root) => this.lint(root))]);
  }

  /** Files changed on disk: the trees they are in are linted again where they are on show. */
  async filesChanged(files: readonly string[]): Promise<void> {
    this.linter.retain(undefined); // what a kept module read from disk may have changed
    const roots = new Set<string>();
    for (const file of files) {
      const dir = this.state.moduleDirOf(file);
      if (isConfigurationFile(file)) this.callers.update(dir);
      for (const root of [...this.treesOf(dir), ...this.dependentModules(file)]) roots.add(root);
    }
    await this.lintTrees([...roots].filter((root) => this.isShown(root)));
  }

  /**
   * The roots whose trees include a module directory (the directory itself for a root). A module the
   * caller index says is called, but that no linted tree reached, has a tree of its own.
   */
  treesOf(dir: string): string[] {
    this.updateCallers();
    const roots = this.callers.rootsOf(dir);
    if (roots.length === 1 && roots[0] === dir) return roots;
    // A root whose last lint did not reach the module (its call has a count of 0) needs no lint for an edit
    // inside the module: whether it reaches it depends on the modules above.
    const reaching = roots.filter((root) => !this.trees.has(root) || this.trees.get(root)!.has(dir));
    return reaching.length > 0 ? reaching : [dir];
  }

  /**
   * The trees shown in the editor (being edited, or published by the scan) whose findings depend on a file
   * of another directory: sibling environments of theirs.
   */
  dependentModules(file: string): string[] {
    const own = new Set(this.treesOf(this.state.moduleDirOf(file)));
    return [...(this.dependents.get(file) ?? [])].filter((root) => !own.has(root) && this.isShown(root));
  }

  /** Whether a tree's findings are on show: a document of one of its modules is open, or the scan published it. */
  isShown(root: string): boolean {
    if (this.publisher.scanOwns(root) || this.state.hasOpenIn(root)) return true;
    for (const dir of this.trees.get(root) ?? []) if (this.state.hasOpenIn(dir)) return true;
    return false;
  }

  /** Remembers which files of other directories a tree's lint read. */
  private recordDependencies(root: string, files: readonly string[]): void {
    for (const file of this.dependenciesOf.get(root) ?? []) {
      const dependents = this.dependents.get(file);
      dependents?.delete(root);
      if (dependents?.size === 0) this.dependents.delete(file);
    }
    for (const file of files) {
      let set = this.dependents.get(file);
      if (!set) this.dependents.set(file, (set = new Set()));
      set.add(root);
    }
    if (files.length > 0) this.dependenciesOf.set(root, files);
    else this.dependenciesOf.delete(root);
  }

  /**
   * A document closed: each of its trees is linted again if it is still on show (the file now reads from
   * disk); otherwise the tree's diagnostics are cleared.
   */
  async documentClosed(uri: string, dir: string): Promise<void> {
    this.publisher.forgetDocument(uri);
    for (const root of this.treesOf(dir)) {
      if (this.isShown(root)) await this.lint(root);
      else this.forgetTree(root);
    }
    this.retainParses();
  }

  /** Lints the trees a module directory is in after `delayMs` (0: at once), restarting the wait if called again meanwhile. */
  lintAfter(dir: string, delayMs: number): void {
    clearTimeout(this.timers.get(dir));
    this.timers.delete(dir);
    if (delayMs <= 0) {
      void this.lintTrees(this.treesOf(dir));
      return;
    }
    this.timers.set(
      dir,
      setTimeout(() => {
        this.timers.delete(dir);
        void this.lintTrees(this.treesOf(dir));
      }, delayMs),
    );
  }

  /** Lints the trees of the modules being edited, and those the scan published, again (settings or config changed). */
  async relintAll(): Promise<void> {
    this.callers.invalidate();
    const open = [...new Set(this.state.openDirs().flatMap((dir) => this.treesOf(dir)))];
    const scanned = this.publisher.scannedDirs().filter((dir) => !open.includes(dir));
    await Promise.all(open.map((root) => this.lint(root)));
    // Closed trees one after another: there may be thousands after a scan.
    for (const root of scanned) await this.lint(root);
  }

  /** Stops a tree's pending and running lint. */
  cancel(root: string): void {
    clearTimeout(this.timers.get(root));
    this.timers.delete(root);
    for (const [key, controller] of this.inFlight) {
      if (!key.split('\n').includes(root)) continue;
      controller.abort();
      this.inFlight.delete(key);
    }
  }

  /** Lints a tree now and publishes the result, unless a newer lint or an edit overtakes it. */
  lint(root: string): Promise<void> {
    return this.lintTrees([root]);
  }

  /**
   * Lints trees now, one after another, and publishes them together (a file several of them reach gets
   * one list), unless a newer lint of the same trees or an edit overtakes it.
   */
  async lintTrees(roots: readonly string[]): Promise<void> {
    if (roots.length === 0) return;
    const key = [...roots].sort().join('\n');
    for (const root of roots) {
      clearTimeout(this.timers.get(root));
      this.timers.delete(root);
    }
    this.inFlight.get(key)?.abort();
    const controller = new AbortController();
    this.inFlight.set(key, controller);
    try {
      // Edits already received are handled first: the next one aborts this lint before it reads anything.
      await yieldToEventLoop();
      if (controller.signal.aborted) return;
      const jobs: ModuleJob[] = [];
      for (const root of roots) {
        const settings = await this.settingsFor(root);
        if (controller.signal.aborted) return;
        const job = settings.enable ? this.linter.plan(root) : undefined;
        if (job) jobs.push(job);
        else this.publisher.clearModule(root);
      }
      // Checked between blocks: the versions are compared again only after a change came in.
      let seen = this.state.round.generation;
      let moved = false;
      const isStale = (): boolean => {
        if (controller.signal.aborted || moved) return true;
        if (this.state.round.generation === seen) return false;
        seen = this.state.round.generation;
        moved = jobs.some((job) => this.state.versionsMoved(job.versions));
        return moved;
      };
      const onParsed = (file: string, ms: number): void => {
        const version = this.state.document(file)?.version;
        this.log.trace(`Parsed ${file}${version !== undefined ? ` (version ${version})` : ''} in ${formatDuration(ms)}`);
      };
      for (const job of jobs) if (!(await this.linter.warm(job, isStale, onParsed))) return;
      const lints: ModuleLint[] = [];
      for (const job of jobs) {
        const started = performance.now();
        const lint = this.linter.run(job, isStale);
        lints.push(lint);
        this.reportFailures(lint);
        const elapsed = performance.now() - started;
        const what = `${lint.dir} (${lint.modules.length} module${lint.modules.length === 1 ? '' : 's'}, ${lint.files.length} file${lint.files.length === 1 ? '' : 's'})`;
        if (elapsed > 1000) this.log.info(`Linting ${what} took ${formatDuration(elapsed)}.`);
        else
          this.log.trace(
            `Linted ${what} in ${formatDuration(elapsed)}: ${lint.findings.length} finding${lint.findings.length === 1 ? '' : 's'}${lint.cancelled ? ' (cancelled)' : ''}`,
          );
      }
      // Changes that arrived while the rules ran are handled first: a result they made stale is dropped.
      await yieldToEventLoop();
      if (lints.some((lint) => lint.cancelled) || isStale()) return;
      this.publisher.publishModules(lints, 'editor');
      for (const lint of lints) {
        this.recordDependencies(lint.dir, lint.dependencies);
        this.recordTree(lint.dir, lint.modules);
        this.status.linted(lint.dir, lint.opaqueCalls);
      }
      this.retainParses();
    } catch (error) {
      this.log.error(`Linting ${key.replace(/\n/g, ', ')} failed`, error);
    } finally {
      if (this.inFlight.get(key) === controller) this.inFlight.delete(key);
    }
  }

  /**
   * Records what a tree reached (the editor's lint, or the scan's). A module that was linted on its own and
   * is now reached through this caller loses its own lint; a module being edited that this tree no longer
   * reaches, and no other does, gets one.
   */
  recordTree(root: string, modules: readonly string[]): void {
    const before = this.trees.get(root);
    const reached = new Set(modules);
    this.trees.set(root, reached);
    for (const dir of reached) if (dir !== root && this.trees.has(dir)) this.forgetTree(dir);
    for (const dir of before ?? []) {
      if (dir === root || reached.has(dir) || !this.state.hasOpenIn(dir)) continue;
      if (![...this.trees.values()].some((other) => other.has(dir))) void this.lint(dir);
    }
  }

  /** Stops a tree's lints and withdraws what it published: its diagnostics, dependencies, reach and status. */
  private forgetTree(root: string): void {
    this.cancel(root);
    this.publisher.clearModule(root);
    this.recordDependencies(root, []);
    this.trees.delete(root);
    this.status.cleared(root);
  }

  /** Keeps the parses of every module of a tree that is being edited, so a re-lint parses only what changed. */
  private retainParses(): void {
    const dirs = new Set<string>();
    for (const [root, modules] of this.trees) {
      if (!this.state.hasOpenIn(root) && ![...modules].some((dir) => this.state.hasOpenIn(dir))) continue;
      dirs.add(root);
      for (const dir of modules) dirs.add(dir);
    }
    this.state.retainDirs(dirs);
    this.linter.retain(dirs);
  }

  /**
   * The findings of an open document for its current version: the stored ones when they are current,
   * else computed now from the current text of its trees (rules are cheap).
   */
  async currentFindings(uri: string, file: string): Promise<StoredFindings | undefined> {
    const document = this.state.documents.get(uri);
    if (!document) return undefined;
    const stored = this.publisher.findingsFor(uri, document.version);
    if (stored) return stored;
    const settings = await this.settingsFor(file);
    if (!settings.enable) return { version: document.version, findings: [] };
    const lints = this.treesOf(this.state.moduleDirOf(file))
      .map((root) => this.linter.lintNow(root))
      .filter((lint): lint is ModuleLint => lint !== undefined);
    if (lints.length === 0) return undefined;
    for (const lint of lints) {
      this.reportFailures(lint);
      this.publisher.store(lint);
    }
    return this.publisher.findingsFor(uri, document.version);
  }

  reportFailures(lint: Pick<ModuleLint, 'failures'>): void {
    for (const failure of lint.failures) {
      this.connection.console.error(`Internal error in rule ${failure.ruleId} (${failure.file}): ${failure.message}`);
      if (failure.stack) this.log.trace(`Internal error in rule ${failure.ruleId}: ${failure.stack}`);
    }
  }

  /** The settings for a file or directory: those of an open document when there is one. */
  private settingsFor(fileOrDir: string): Promise<EditorSettings> {
    const document = this.state.document(fileOrDir);
    if (document) return this.settings.get(document.uri);
    return this.settings.get(this.state.openUriIn(fileOrDir) ?? pathToUri(fileOrDir));
  }
}
