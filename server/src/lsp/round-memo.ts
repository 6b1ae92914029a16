// What stays true between one change and the next: the listing of a directory, a file's text on disk, the
// config of a directory, a parsed module. One edit re-lints every tree its module is in (each root that
// calls it), and those trees read the same directories and modules; a memo cleared on every document or
// disk change lets them share that work, and never serves anything older than the last change.
export class RoundMemo {
  private readonly values = new Map<string, unknown>();
  private changes = 0;

  /** Something changed (a document opened, changed, closed or saved, or files changed on disk). */
  changed(): void {
    this.values.clear();
    this.changes++;
  }

  /** How many changes there have been: a lint re-checks its documents' versions only when this moved. */
  get generation(): number {
    return this.changes;
  }

  get<T>(key: string, compute: () => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = compute();
    this.values.set(key, value);
    return value;
  }
}
