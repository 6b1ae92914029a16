// What the server knows about the workspace: its folders, the open documents (by path, with the exact
// URI the client uses), and how a module's files are read: open buffers over the disk, parsed through
// the parse cache.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceFile } from '../../../rules/api';
import { isConfigurationFileName, loadedConfigurationFiles } from '../core/configuration-files';
import {
  environmentFilesOf,
  isTerragruntFileName,
  listFromDisk,
  owningModuleDir,
  preferredTerragruntFile,
  type DirectoryLister,
} from '../core/environments/environment-files';
import { readFromDisk, unreadableFile, type SourceLoader, type SourceReader } from '../core/load-module';
import { staysInside, workspaceBoundary } from '../core/workspace-boundary';
import { ParseCache } from './parse-cache';
import { RoundMemo } from './round-memo';
import { isInside, pathToUri, uriToPath } from './uris';

/** `.tf`, `.tf.json`, `.tofu` or `.tofu.json`. */
export function isConfigurationFile(name: string): boolean {
  return isConfigurationFileName(name);
}

export function isVarFile(name: string): boolean {
  return name.endsWith('.tfvars') || name.endsWith('.tfvars.json');
}

export function isTerragruntFile(name: string): boolean {
  return isTerragruntFileName(path.basename(name));
}

export function isTerraformFile(name: string): boolean {
  return isConfigurationFile(name) || isVarFile(name) || isTerragruntFile(name);
}

/** The files that make up a module (configuration, variable files, environment var files, terragrunt.hcl), sorted. */
export interface ModuleListing {
  readonly files: readonly string[];
  readonly varFiles: readonly string[];
  /** Var files in the module's environment folders (`envs/prod.tfvars`): they belong to it. */
  readonly environmentFiles: readonly string[];
  readonly terragrunt?: string;
}

export class WorkspaceState {
  readonly parses = new ParseCache();
  /** Listings, disk texts, configs and modules, kept until the next change to a document or to the disk. */
  readonly round = new RoundMemo();
  /** Workspace folder paths, deepest first (so the first that holds a file is its root). */
  private folderPaths: string[] = [];
  private readonly openByPath = new Map<string, string>();
  /** The module directory of each open document (see moduleDirOf), as it was when the document opened. */
  private readonly openModuleDir = new Map<string, string>();
  private readonly openPerDir = new Map<string, number>();

  constructor(readonly documents: TextDocuments<TextDocument>) {}

  setFolders(uris: readonly string[]): void {
    this.folderPaths = uris
      .map(uriToPath)
      .filter((p): p is string => p !== undefined)
      .sort((a, b) => b.length - a.length);
  }

  get folders(): readonly string[] {
    return this.folderPaths;
  }

  /** The workspace folder holding a path (where a module's search for backend files stops), else its directory. */
  rootFor(file: string): string {
    return this.folderPaths.find((folder) => isInside(file, folder)) ?? path.dirname(file);
  }

  opened(uri: string): string | undefined {
    const file = uriToPath(uri);
    if (file === undefined || !isTerraformFile(file)) return undefined;
    if (!this.openByPath.has(file)) {
      const dir = this.moduleDirOf(file);
      this.openModuleDir.set(file, dir);
      this.openPerDir.set(dir, (this.openPerDir.get(dir) ?? 0) + 1);
    }
    this.openByPath.set(file, uri);
    return file;
  }

  /** The path of the closed document and the module directory it was counted in. */
  closed(uri: string): { file: string; dir: string } | undefined {
    const file = uriToPath(uri);
    if (file === undefined || this.openByPath.get(file) !== uri) return undefined;
    this.openByPath.delete(file);
    const dir = this.openModuleDir.get(file) ?? path.dirname(file);
    this.openModuleDir.delete(file);
    const count = (this.openPerDir.get(dir) ?? 1) - 1;
    if (count > 0) this.openPerDir.set(dir, count);
    else {
      this.openPerDir.delete(dir);
      this.parses.forget((p) => isInside(p, dir) && !this.openPerDir.has(path.dirname(p)));
    }
    return { file, dir };
  }

  /**
   * The directory of the module a file belongs to: its own directory, or for a var file in an environment
   * folder (`envs/prod.tfvars`) the module beside it, so that the module's lint publishes to it.
   */
  moduleDirOf(file: string): string {
    return this.openModuleDir.get(file) ?? owningModuleDir(file, this.list) ?? path.dirname(file);
  }

  /** Directory entries: the disk's plus open documents not yet saved. */
  readonly list: DirectoryLister = (dir) => {
    const disk = this.round.get(`list\u0000${dir}`, () => listFromDisk(dir));
    const names = new Set((disk ?? []).map((e) => e.name));
    const unsaved = [...this.openByPath.keys()]
      .filter((file) => path.dirname(file) === dir && !names.has(path.basename(file)))
      .map((file) => ({ name: path.basename(file), directory: false }));
    return disk === undefined && unsaved.length === 0 ? undefined : [...(disk ?? []), ...unsaved];
  };

  document(file: string): TextDocument | undefined {
    const uri = this.openByPath.get(file);
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  isOpen(file: string): boolean {
    return this.openByPath.has(file);
  }

  /** Directories with at least one open Terraform document: the modules being edited. */
  openDirs(): string[] {
    return [...this.openPerDir.keys()];
  }

  hasOpenIn(dir: string): boolean {
    return this.openPerDir.has(dir);
  }

  /** The URI of an open document of a module, if any. */
  openUriIn(dir: string): string | undefined {
    if (!this.openPerDir.has(dir)) return undefined;
    for (const [file, uri] of this.openByPath) if (this.openModuleDir.get(file) === dir) return uri;
    return undefined;
  }

  /** The URI the client uses for a file: the open document's own, else one made from the path. */
  uriOf(file: string): string {
    return this.openByPath.get(file) ?? pathToUri(file);
  }

  /** Open buffers over the disk. */
  readonly reader: SourceReader = (file) => {
    const document = this.document(file);
    return document ? document.getText() : this.round.get(`text\u0000${file}`, () => readFromDisk(file));
  };

  /** The directories of the modules in trees being edited (their callers and the modules they call). */
  private retained: ReadonlySet<string> = new Set();

  /** Keeps the parses of these directories' files too, besides those with open documents. */
  retainDirs(dirs: ReadonlySet<string>): void {
    const before = this.retained;
    this.retained = dirs;
    const dropped = new Set([...before].filter((dir) => !dirs.has(dir) && !this.openPerDir.has(dir)));
    if (dropped.size > 0) this.parses.forget((p) => dropped.has(path.dirname(p)));
  }

  /** Parses through the cache; parses are kept for the modules being edited only (environment folders and the trees they are in included). */
  readonly load: SourceLoader = (file) => {
    const text = this.reader(file);
    if (text === undefined) return undefined;
    if (typeof text !== 'string') return unreadableFile(file, text);
    const dir = path.dirname(file);
    // A var file in an environment folder belongs to the module one or two levels up.
    const keep =
      this.hasOpenIn(dir) ||
      this.retained.has(dir) ||
      (isVarFile(file) && (this.hasOpenIn(path.dirname(dir)) || this.hasOpenIn(path.dirname(path.dirname(dir)))));
    return this.parses.get(file, text, keep);
  };

  /** Whether loading the file now would parse it (its cached parse is missing or stale). */
  needsParse(file: string): boolean {
    const text = this.reader(file);
    return typeof text === 'string' && !this.parses.has(file, text);
  }

  /** The parsed text of an open document at its current version. */
  sourceOf(file: string): SourceFile | undefined {
    return this.load(file);
  }

  /** A directory's configuration and variable files: those on disk plus open buffers not yet saved. */
  listModule(dir: string): ModuleListing {
    return this.round.get(`module\u0000${dir}`, () => this.readModuleListing(dir));
  }

  private readModuleListing(dir: string): ModuleListing {
    const names = new Set<string>();
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      // A directory that is gone or unreadable holds only what is open in the editor.
    }
    for (const entry of entries) {
      if (!isTerraformFile(entry.name)) continue;
      const file = path.join(dir, entry.name);
      // A link out of the workspace (`passwd.tf` to /etc/passwd) is not read, as in the CLI.
      if (entry.isFile() || (entry.isSymbolicLink() && isFile(file) && staysInside(file, workspaceBoundary(this.rootFor(file))))) names.add(file);
    }
    for (const file of this.openByPath.keys()) if (path.dirname(file) === dir) names.add(file);
    const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // As OpenTofu loads them: a `.tofu` file replaces the `.tf` file of its name (see configuration-files.ts).
    const files = loadedConfigurationFiles(sorted.filter((f) => isConfigurationFile(f))).loaded;
    const terragrunt = sorted.filter((f) => isTerragruntFile(f)).reduce<string | undefined>(preferredTerragruntFile, undefined);
    // Environment var files belong to a directory that Terraform or Terragrunt runs in.
    const environmentFiles = files.length > 0 || terragrunt !== undefined ? environmentFilesOf(dir, this.list) : [];
    return { files, varFiles: sorted.filter((f) => isVarFile(f)), environmentFiles, ...(terragrunt !== undefined ? { terragrunt } : {}) };
  }

  /** The versions of the open documents among `files`. */
  versionsOf(files: readonly string[]): Map<string, number> {
    const versions = new Map<string, number>();
    for (const file of files) {
      const document = this.document(file);
      if (document) versions.set(file, document.version);
    }
    return versions;
  }

  /** Whether any of the snapshotted documents moved on (edited, closed or reopened). */
  versionsMoved(versions: ReadonlyMap<string, number>): boolean {
    for (const [file, version] of versions) if (this.document(file)?.version !== version) return true;
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
