// Reads modules for the graph: the root with its var files, and called modules with none (a called
// module's variables come from the call). Modules are cached per directory, since one module may be called
// many times; the reader lets the editor overlay its open buffers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadModule, readFromDisk, type SourceLoader, type SourceReader } from '../load-module';
import type { ModuleIndex } from '../module';

export type ModuleLoader = (dir: string) => ModuleIndex | undefined;

/** A root module as Terraform runs it: its files, with terraform.tfvars, *.auto.tfvars and --var-file values. */
export function loadRootModule(dir: string, explicitVarFiles: readonly string[] = [], reader: SourceReader = readFromDisk): ModuleIndex | undefined {
  const files = filesIn(dir, (name) => name.endsWith('.tf') || name.endsWith('.tf.json'));
  if (files.length === 0) return undefined;
  const varFiles = filesIn(dir, (name) => name.endsWith('.tfvars') || name.endsWith('.tfvars.json'));
  return loadModule({ dir: path.resolve(dir), files, varFiles, environmentFiles: [] }, { reader, explicitVarFiles });
}

export interface ModuleLoaderOptions {
  readonly reader?: SourceReader;
  readonly load?: SourceLoader;
  /** Modules already loaded (a scan's), by directory: a called module among them is not read again. */
  readonly loaded?: ReadonlyMap<string, ModuleIndex>;
}

export function createModuleLoader(options: ModuleLoaderOptions = {}): ModuleLoader {
  const cache = new Map<string, ModuleIndex | undefined>(options.loaded);
  return (dir) => {
    const key = path.resolve(dir);
    if (cache.has(key)) return cache.get(key);
    const files = filesIn(key, (name) => name.endsWith('.tf') || name.endsWith('.tf.json'));
    const module = files.length === 0 ? undefined : loadModule({ dir: key, files, varFiles: [], environmentFiles: [] }, { reader: options.reader ?? readFromDisk, ...(options.load ? { load: options.load } : {}) });
    cache.set(key, module);
    return module;
  };
}

function filesIn(dir: string, keep: (name: string) => boolean): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(path.resolve(dir), name));
}
