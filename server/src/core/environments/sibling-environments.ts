// Where the same configuration sits under another environment: `live/prod/app` has `live/staging/app`
// and `live/dev/app`. The nearest directory on the way up (up to three levels, never above the root)
// that is named after an environment is the environment; its siblings are the other environments, and
// the same path below each of them is where to look.
import * as path from 'node:path';
import type { EnvironmentHost } from './environment-host';
import { listFromDisk, type DirectoryLister } from './environment-files';
import { isEnvironmentName } from './environment-names';
import { repositoryTopOf } from '../workspace-boundary';

export interface SiblingEnvironments {
  /** The environment of the directory itself: the directory name on its path that names one. */
  readonly name: string;
  /** The other environments: their name and the directory that corresponds to this one (not checked to exist). */
  readonly others: readonly { readonly name: string; readonly dir: string }[];
}

const MAX_LEVELS = 4;

function isInside(dir: string, root: string): boolean {
  const relative = path.relative(root, dir);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export function siblingEnvironments(dir: string, host: EnvironmentHost): SiblingEnvironments | undefined {
  let current = path.resolve(dir);
  for (let level = 0; level < MAX_LEVELS && isInside(current, host.root); level++) {
    const name = path.basename(current);
    if (isEnvironmentName(name)) {
      const parent = path.dirname(current);
      const rest = path.relative(current, dir);
      const others = (host.list(parent) ?? [])
        .filter((e) => e.directory && e.name !== name && !e.name.startsWith('.') && e.name !== 'node_modules')
        .map((e) => ({ name: e.name, dir: path.join(parent, e.name, rest) }));
      return others.length > 0 ? { name, others } : undefined;
    }
    current = path.dirname(current);
  }
  return undefined;
}

/**
 * How far up the search for sibling environments may go: the repository holding the module (the nearest
 * directory with a `.git`), else the parent of the scanned path, so scanning `live/prod` alone still finds
 * `live/staging`.
 */
export function environmentSearchRoot(moduleDir: string, scanRoot: string, list: DirectoryLister = listFromDisk): string {
  const hasGit = (dir: string): boolean => list(dir)?.some((entry) => entry.name === '.git') ?? false;
  return repositoryTopOf(moduleDir, hasGit) ?? path.dirname(path.resolve(scanRoot));
}
