// Which module of the workspace calls which, so a file of a child module is linted through the roots that
// call it, with their values, as the CLI does. Built from the text of every module of the workspace
// folders on first use (the calls the scan's plan reads), and kept current as modules are edited or change
// on disk. The text is read generously; the scheduler falls back to a module's own lint when no root's
// tree reaches it after all.
import { createExcludeMatcher, discoverModules } from '../core/discover';
import { localCallSources, reachable } from '../core/instances/module-callers';
import type { ConfigStore } from './config-store';
import type { WorkspaceState } from './workspace-state';

export class CallerIndex {
  /** By module directory: the module directories its calls name (whether or not they exist). */
  private readonly calls = new Map<string, readonly string[]>();
  private readonly callers = new Map<string, Set<string>>();
  private built = false;

  constructor(
    private readonly state: WorkspaceState,
    private readonly configs: ConfigStore,
  ) {}

  /** Forgets everything (folders or config changed); the next question builds it again. */
  invalidate(): void {
    this.calls.clear();
    this.callers.clear();
    this.built = false;
  }

  /** Reads a module's calls again (its files were edited, created or deleted). */
  update(dir: string): void {
    if (!this.built) return; // read with everything else on first use
    this.index(dir);
  }

  /**
   * The root modules whose trees include `dir`: following its callers up to modules nothing calls; `dir`
   * itself when nothing calls it (or when its callers only call each other).
   */
  rootsOf(dir: string): string[] {
    this.build();
    const roots = reachable(dir, (next) => this.callers.get(next) ?? []).filter((next) => !this.callers.get(next)?.size);
    return roots.length > 0 ? roots.sort() : [dir];
  }

  /** The module directories a root's tree is expected to read, the root first. */
  reachOf(root: string): string[] {
    this.build();
    return reachable(root, (next) => (this.calls.get(next) ?? []).filter((dir) => this.calls.has(dir)));
  }

  private build(): void {
    if (this.built) return;
    this.built = true;
    for (const folder of this.state.folders) {
      const config = this.configs.forDir(folder, folder);
      const isExcluded = createExcludeMatcher(config.dir, config.exclude);
      for (const module of discoverModules([folder], isExcluded).modules) this.index(module.dir);
    }
    for (const dir of this.state.openDirs()) if (!this.calls.has(dir)) this.index(dir);
  }

  private index(dir: string): void {
    for (const called of this.calls.get(dir) ?? []) this.callers.get(called)?.delete(dir);
    const called = localCallSources(dir, this.state.listModule(dir).files, this.state.reader).filter((target) => target !== dir);
    this.calls.set(dir, called);
    for (const target of called) {
      let set = this.callers.get(target);
      if (!set) this.callers.set(target, (set = new Set()));
      set.add(dir);
    }
  }
}
