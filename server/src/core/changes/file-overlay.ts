// An earlier revision of the files, seen through the working tree: the files that differ carry their old
// text (or null, where a file did not exist then), and every other file reads from disk as it is. A scan
// of a revision needs no checkout and touches nothing on disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadedConfigurationFiles } from '../configuration-files';
import type { DiscoveredModule, ExcludeMatcher } from '../discover';
import {
  isConfigurationFileName,
  isTerragruntFileName,
  preferredTerragruntFile,
  TERRAGRUNT_FILE,
  TERRAGRUNT_JSON_FILE,
  type DirectoryEntry,
  type DirectoryLister,
} from '../environments/environment-files';
import type { SourceReader } from '../load-module';

/** By absolute path: a file's text at the revision, or null where it did not exist then. Only files that differ from the disk. */
export type FileOverlay = Readonly<Record<string, string | null>>;

export function overlayReader(overlay: FileOverlay | undefined, disk: SourceReader): SourceReader {
  if (overlay === undefined) return disk;
  return (file) => {
    if (!Object.hasOwn(overlay, file)) return disk(file);
    return overlay[file] ?? undefined;
  };
}

/**
 * Directory listings as they were: a file the revision did not have is not listed, and one deleted since is.
 * find_in_parent_folders() looks for root.hcl this way, so a root.hcl added or deleted since changes what
 * the revision's units include.
 */
export function overlayLister(overlay: FileOverlay | undefined, disk: DirectoryLister): DirectoryLister {
  if (overlay === undefined) return disk;
  const byDir = new Map<string, Map<string, boolean>>();
  for (const [file, text] of Object.entries(overlay)) {
    const dir = path.dirname(file);
    if (!byDir.has(dir)) byDir.set(dir, new Map());
    byDir.get(dir)!.set(path.basename(file), text !== null);
  }
  return (dir) => {
    const entries = disk(dir);
    const changes = byDir.get(dir);
    if (!changes) return entries;
    const listed: DirectoryEntry[] = (entries ?? []).filter((e) => e.directory || changes.get(e.name) !== false);
    for (const [name, existed] of changes) if (existed && !listed.some((e) => e.name === name)) listed.push({ name, directory: false });
    if (entries === undefined && listed.length === 0) return undefined;
    return listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
}

type Kind = 'files' | 'varFiles' | 'terragrunt';

function kindOf(file: string): Kind | undefined {
  const name = path.basename(file);
  if (isConfigurationFileName(name)) return 'files';
  if (name.endsWith('.tfvars') || name.endsWith('.tfvars.json')) return 'varFiles';
  return isTerragruntFileName(name) ? 'terragrunt' : undefined;
}

/**
 * The modules as they were: files that did not exist yet are left out (a module left with none is gone),
 * and files since deleted are put back, under the scanned paths and outside the excluded ones.
 */
export function modulesAtRevision(
  current: readonly DiscoveredModule[],
  overlay: FileOverlay,
  isScanned: (file: string) => boolean,
  isExcluded: ExcludeMatcher,
): DiscoveredModule[] {
  const byDir = new Map<string, { dir: string; files: string[]; varFiles: string[]; environmentFiles: string[]; terragrunt?: string }>();
  for (const module of current)
    byDir.set(module.dir, { ...module, files: [...module.files], varFiles: [...module.varFiles], environmentFiles: [...module.environmentFiles] });
  // Var files last, so a deleted one finds the configuration deleted with it.
  const entries = Object.entries(overlay).sort(([a], [b]) => Number(kindOf(a) === 'varFiles') - Number(kindOf(b) === 'varFiles'));
  for (const [file, text] of entries) {
    const kind = kindOf(file);
    if (kind === undefined) continue;
    const existing = byDir.get(path.dirname(file));
    if (text === null) {
      for (const module of byDir.values()) {
        module.files = module.files.filter((f) => f !== file);
        module.varFiles = module.varFiles.filter((f) => f !== file);
        module.environmentFiles = module.environmentFiles.filter((f) => f !== file);
        if (module.terragrunt === file) delete module.terragrunt;
      }
      // A `.tofu` file added since replaces a `.tf` file the revision loaded.
      const shadowed = shadowedBy(file);
      if (existing && shadowed !== undefined && !Object.hasOwn(overlay, shadowed) && fs.existsSync(shadowed) && !existing.files.includes(shadowed)) {
        existing.files.push(shadowed);
      }
      // A terragrunt.hcl.json added since replaces the terragrunt.hcl Terragrunt ran at the revision.
      const hcl = path.basename(file) === TERRAGRUNT_JSON_FILE ? path.join(path.dirname(file), TERRAGRUNT_FILE) : undefined;
      if (existing && hcl !== undefined && !Object.hasOwn(overlay, hcl) && fs.existsSync(hcl)) existing.terragrunt = hcl;
      continue;
    }
    if (!isScanned(file) || isExcluded(file, false) || isListed(existing, file)) continue;
    // A deleted var file counts only beside configuration: on its own it is no module.
    if (kind === 'varFiles' && !existing) continue;
    const module = existing ?? { dir: path.dirname(file), files: [], varFiles: [], environmentFiles: [] };
    byDir.set(module.dir, module);
    if (kind === 'terragrunt') module.terragrunt = preferredTerragruntFile(module.terragrunt, file);
    else module[kind].push(file);
  }
  return [...byDir.values()]
    .filter((m) => m.files.length > 0 || m.terragrunt !== undefined)
    .map((m) => ({ ...m, files: loadedConfigurationFiles(m.files.sort()).loaded, varFiles: m.varFiles.sort(), environmentFiles: m.environmentFiles.sort() }))
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}

/** The `.tf` (or `.tf.json`) file a `.tofu` (or `.tofu.json`) file replaces. */
function shadowedBy(file: string): string | undefined {
  if (file.endsWith('.tofu')) return `${file.slice(0, -'.tofu'.length)}.tf`;
  if (file.endsWith('.tofu.json')) return `${file.slice(0, -'.tofu.json'.length)}.tf.json`;
  return undefined;
}

function isListed(module: DiscoveredModule | undefined, file: string): boolean {
  return (
    module !== undefined &&
    (module.files.includes(file) || module.varFiles.includes(file) || module.environmentFiles.includes(file) || module.terragrunt === file)
  );
}
