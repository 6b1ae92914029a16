// Parsed files by path, reused while their text is unchanged. An open document's text is the same string
// object until it is edited, so the check is usually a pointer comparison; a file read from disk is
// compared by content. Only files of modules being edited are kept: a workspace scan parses thousands of
// files once, and holding them all would cost hundreds of megabytes.
import type { SourceFile } from '../../../rules/api';
import { parseFile } from '../core/parse';

interface Entry {
  readonly text: string;
  readonly file: SourceFile;
}

export class ParseCache {
  private readonly entries = new Map<string, Entry>();

  /** The file parsed from `text`: the cached parse when the text is unchanged, else a new one (kept if `retain`). */
  get(path: string, text: string, retain: boolean): SourceFile {
    const entry = this.entries.get(path);
    if (entry && entry.text === text) return entry.file;
    // A leading byte-order mark is not part of the text, so columns match what editors show.
    const file = parseFile(path, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (retain) this.entries.set(path, { text, file });
    else if (entry) this.entries.delete(path);
    return file;
  }

  has(path: string, text: string): boolean {
    return this.entries.get(path)?.text === text;
  }

  /** Drops the parses of files that pass `test` (the files of a module nobody edits any more). */
  forget(test: (path: string) => boolean): void {
    for (const path of this.entries.keys()) if (test(path)) this.entries.delete(path);
  }
}
