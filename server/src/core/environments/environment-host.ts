// What environment detection may read beyond the module itself: directory listings and parsed files
// (the editor overlays its open buffers; tests supply an in-memory tree), how far up it may look, and the
// environments the project config names.
import type { SourceFile } from '../../../../rules/api';
import type { DirectoryLister } from './environment-files';

/** One entry of `.premortem.json`'s `environments`: var files per environment for the modules it matches. */
export interface ConfiguredEnvironments {
  /** Glob patterns of module directories, relative to `baseDir`, with forward slashes. */
  readonly modules: readonly string[];
  /** Var files per environment name, relative to `baseDir`; `{module}` stands for the module directory's name. */
  readonly varFiles: Readonly<Record<string, readonly string[]>>;
}

export interface EnvironmentHost {
  readonly list: DirectoryLister;
  readonly load: (file: string) => SourceFile | undefined;
  /** Searches for sibling environment directories stop here (the scanned path or the workspace folder). */
  readonly root: string;
  /** The project config's environments, with the directory its paths are relative to. */
  readonly configured?: { readonly baseDir: string; readonly entries: readonly ConfiguredEnvironments[] };
}
