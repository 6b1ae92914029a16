// Project configs (`.premortem.json`), read through the engine exactly as the CLI reads them, cached per
// file and reloaded when the file changes. A broken config never stops linting: its problem is reported
// once (a diagnostic on the file, a message) and the defaults apply until it is fixed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleMeta } from '../../../rules/api';
import { ConfigError, defaultConfig, findConfigFile, loadConfigFile, type ResolvedConfig } from '../core/config/config';

/** Told when a config file becomes broken (with the problem) or usable again (undefined). */
export type ConfigProblemListener = (file: string, problem: ConfigError | undefined) => void;

interface Entry {
  /** Modification time and size when read: a changed file is read again even without a watcher event. */
  readonly stamp: string;
  readonly config: ResolvedConfig;
}

export class ConfigStore {
  private readonly entries = new Map<string, Entry>();
  /** The problem last reported per broken file, so each is reported once. */
  private readonly problems = new Map<string, string>();
  /** The config file each directory uses, until a config file changes (then `clear`). */
  private readonly files = new Map<string, string | undefined>();

  constructor(
    /** Read at each load: a rule file's id is a rule id a config may name. */
    private readonly rules: () => readonly RuleMeta[],
    private readonly onProblem: ConfigProblemListener,
    /** Told each time a config file is read (found, or changed since). */
    private readonly onRead: (file: string) => void = () => {},
  ) {}

  /** The config that applies to a directory: the nearest `.premortem.json`, else the defaults (relative to `root`). */
  forDir(dir: string, root: string): ResolvedConfig {
    if (!this.files.has(dir)) this.files.set(dir, findConfigFile(dir));
    const file = this.files.get(dir);
    return file ? this.load(file) : defaultConfig(root);
  }

  /** Reads one config file; a broken one yields the defaults, relative to its directory. */
  load(file: string): ResolvedConfig {
    const absolute = path.resolve(file);
    const stamp = stampOf(absolute);
    const cached = this.entries.get(absolute);
    if (cached && cached.stamp === stamp) return cached.config;
    let config: ResolvedConfig;
    this.onRead(absolute);
    try {
      config = loadConfigFile(absolute, this.rules());
      if (this.problems.delete(absolute)) this.onProblem(absolute, undefined);
    } catch (error) {
      const problem = error instanceof ConfigError ? error : new ConfigError(absolute, undefined, error instanceof Error ? error.message : String(error));
      config = defaultConfig(path.dirname(absolute));
      if (this.problems.get(absolute) !== problem.message) {
        this.problems.set(absolute, problem.message);
        this.onProblem(absolute, problem);
      }
    }
    this.entries.set(absolute, { stamp, config });
    return config;
  }

  /** Forgets every config (a config file changed); problems of files that are gone are withdrawn. */
  clear(): void {
    this.entries.clear();
    this.files.clear();
    for (const file of [...this.problems.keys()]) {
      if (!fs.existsSync(file)) {
        this.problems.delete(file);
        this.onProblem(file, undefined);
      }
    }
  }
}

function stampOf(file: string): string {
  try {
    const stats = fs.statSync(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return 'missing';
  }
}
