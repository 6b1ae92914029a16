// Finding the Terraform modules (directories of .tf or .tofu files) under the paths to lint. The CLI and the
// editor's workspace scan share it, so both see the same modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { isConfigurationFileName, loadedConfigurationFiles } from './configuration-files';
import {
  isTerragruntFileName,
  listFromDisk,
  memoizeLister,
  owningModuleDir,
  preferredTerragruntFile,
  type DirectoryLister,
} from './environments/environment-files';
import { osReason } from './file-problems';
import { isInside } from './path-inside';
import { realPath, workspaceBoundary } from './workspace-boundary';
import { UserError } from './user-error';

export interface DiscoveredModule {
  /** Absolute directory, as reached from the given paths (symlinks not resolved). */
  readonly dir: string;
  /** The configuration files (`.tf`, `.tf.json`, `.tofu`, `.tofu.json`) OpenTofu loads, sorted: without those a `.tofu` file replaces. */
  readonly files: readonly string[];
  /** The `.tfvars` and `.tfvars.json` files in the directory, sorted. */
  readonly varFiles: readonly string[];
  /**
   * Var files in the module's environment folders and directories (`envs/prod.tfvars`, `prod/app.tfvars`),
   * which belong to it (see environments/environment-files.ts), sorted.
   */
  readonly environmentFiles: readonly string[];
  /** The directory's `terragrunt.hcl`: a directory that holds one is linted even without `.tf` files. */
  readonly terragrunt?: string;
}

export interface Discovery {
  /** Sorted by directory. */
  readonly modules: readonly DiscoveredModule[];
  /** Variable files in directories that hold no `.tf` files, and that belong to no module's environments. */
  readonly strayVarFiles: readonly string[];
  /** Directories the walk could not list, with the operating system's reason: whatever they hold went unchecked. */
  readonly unreadableDirectories: readonly UnreadableDirectory[];
  /** Symbolic links that lead outside the workspace (see workspace-boundary.ts), not followed; sorted. */
  readonly linksOutside: readonly string[];
  /** `.tf` and `.tf.json` files that a `.tofu` or `.tofu.json` file of the same name replaces (configuration-files.ts), not read; sorted. */
  readonly shadowedFiles: readonly string[];
}

export interface UnreadableDirectory {
  readonly dir: string;
  /** `EACCES: permission denied`. */
  readonly reason: string;
}

/** A path argument that cannot be linted; the CLI exits with its usage-error code. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type ExcludeMatcher = (absolutePath: string, isDirectory: boolean) => boolean;

/** Told what discovery reads, before it reads it (the lint cache keeps a discovery while those are unchanged). */
export interface DiscoveryWatch {
  /** A directory about to be listed. */
  listed(dir: string): void;
  /** A symbolic link was met: what it leads to is not in any listing. */
  linked(): void;
}

export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['.terraform', '.terragrunt-cache', '.git', 'node_modules']);

/**
 * Modules under `paths` (directories are searched recursively; a file stands for its directory's module, or
 * for the module whose environment folder holds it). A directory with a `terragrunt.hcl` is a module too.
 * Excluded paths are skipped even when named explicitly, so a list of changed files can be passed as is.
 */
export function discoverModules(paths: readonly string[], isExcluded: ExcludeMatcher, watch?: DiscoveryWatch): Discovery {
  const walker = new Walker(isExcluded, watch);
  for (const given of paths) walker.addPath(given);
  walker.followSymlinkedDirectories();
  return walker.result();
}

/**
 * Whether a path is excluded by minimatch globs relative to `baseDir`. A pattern that matches a directory
 * excludes everything inside it, so `examples` and `examples/**` both exclude `examples/a/main.tf`.
 */
export function createExcludeMatcher(baseDir: string, patterns: readonly string[]): ExcludeMatcher {
  const base = path.resolve(baseDir);
  const matchers = patterns.map((pattern) => new Minimatch(normalizePattern(pattern), { dot: true, nonegate: true, nocomment: true }));
  if (matchers.length === 0) return () => false;
  return (absolutePath, isDirectory) => {
    const relative = path.relative(base, path.resolve(absolutePath));
    if (relative === '' || path.isAbsolute(relative) || relative === '..' || relative.startsWith(`..${path.sep}`)) return false;
    const segments = relative.split(path.sep);
    for (let length = 1; length <= segments.length; length++) {
      const candidate = segments.slice(0, length).join('/');
      const candidateIsDirectory = length < segments.length || isDirectory;
      // Directories are also tried with a trailing slash, so `examples/` and `examples/**` match them.
      if (matchers.some((m) => m.match(candidate) || (candidateIsDirectory && m.match(`${candidate}/`)))) return true;
    }
    return false;
  };
}

function normalizePattern(pattern: string): string {
  return pattern.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

function isTerraformFile(name: string): boolean {
  return isConfigurationFileName(name);
}

/** The files OpenTofu loads; those a `.tofu` variant replaces go to `shadowed`. */
function loadedFiles(files: readonly string[], shadowed: string[]): string[] {
  const split = loadedConfigurationFiles(files);
  shadowed.push(...split.shadowed);
  return split.loaded;
}

function isVarFile(name: string): boolean {
  return name.endsWith('.tfvars') || name.endsWith('.tfvars.json');
}

interface DirectoryListing {
  readonly dir: string;
  readonly files: string[];
  readonly varFiles: string[];
  readonly environmentFiles: string[];
  terragrunt?: string;
}

function isModule(listing: DirectoryListing): boolean {
  return listing.files.length > 0 || listing.terragrunt !== undefined;
}

class Walker {
  /** By real path, so a directory reached twice (through a symlink, or two arguments) is listed once. */
  private readonly listings = new Map<string, DirectoryListing>();
  private readonly walked = new Set<string>();
  /** Followed only after the real tree, so a directory is reported under its own path when it can be. */
  private readonly symlinkedDirectories: string[] = [];
  private readonly unreadable: UnreadableDirectory[] = [];
  /** The workspaces of the given paths, as real paths: links are followed only within them. */
  private readonly boundaries: string[] = [];
  private readonly linksOutside = new Set<string>();
  /** Var files in neighbouring folders ask about the same parents: each is listed once. */
  private readonly listOnce: DirectoryLister;

  constructor(
    private readonly isExcluded: ExcludeMatcher,
    private readonly watch?: DiscoveryWatch,
  ) {
    this.listOnce = memoizeLister(
      watch
        ? (dir) => {
            watch.listed(dir);
            return listFromDisk(dir);
          }
        : listFromDisk,
    );
  }

  addPath(given: string): void {
    const absolute = path.resolve(given);
    let stats: fs.Stats;
    try {
      stats = fs.statSync(absolute);
    } catch {
      throw new UsageError(`path not found: ${given}`);
    }
    const boundary = workspaceBoundary(stats.isDirectory() ? absolute : path.dirname(absolute));
    this.boundaries.push(realPath(boundary) ?? boundary);
    if (stats.isDirectory()) {
      if (!this.isExcluded(absolute, true)) this.walk(absolute);
    } else if (isTerraformFile(absolute) || isVarFile(absolute) || isTerragruntFileName(path.basename(absolute))) {
      if (!this.isExcluded(absolute, false)) this.list(path.dirname(absolute));
    } else {
      throw new UsageError(`not a Terraform file: ${given}`);
    }
  }

  followSymlinkedDirectories(): void {
    for (let next = this.symlinkedDirectories.shift(); next !== undefined; next = this.symlinkedDirectories.shift()) {
      this.walk(next);
    }
  }

  result(): Discovery {
    const strayVarFiles: string[] = [];
    for (const listing of [...this.listings.values()]) {
      if (isModule(listing)) continue;
      for (const file of listing.varFiles) {
        const owner = this.owner(file);
        if (owner) owner.environmentFiles.push(file);
        else strayVarFiles.push(file);
      }
    }
    const shadowedFiles: string[] = [];
    const modules = [...this.listings.values()]
      .filter(isModule)
      .map((listing) => ({
        dir: listing.dir,
        files: loadedFiles(listing.files.sort(compare), shadowedFiles),
        varFiles: listing.varFiles.sort(compare),
        environmentFiles: [...new Set(listing.environmentFiles)].sort(compare),
        ...(listing.terragrunt !== undefined ? { terragrunt: listing.terragrunt } : {}),
      }))
      .sort((a, b) => compareDirectories(a.dir, b.dir));
    return {
      modules,
      strayVarFiles: strayVarFiles.sort(compare),
      unreadableDirectories: this.unreadable.sort((a, b) => compare(a.dir, b.dir)),
      linksOutside: [...this.linksOutside].sort(compare),
      shadowedFiles: shadowedFiles.sort(compare),
    };
  }

  /** The listing of the module an environment var file belongs to, listed now if the walk did not reach it. */
  private owner(file: string): DirectoryListing | undefined {
    const dir = owningModuleDir(file, this.listOnce);
    if (dir === undefined || this.isExcluded(dir, true)) return undefined;
    const real = realPath(dir);
    if (real === undefined) return undefined;
    if (!this.listings.has(real)) this.list(dir, real);
    const listing = this.listings.get(real);
    return listing && isModule(listing) ? listing : undefined;
  }

  /** `known`: the real path, when the walk knows it (a directory that is no link, in one whose real path it knows). */
  private walk(dir: string, known?: string): void {
    const real = known ?? realPath(dir);
    if (real === undefined || this.walked.has(real)) return;
    this.walked.add(real);
    const subdirectories = this.list(dir, real);
    for (const { child, symlinked } of subdirectories) {
      if (symlinked) this.symlinkedDirectories.push(child);
      else this.walk(child, path.join(real, path.basename(child)));
    }
  }

  /** Whether a link's target lies inside the workspace of one of the given paths. */
  private leadsInside(link: string): boolean {
    const target = realPath(link);
    return target !== undefined && this.boundaries.some((boundary) => isInside(target, boundary));
  }

  /** Records the directory's Terraform files; returns the subdirectories worth walking. */
  private list(dir: string, real = realPath(dir)): { child: string; symlinked: boolean }[] {
    if (real === undefined) return [];
    this.watch?.listed(dir);
    const entries = readDirectory(dir, (reason) => this.unreadable.push({ dir, reason }));
    const alreadyListed = this.listings.has(real);
    const listing = this.listings.get(real) ?? { dir, files: [], varFiles: [], environmentFiles: [] };
    this.listings.set(real, listing);
    const subdirectories: { child: string; symlinked: boolean }[] = [];
    for (const entry of entries) {
      const child = path.join(dir, entry.name);
      const symlinked = entry.isSymbolicLink();
      if (symlinked) this.watch?.linked();
      const kind = symlinked ? targetKind(child) : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
      if (symlinked && isRelevant(entry.name, kind) && !this.leadsInside(child)) {
        this.linksOutside.add(child);
        continue;
      }
      if (kind === 'directory') {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !this.isExcluded(child, true)) subdirectories.push({ child, symlinked });
      } else if (kind === 'file' && !alreadyListed && !this.isExcluded(child, false)) {
        if (isTerraformFile(entry.name)) listing.files.push(child);
        else if (isVarFile(entry.name)) listing.varFiles.push(child);
        else if (isTerragruntFileName(entry.name)) listing.terragrunt = preferredTerragruntFile(listing.terragrunt, child);
      }
    }
    return subdirectories;
  }
}

/** Whether the walk would use an entry: a directory to search, or a file premortem reads. */
function isRelevant(name: string, kind: 'directory' | 'file' | 'other'): boolean {
  if (kind === 'directory') return !SKIPPED_DIRECTORIES.has(name);
  return kind === 'file' && (isTerraformFile(name) || isVarFile(name) || isTerragruntFileName(name));
}

function readDirectory(dir: string, unreadable: (reason: string) => void): fs.Dirent[] {
  try {
    // Sorted, so which of two links to one directory is followed does not depend on the file system.
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name));
  } catch (error) {
    // A directory that vanished mid-walk holds nothing; one we may not read is reported, not skipped.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'EACCES' || code === 'EPERM') {
      unreadable(osReason(error));
      return [];
    }
    throw error;
  }
}

function targetKind(link: string): 'directory' | 'file' | 'other' {
  try {
    const stats = fs.statSync(link);
    return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
  } catch {
    return 'other'; // a dangling link
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Segment by segment, so a directory's subdirectories follow it directly (`a`, `a/b`, `a-c`). */
function compareDirectories(a: string, b: string): number {
  const left = a.split(path.sep);
  const right = b.split(path.sep);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = compare(left[i]!, right[i]!);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}
