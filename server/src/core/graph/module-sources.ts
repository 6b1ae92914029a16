// Where a module call's code lives: a local path (`source = "./modules/app"`), or the directory that
// `terraform init` downloaded it to, as `.terraform/modules/modules.json` in the root module records.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ModulesManifestEntry {
  readonly Key: string;
  readonly Dir: string;
}

/** The download directories of a root module's calls, by call path (`app`, `app.db`), or empty. */
export function readModulesManifest(rootDir: string): ReadonlyMap<string, string> {
  const manifest = path.join(rootDir, '.terraform', 'modules', 'modules.json');
  const dirs = new Map<string, string>();
  let parsed: unknown;
  if (!fs.existsSync(manifest)) return dirs; // not initialised: most modules; a failed read would cost an exception
  try {
    parsed = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  } catch {
    return dirs; // absent, or not what terraform init writes: no downloaded modules
  }
  const modules = (parsed as { Modules?: unknown }).Modules;
  if (!Array.isArray(modules)) return dirs;
  for (const entry of modules as ModulesManifestEntry[]) {
    if (typeof entry?.Key !== 'string' || typeof entry.Dir !== 'string' || entry.Key === '') continue;
    dirs.set(entry.Key, path.resolve(rootDir, entry.Dir));
  }
  return dirs;
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

/**
 * The directory of a call's module: a local source relative to the calling module, else the manifest's
 * entry for the call path. Undefined when neither applies (a registry module that was never downloaded).
 * The manifest is asked for only then: most modules call local modules only, or none.
 */
export function resolveModuleSource(
  source: string,
  callingDir: string,
  callPath: readonly string[],
  manifest: () => ReadonlyMap<string, string>,
): string | undefined {
  if (isLocalSource(source)) return path.resolve(callingDir, source);
  return manifest().get(callPath.join('.'));
}
