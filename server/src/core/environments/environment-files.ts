// Which module a var file in a folder without configuration belongs to. Environment var files often sit
// in a folder beside the module's `.tf` files (`envs/prod.tfvars`, `envs/prod/app.tfvars`,
// `prod/prod.tfvars`); those files belong to that module: its lint reports their syntax errors and its
// findings in them, and the editor lints the module when one of them changes. Discovery (CLI and workspace
// scan) and the editor both ask here, so they attach the same files to the same module.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isConfigurationFileName } from '../configuration-files';
import { ENVIRONMENT_FOLDERS, isEnvironmentName, isVarFileName } from './environment-names';

export { isConfigurationFileName };

export interface DirectoryEntry {
  readonly name: string;
  readonly directory: boolean;
}

/** The entries of a directory (symbolic links followed), or undefined when it cannot be read. */
export type DirectoryLister = (dir: string) => readonly DirectoryEntry[] | undefined;

export const TERRAGRUNT_FILE = 'terragrunt.hcl';
/** Terragrunt's configuration in JSON; where both are in a directory, Terragrunt reads this one (DefaultTerragruntConfigPaths). */
export const TERRAGRUNT_JSON_FILE = 'terragrunt.hcl.json';

/** A file Terragrunt runs in its directory: `terragrunt.hcl` or `terragrunt.hcl.json`. */
export function isTerragruntFileName(name: string): boolean {
  return name === TERRAGRUNT_FILE || name === TERRAGRUNT_JSON_FILE;
}

/** Of two Terragrunt files of one directory, the one Terragrunt reads: the JSON form first, as Terragrunt looks. */
export function preferredTerragruntFile(current: string | undefined, found: string): string {
  return current !== undefined && path.basename(current) === TERRAGRUNT_JSON_FILE ? current : found;
}

/** A file that a Terragrunt configuration may include or read (`root.hcl`, `env.hcl`, `root.hcl.json`); `.terraform.lock.hcl` is Terraform's. */
export function isTerragruntIncludeName(name: string): boolean {
  return (name.endsWith('.hcl') || name.endsWith('.hcl.json')) && name !== '.terraform.lock.hcl';
}

const SKIPPED = new Set(['.terraform', '.terragrunt-cache', '.git', 'node_modules']);

export const listFromDisk: DirectoryLister = (dir) => {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  return entries
    .map((entry) => {
      let directory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          directory = fs.statSync(path.join(dir, entry.name)).isDirectory();
        } catch {
          directory = false;
        }
      }
      return { name: entry.name, directory };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
};

/** A lister that reads each directory once: a scan looks at the same neighbours from many modules. */
export function memoizeLister(list: DirectoryLister): DirectoryLister {
  const listings = new Map<string, readonly DirectoryEntry[] | undefined>();
  return (dir) => {
    if (!listings.has(dir)) listings.set(dir, list(dir));
    return listings.get(dir);
  };
}

/** A directory Terraform, OpenTofu or Terragrunt runs in: it holds configuration files or a `terragrunt.hcl`. */
export function holdsConfiguration(entries: readonly DirectoryEntry[] | undefined): boolean {
  return (entries ?? []).some((e) => !e.directory && (isConfigurationFileName(e.name) || isTerragruntFileName(e.name)));
}

function subdirectories(entries: readonly DirectoryEntry[] | undefined): string[] {
  return (entries ?? []).filter((e) => e.directory && !e.name.startsWith('.') && !SKIPPED.has(e.name)).map((e) => e.name);
}

function varFilesIn(dir: string, entries: readonly DirectoryEntry[] | undefined): string[] {
  return (entries ?? []).filter((e) => !e.directory && isVarFileName(e.name)).map((e) => path.join(dir, e.name));
}

/**
 * The subdirectories of `dir` that stand for environments: those without configuration named after an
 * environment (`prod`, `stg`) and, when at least two are, the other ones beside them that hold var files
 * (`ithc`, `ptl`). Inside an environment folder (`envs/`) every subdirectory without configuration counts.
 */
export function environmentDirectories(dir: string, list: DirectoryLister, insideEnvironmentFolder = false): string[] {
  const candidates = subdirectories(list(dir))
    .filter((name) => !ENVIRONMENT_FOLDERS.has(name) || insideEnvironmentFolder)
    .map((name) => ({ name, entries: list(path.join(dir, name)) }))
    .filter((c) => !holdsConfiguration(c.entries));
  if (insideEnvironmentFolder) return candidates.map((c) => c.name);
  const named = candidates.filter((c) => isEnvironmentName(c.name));
  if (named.length < 2) return named.map((c) => c.name);
  return candidates.filter((c) => isEnvironmentName(c.name) || varFilesIn(dir, c.entries).length > 0).map((c) => c.name);
}

/** The environment folders (`env`, `envs`, `environments`) directly in a module directory, without configuration of their own. */
export function environmentFolders(dir: string, list: DirectoryLister): string[] {
  return subdirectories(list(dir)).filter((name) => ENVIRONMENT_FOLDERS.has(name) && !holdsConfiguration(list(path.join(dir, name))));
}

/**
 * The var files below a module directory that belong to it: in its environment folders (`envs/*.tfvars`,
 * `envs/<env>/*.tfvars`) and in its environment directories (`prod/*.tfvars`). Sorted.
 */
export function environmentFilesOf(moduleDir: string, list: DirectoryLister): string[] {
  const files: string[] = [];
  for (const folder of environmentFolders(moduleDir, list)) {
    const folderDir = path.join(moduleDir, folder);
    files.push(...varFilesIn(folderDir, list(folderDir)));
    for (const sub of environmentDirectories(folderDir, list, true)) {
      const subDir = path.join(folderDir, sub);
      files.push(...varFilesIn(subDir, list(subDir)));
    }
  }
  for (const sub of environmentDirectories(moduleDir, list)) {
    const subDir = path.join(moduleDir, sub);
    files.push(...varFilesIn(subDir, list(subDir)));
  }
  return files.sort();
}

/**
 * The module directory a var file belongs to: its own directory when that holds configuration, else the
 * module whose environment folder or directory holds it (the inverse of `environmentFilesOf`), else undefined.
 */
export function owningModuleDir(file: string, list: DirectoryLister): string | undefined {
  const dir = path.dirname(file);
  if (holdsConfiguration(list(dir))) return dir;
  if (!isVarFileName(path.basename(file))) return undefined;
  const parent = path.dirname(dir);
  const name = path.basename(dir);
  if (parent !== dir && holdsConfiguration(list(parent))) {
    if (environmentFolders(parent, list).includes(name) || environmentDirectories(parent, list).includes(name)) return parent;
    return undefined;
  }
  const grandparent = path.dirname(parent);
  if (grandparent !== parent && ENVIRONMENT_FOLDERS.has(path.basename(parent)) && holdsConfiguration(list(grandparent))) {
    if (environmentFolders(grandparent, list).includes(path.basename(parent)) && environmentDirectories(parent, list, true).includes(name)) return grandparent;
  }
  return undefined;
}
