// Reads a discovered module from disk (or from open editor buffers, through the reader) into a Module.
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFile } from '../../../rules/api';
import type { DiscoveredModule } from './discover';
import { listFromDisk, type DirectoryLister } from './environments/environment-files';
import type { ConfiguredEnvironments } from './environments/environment-host';
import { findEnvironments } from './environments/find-environments';
import { environmentSearchRoot } from './environments/sibling-environments';
import { buildModule, type ModuleIndex } from './module';
import { fileWithProblem, nonTextProblem, NOT_UTF8, osReason } from './file-problems';
import { parseFile } from './parse';

/**
 * A file that exists but cannot be read, with the operating system's reason (`EACCES: permission denied`),
 * or whose bytes are not UTF-8 (told apart from valid text that holds a U+FFFD character of its own).
 */
export type ReadFailure = { readonly unreadable: string } | { readonly notUtf8: true };

/** Supplies file text; an editor overlays its open buffers. Undefined means the file is gone. */
export type SourceReader = (file: string) => string | ReadFailure | undefined;

/** Supplies parsed files; an editor caches parses per document version. Undefined means the file cannot be read. */
export type SourceLoader = (file: string) => SourceFile | undefined;

/** One buffer for every read: a scan reads thousands of files, and allocating a buffer for each costs more than the read. */
let readBuffer = Buffer.allocUnsafe(1 << 20);

// Invalid UTF-8 decodes to U+FFFD; only then are the bytes checked strictly, so a file whose text really
// holds that character is read as the text it is.
export const readFromDisk: SourceReader = (file) => {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    return readFailure(error);
  }
  try {
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      const read = fs.readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    const text = readBuffer.toString('utf8', 0, length);
    // Binary, git-crypt and UTF-16 files are not UTF-8 either; parseFile names them more exactly.
    return text.includes('\uFFFD') && nonTextProblem(text) === undefined && !isUtf8(readBuffer.subarray(0, length)) ? { notUtf8: true } : text;
  } catch (error) {
    return readFailure(error);
  } finally {
    fs.closeSync(fd);
  }
};

/** A file that vanished since it was listed is simply gone; any other failure is the user's to know about. */
function readFailure(error: unknown): ReadFailure | undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  return { unreadable: osReason(error) };
}

/** Parses a file, dropping a leading byte-order mark so columns match what editors show. */
export function readSourceFile(file: string, reader: SourceReader): SourceFile | undefined {
  const raw = reader(file);
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return unreadableFile(file, raw);
  return parseFile(file, raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
}

/** A file premortem could not read (or not as UTF-8), reported rather than skipped, so nothing passes unchecked. */
export function unreadableFile(file: string, failure: ReadFailure): SourceFile {
  if ('notUtf8' in failure) return fileWithProblem(file, '', 'not-text', NOT_UTF8);
  return fileWithProblem(file, '', 'unreadable', `premortem cannot read this file (${failure.unreadable}), so nothing in it was checked.`);
}

/** Var files Terraform loads by itself, in its order: terraform.tfvars(.json), then *.auto.tfvars(.json) by name. */
export function autoLoadedVarFiles(varFiles: readonly string[]): string[] {
  const base = (f: string): string => path.basename(f);
  const main = varFiles.filter((f) => base(f) === 'terraform.tfvars' || base(f) === 'terraform.tfvars.json').sort();
  const auto = varFiles.filter((f) => /\.auto\.tfvars(\.json)?$/.test(base(f))).sort((a, b) => (base(a) < base(b) ? -1 : base(a) > base(b) ? 1 : 0));
  return [...main, ...auto];
}

export const BACKEND_CONFIG_FILE = /(\.tfbackend|^backend(?:[-_.][\w.-]*)?\.hcl)$/;

/**
 * Partial backend configuration files that may apply to a module: in its directory and up to two levels
 * below it, and directly in each parent directory up to `root`.
 */
export function findBackendConfigFiles(dir: string, root: string, onDirectory?: (folder: string, depth: number) => void): string[] {
  const found: string[] = [];
  const listMatching = (folder: string, depth: number): void => {
    onDirectory?.(folder, depth);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isFile() && BACKEND_CONFIG_FILE.test(entry.name)) found.push(path.join(folder, entry.name));
      else if (depth > 0 && entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        listMatching(path.join(folder, entry.name), depth - 1);
      }
    }
  };
  listMatching(dir, 2);
  const top = path.resolve(root);
  let current = path.resolve(dir);
  while (current !== top && current.startsWith(top + path.sep)) {
    current = path.dirname(current);
    listMatching(current, 0);
  }
  return found.sort();
}

export interface LoadOptions {
  readonly reader?: SourceReader;
  /** Parses files instead of reading them through `reader` and parsing each time. */
  readonly load?: SourceLoader;
  /** --var-file files, applied after the auto-loaded ones, in order. */
  readonly explicitVarFiles?: readonly string[];
  /** Where the search for backend config files, and for sibling environment directories, stops going up. */
  readonly root?: string;
  /** The project config's `environments`, with the directory their paths are relative to. */
  readonly environments?: { readonly baseDir: string; readonly entries: readonly ConfiguredEnvironments[] };
  /** Lists directories for environment detection (default: the disk). */
  readonly list?: DirectoryLister | undefined;
  /**
   * Told of each directory the search for backend config files lists, and how deep it looks below it (0:
   * only its files), so the lint cache can record them.
   */
  readonly onDirectory?: (dir: string, depth: number) => void;
  /**
   * Lists the directories above the module when looking for the repository's `.git` (default: `list`).
   * Only whether `.git` is there matters, which is all the lint cache records of those listings.
   */
  readonly listAbove?: DirectoryLister;
}

export function loadModule(discovered: DiscoveredModule, options: LoadOptions = {}): ModuleIndex {
  const reader = options.reader ?? readFromDisk;
  const load = options.load ?? ((file: string) => readSourceFile(file, reader));
  const parseAll = (files: readonly string[]): SourceFile[] => files.map(load).filter((f): f is SourceFile => f !== undefined);
  const files = parseAll(discovered.files);
  const autoLoaded = autoLoadedVarFiles(discovered.varFiles);
  const varFiles = parseAll([...autoLoaded, ...(options.explicitVarFiles ?? [])]);
  const terragrunt = discovered.terragrunt !== undefined ? load(discovered.terragrunt) : undefined;
  const attachedFiles = [
    ...parseAll([...discovered.varFiles.filter((f) => !autoLoaded.includes(f)), ...(discovered.environmentFiles ?? [])]),
    ...(terragrunt ? [terragrunt] : []),
  ];
  const root = options.root ?? discovered.dir;
  const configured = options.environments;
  return buildModule(discovered.dir, files, varFiles, () => parseAll(findBackendConfigFiles(discovered.dir, root, options.onDirectory)), {
    attachedFiles,
    ...(terragrunt ? { terragrunt } : {}),
    environments: (module) =>
      findEnvironments(module, {
        list: options.list ?? listFromDisk,
        load,
        root: environmentSearchRoot(discovered.dir, root, options.listAbove ?? options.list),
        ...(configured ? { configured } : {}),
      }),
  });
}
