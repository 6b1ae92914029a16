// Reads modules for the graph: the root with its var files, and called modules with none (a called
// module's variables come from the call). Modules are cached per directory, since one module may be called
// many times; the reader lets the editor overlay its open buffers.
import * as path from 'node:path';
import { loadedConfigurationFiles } from '../configuration-files';
import { isConfigurationFileName, listFromDisk, type DirectoryLister } from '../environments/environment-files';
import { isVarFileName } from '../environments/environment-names';
import { loadModule, readFromDisk, type SourceLoader, type SourceReader } from '../load-module';
import type { ModuleIndex } from '../module';

export type ModuleLoader = (dir: string) => ModuleIndex | undefined;

/** A root module as Terraform runs it: its files, with terraform.tfvars, *.auto.tfvars and --var-file values. */
export function loadRootModule(dir: string, explicitVarFiles: readonly string[] = [], reader: SourceReader = readFromDisk): ModuleIndex | undefined {
  const absolute = path.resolve(dir);
  const files = configurationFilesIn(absolute);
  if (files.length === 0) return undefined;
  return loadModule({ dir: absolute, files, varFiles: filesIn(absolute, isVarFileName), environmentFiles: [] }, { reader, explicitVarFiles });
}

export interface ModuleLoaderOptions {
  readonly reader?: SourceReader;
  readonly load?: SourceLoader;
  /** Modules already loaded (a scan's), by directory: a called module among them is not read again. */
  readonly loaded?: ReadonlyMap<string, ModuleIndex>;
  /** Lists directories (default: the disk). */
  readonly list?: DirectoryLister;
  /** Told of each directory listed other than through `list` (the lint cache records them). */
  readonly onDirectory?: (dir: string, depth: number) => void;
  /** Lists the directories above a module when looking for `.git` (see LoadOptions). */
  readonly listAbove?: DirectoryLister;
}

export function createModuleLoader(options: ModuleLoaderOptions = {}): ModuleLoader {
  const cache = new Map<string, ModuleIndex | undefined>(options.loaded);
  return (dir) => {
    const key = path.resolve(dir);
    if (cache.has(key)) return cache.get(key);
    const files = configurationFilesIn(key, options.list);
    const module =
      files.length === 0
        ? undefined
        : loadModule(
            { dir: key, files, varFiles: [], environmentFiles: [] },
            {
              reader: options.reader ?? readFromDisk,
              ...(options.load ? { load: options.load } : {}),
              ...(options.list ? { list: options.list } : {}),
              ...(options.onDirectory ? { onDirectory: options.onDirectory } : {}),
              ...(options.listAbove ? { listAbove: options.listAbove } : {}),
            },
          );
    cache.set(key, module);
    return module;
  };
}

/** The files of a directory whose names pass `keep`, as absolute paths in name order (symlinks followed, as discovery does). */
function filesIn(dir: string, keep: (name: string) => boolean, list: DirectoryLister = listFromDisk): string[] {
  return (list(dir) ?? []).filter((entry) => !entry.directory && keep(entry.name)).map((entry) => path.join(dir, entry.name));
}

/** The configuration files OpenTofu loads from a directory (a `.tofu` file replaces the `.tf` file of its name). */
function configurationFilesIn(dir: string, list?: DirectoryLister): string[] {
  return loadedConfigurationFiles(filesIn(dir, isConfigurationFileName, list)).loaded;
}
