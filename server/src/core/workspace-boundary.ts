// The workspace is the boundary of what premortem reads: the git repository that holds a scanned path, or
// the path itself outside git. A `.premortem.json` from a pull request must not make a CI job read (and a
// drift report print) files elsewhere on the runner, and a symlink must not pull `/etc/passwd` into a lint.
// The repository is found by its `.git` entry (a directory, or a file in worktrees and submodules), so no
// process is started.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from './path-inside';

/**
 * The top directory of the git repository holding `dir` (as `dir` names it), if any. `hasGit` looks for the
 * `.git` entry; the environment search passes its own, which reads through its (cached, tracked) lister.
 */
export function repositoryTopOf(dir: string, hasGit: (dir: string) => boolean = (d) => fs.existsSync(path.join(d, '.git'))): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (hasGit(current)) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** The boundary for a scanned directory: its repository's top, else the directory itself. */
export function workspaceBoundary(dir: string): string {
  return repositoryTopOf(dir) ?? path.resolve(dir);
}

/**
 * Whether `file` stays inside `boundary` both as written and once symlinks are resolved (for a file that
 * does not exist, those on the way to it: `link/x.tfvars` with `link` leading out is outside).
 */
export function staysInside(file: string, boundary: string): boolean {
  if (!isInside(file, boundary)) return false;
  return isInside(resolvedAsFarAsExists(file), realPath(boundary) ?? boundary);
}

/** The real path of the file, or of its nearest existing ancestor with the rest of the path appended. */
function resolvedAsFarAsExists(file: string): string {
  const rest: string[] = [];
  for (let current = path.resolve(file); ; current = path.dirname(current)) {
    const real = realPath(current);
    if (real !== undefined) return path.join(real, ...rest.reverse());
    if (path.dirname(current) === current) return file;
    rest.push(path.basename(current));
  }
}

/** The path with every symlink resolved, or undefined when it does not exist (or cannot be resolved). */
export function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return undefined;
  }
}
