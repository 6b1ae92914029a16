// What changed since a git revision, for `scan --new-since REV`: the Terraform files that differ between
// REV and the working tree (committed, staged, unstaged or untracked), with their text at REV read through
// `git cat-file`, so nothing is checked out. And what is staged, for `scan --staged` (a pre-commit hook).
// Git runs only here, in the CLI, never in the editor.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileOverlay } from '../core/changes/file-overlay';
import { isTerragruntIncludeName } from '../core/environments/environment-files';
import { UsageError } from './options/usage-error';

export interface RevisionChanges {
  /** The revision as given, and the commit it names. */
  readonly revision: string;
  readonly commit: string;
  /** The repository's top directory. */
  readonly top: string;
  /** Absolute paths of the changed files premortem reads. */
  readonly changed: readonly string[];
  /** Their text at the revision, or null where a file did not exist then. */
  readonly overlay: FileOverlay;
}

const BACKEND_CONFIG = /(\.tfbackend|^backend(?:[-_.][\w.-]*)?\.hcl)$/;

/**
 * The files a lint reads: configuration (`.tf`, `.tofu` and their JSON), var files, partial backend
 * configuration, and Terragrunt's `.hcl` and `.hcl.json` files: terragrunt.hcl and what it may include or
 * read (root.hcl, env.hcl), whose change reaches every unit that includes it (changes/terragrunt-dependents.ts).
 */
export function isLintInput(file: string): boolean {
  const name = path.basename(file);
  return /\.(tf|tf\.json|tofu|tofu\.json|tfvars|tfvars\.json)$/.test(name) || isTerragruntIncludeName(name) || BACKEND_CONFIG.test(name);
}

export function changesSince(revision: string, cwd: string): RevisionChanges {
  const top = topOf(cwd, '--new-since');
  if (revision.startsWith('-')) throw new UsageError(`--new-since takes a revision, not "${revision}"`);
  const commit = git(
    ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`],
    top,
    () => `revision "${revision}" is not in this repository; fetch its history first ("git fetch --unshallow", or fetch-depth: 0 in actions/checkout)`,
  )
    .toString('utf8')
    .trim();
  const tracked = splitNul(git(['diff', '--name-only', '--no-renames', '-z', commit, '--'], top));
  const untracked = splitNul(git(['ls-files', '--others', '--exclude-standard', '-z'], top));
  const relative = [...new Set([...tracked, ...untracked])].filter(isLintInput).sort();
  const old = readAtCommit(top, commit, relative);
  const overlay: Record<string, string | null> = {};
  relative.forEach((file, index) => (overlay[path.join(top, file)] = old[index]!));
  return { revision, commit, top, changed: relative.map((file) => path.join(top, file)), overlay };
}

export interface StagedChanges {
  /** The repository's top directory. */
  readonly top: string;
  /** Absolute paths of the staged files premortem reads (added, modified or deleted). */
  readonly changed: readonly string[];
}

/** The files premortem reads that `git diff --cached` lists: what the next commit changes. */
export function stagedChanges(cwd: string): StagedChanges {
  const top = topOf(cwd, '--staged');
  const staged = splitNul(git(['diff', '--cached', '--name-only', '--no-renames', '-z', '--'], top));
  return {
    top,
    changed: staged
      .filter(isLintInput)
      .sort()
      .map((file) => path.join(top, file)),
  };
}

function topOf(cwd: string, option: string): string {
  const realTop = git(['rev-parse', '--show-toplevel'], cwd, () => `${option} needs a git repository, and ${cwd} is not in one`)
    .toString('utf8')
    .trim();
  return asSeenFrom(cwd, realTop);
}

/** Each file's text at the commit, or null where it did not exist there; one `git cat-file` for all. */
function readAtCommit(top: string, commit: string, files: readonly string[]): (string | null)[] {
  if (files.length === 0) return [];
  const output = git(['cat-file', '--batch'], top, undefined, files.map((file) => `${commit}:${file}\n`).join(''));
  const texts: (string | null)[] = [];
  let at = 0;
  for (let i = 0; i < files.length; i++) {
    const lineEnd = output.indexOf(0x0a, at);
    const header = output.toString('utf8', at, lineEnd);
    at = lineEnd + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      texts.push(null); // "<object> missing": the file did not exist at the commit
      continue;
    }
    const size = Number(match[2]);
    texts.push(match[1] === 'blob' ? output.toString('utf8', at, at + size) : null);
    at += size + 1;
  }
  return texts;
}

/** The top directory of the git repository holding `cwd`, as seen from it; undefined outside git (or without git). */
export function repositoryTop(cwd: string): string | undefined {
  try {
    return asSeenFrom(cwd, git(['rev-parse', '--show-toplevel'], cwd).toString('utf8').trim());
  } catch {
    return undefined;
  }
}

/** Git names the top directory by its real path; the scan names files as reached from the working directory (through a symlink, perhaps). */
function asSeenFrom(cwd: string, realTop: string): string {
  try {
    const realCwd = fs.realpathSync(cwd);
    const up = path.relative(realCwd, fs.realpathSync(realTop));
    return up.split(path.sep).every((segment) => segment === '..' || segment === '') ? path.resolve(cwd, up) : realTop;
  } catch {
    return realTop;
  }
}

function git(args: readonly string[], cwd: string, failure?: () => string, input?: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'], ...(input !== undefined ? { input } : {}) });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new UsageError('--new-since and --staged need git, and git is not installed');
    if (failure) throw new UsageError(failure());
    throw new UsageError(`git ${args[0]} failed: ${err.stderr?.toString('utf8').trim() || err.message}`);
  }
}

function splitNul(output: Buffer): string[] {
  return output
    .toString('utf8')
    .split('\0')
    .filter((entry) => entry !== '');
}
