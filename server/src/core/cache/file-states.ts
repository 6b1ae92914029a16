// What a file or directory holds now, as a content hash, for the lint cache (`scan --cache`). Content is
// the truth: a file's hash is of the text premortem reads. Its metadata (size, modification and change
// times, inode) taken just before the read lets a later run skip the read when the metadata is unchanged,
// as ESLint's cache does; when the metadata differs, the file is read and hashed again.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { isConfigurationFileName, isTerragruntIncludeName, listFromDisk } from '../environments/environment-files';
import { isVarFileName } from '../environments/environment-names';
import { BACKEND_CONFIG_FILE, readFromDisk } from '../load-module';

/** size, mtimeMs, ctimeMs, ino: what a file's metadata says about its content. */
export type Meta = readonly [number, number, number, number];

/** A file or directory as one run saw it: its content hash, and its metadata just before it was read. */
export interface Observed {
  readonly hash: string;
  /** Absent when the path did not exist or could not be stat'ed. */
  readonly meta?: Meta;
}

/**
 * A modification time this recent when a file is read is not trusted next time: a write later in the same
 * tick of the file system's clock (up to 2 s on some) would leave the metadata as it was. Such a file is
 * read and hashed again by the next run.
 */
const RACY_MS = 2000;

/** The metadata to remember: none when it is too recent to vouch for the content (see RACY_MS). */
function trustworthy(meta: Meta | undefined): { meta?: Meta } {
  return meta === undefined || Date.now() - meta[1] < RACY_MS ? {} : { meta };
}

export interface Seen {
  readonly files: ReadonlyMap<string, Observed>;
  readonly dirs: ReadonlyMap<string, Observed>;
  readonly probes: ReadonlyMap<string, Observed>;
}

const BACKEND_VIEW = '\0backend';

/** The key of a directory whose listing is read for backend config file names alone. */
export function backendView(dir: string): string {
  return `${dir}${BACKEND_VIEW}`;
}

/** The hash of what does not exist. */
export const ABSENT = '-';

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** The path's metadata; 'absent' when nothing is there; undefined when it cannot be stat'ed (it is read then). */
export function metaOf(file: string): Meta | 'absent' | undefined {
  try {
    const stats = fs.statSync(file, { throwIfNoEntry: false });
    return stats ? [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino] : 'absent';
  } catch {
    return undefined;
  }
}

function sameMeta(a: Meta | undefined, b: Meta | undefined): boolean {
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** A file's text as premortem reads it, hashed: a file that cannot be read hashes to its reason, a missing one to ABSENT. */
function hashRead(raw: ReturnType<typeof readFromDisk>): string {
  if (raw === undefined) return ABSENT;
  if (typeof raw !== 'string') return 'notUtf8' in raw ? '!not-utf8' : `!${raw.unreadable}`;
  return sha1(raw);
}

/**
 * A directory's listing as environment detection, module loading and the search for backend config files
 * see it: its subdirectories, and the files among those they look for (configuration, var files,
 * Terragrunt's `.hcl` files, which includes and find_in_parent_folders() look for, backend config files). Other files (a README, the cache file itself) change nothing.
 */
function hashListing(dir: string, backendOnly: boolean): string {
  const entries = listFromDisk(dir);
  if (entries === undefined) return ABSENT;
  const names = backendOnly
    ? entries.filter((e) => !e.directory && BACKEND_CONFIG_FILE.test(e.name))
    : entries.filter(
        (e) => e.directory || isConfigurationFileName(e.name) || isVarFileName(e.name) || isTerragruntIncludeName(e.name) || BACKEND_CONFIG_FILE.test(e.name),
      );
  return sha1(names.map((e) => (e.directory ? `${e.name}/` : e.name)).join('\n'));
}

/**
 * The files and directories one run has looked at, each looked at once (a file read twice in a run is
 * taken as it was first seen), with what an earlier run saw as the shortcut for unchanged metadata.
 */
export class FileStates {
  private readonly files = new Map<string, Observed>();
  private readonly dirs = new Map<string, Observed>();
  private readonly probes = new Map<string, Observed>();
  /** Text read while hashing, kept until its reader takes it (planning reads each file once, not twice). */
  private readonly texts = new Map<string, string>();
  /** How many files were read to be hashed (the rest were known by their metadata). */
  filesRead = 0;
  /** How many directories were listed and found changed (one listed again with the same names is not counted). */
  dirsChanged = 0;

  constructor(
    private readonly knownFiles: ReadonlyMap<string, Observed> = new Map(),
    private readonly knownDirs: ReadonlyMap<string, Observed> = new Map(),
  ) {}

  /** The file's content hash now: from its metadata when an earlier run saw the same, else read. */
  file(file: string, keepText = false): Observed {
    const seen = this.files.get(file);
    if (seen) return seen;
    const meta = metaOf(file);
    const known = this.knownFiles.get(file);
    let observed: Observed;
    if (meta === 'absent') {
      observed = { hash: ABSENT };
    } else if (sameMeta(meta, known?.meta)) {
      observed = { hash: known!.hash, meta: meta! };
    } else {
      const raw = readFromDisk(file);
      this.filesRead++;
      if (keepText && typeof raw === 'string') this.texts.set(file, raw);
      observed = { hash: hashRead(raw), ...trustworthy(meta) };
    }
    this.files.set(file, observed);
    return observed;
  }

  /** The text read when the file was hashed, once; undefined when it was known by its metadata. */
  takeText(file: string): string | undefined {
    const text = this.texts.get(file);
    this.texts.delete(file);
    return text;
  }

  /** The directory's listing hash now (`key`: the directory, or its backendView): from its metadata when an earlier run saw the same, else listed. */
  dir(key: string): Observed {
    const seen = this.dirs.get(key);
    if (seen) return seen;
    const backendOnly = key.endsWith(BACKEND_VIEW);
    const dir = backendOnly ? key.slice(0, -BACKEND_VIEW.length) : key;
    const meta = metaOf(dir);
    const known = this.knownDirs.get(key);
    let observed: Observed;
    if (meta === 'absent') observed = { hash: ABSENT };
    else if (sameMeta(meta, known?.meta)) observed = { hash: known!.hash, meta: meta! };
    else {
      observed = { hash: hashListing(dir, backendOnly), ...trustworthy(meta) };
      if (observed.hash !== known?.hash) this.dirsChanged++;
    }
    this.dirs.set(key, observed);
    return observed;
  }

  /** Whether something is at the path (a file, a directory), which is all some reads ask (`.git` above a module). */
  probe(path: string): Observed {
    let seen = this.probes.get(path);
    if (!seen) {
      const meta = metaOf(path);
      this.probes.set(path, (seen = { hash: meta === 'absent' ? ABSENT : meta === undefined ? '?' : '+' }));
    }
    return seen;
  }

  /** What another thread saw this run, unless this one looked first. */
  adopt(kind: keyof Seen, path: string, observed: Observed): void {
    const map = this[kind];
    if (!map.has(path)) map.set(path, observed);
  }

  /** Everything seen this run, to remember for the next. */
  seen(): Seen {
    return { files: this.files, dirs: this.dirs, probes: this.probes };
  }
}
