// Publishing diagnostics (push model), a tree at a time: every file of the root module and of the modules
// its tree reached gets a list, empty for files that became clean, and files a previous lint of the tree
// published to but that are gone get an empty list too. A file several trees reach (a module several roots
// call) shows what all of them found, merged. For open documents the findings are kept with the version
// they were computed for, so code actions and hovers answer from them while that version is current.
import type { Connection } from 'vscode-languageserver/node';
import type { Finding } from '../core/finding';
import { mergeTreeFindings } from '../core/instances/lint-tree';
import { toDiagnostic } from './diagnostics';
import type { ModuleLint } from './module-lint';
import { uriToPath } from './uris';
import type { WorkspaceState } from './workspace-state';

export interface StoredFindings {
  readonly version: number;
  /** In diagnostic order: a diagnostic's `data.findingId` is its index here. */
  readonly findings: readonly Finding[];
}

/** Who published: the editor's lint of a module with open documents, or the workspace scan. */
export type Origin = 'editor' | 'scan';

export class Publisher {
  /** Findings per open document URI. */
  private readonly stored = new Map<string, StoredFindings>();
  /** Per tree (by its root module's directory), the URIs its last lint published to. */
  private readonly moduleUris = new Map<string, Set<string>>();
  /** URIs the workspace scan published to (and that no lint has cleared since). */
  private readonly scanned = new Set<string>();
  /**
   * Per URI, the findings of each tree whose lint publishes to it. A file of a called module belongs to the
   * trees of all its callers, and a var file named in the config's environments may serve several modules.
   */
  private readonly contributions = new Map<string, Map<string, readonly Finding[]>>();
  /** What was last sent for each file, so an unchanged list is not sent again. */
  private readonly sent = new Map<string, string>();
  /** Per tree, the suppressions its last lint used (a suppression another tree used is not unused). */
  private readonly used = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly connection: Connection,
    private readonly state: WorkspaceState,
  ) {}

  /** Publishes a tree's findings. The scan leaves open documents to the editor's own lint. */
  publishModule(lint: ModuleLint, origin: Origin): void {
    this.publishModules([lint], origin);
  }

  /**
   * Publishes the findings of trees linted together (every tree one edit touches), each file once, with
   * what all of them found there: never one tree's fresh findings next to another's from older text.
   */
  publishModules(lints: readonly ModuleLint[], origin: Origin): void {
    const touched = new Map<string, number | undefined>();
    for (const lint of lints) {
      this.used.set(lint.dir, new Set(lint.usedSuppressions));
      const byFile = groupByFile(lint.findings);
      const files = new Set([...lint.files, ...byFile.keys()]);
      const uris = new Set<string>();
      for (const file of files) {
        const uri = this.state.uriOf(file);
        if (origin === 'scan' && this.state.isOpen(file)) {
          if (this.moduleUris.get(lint.dir)?.has(uri)) uris.add(uri);
          continue;
        }
        uris.add(uri);
        this.contribute(uri, lint.dir, byFile.get(file) ?? []);
        touched.set(uri, lint.versions.get(file) ?? touched.get(uri));
        if (origin === 'scan') this.scanned.add(uri);
      }
      for (const uri of this.moduleUris.get(lint.dir) ?? []) {
        if (uris.has(uri)) continue;
        const byModule = this.contributions.get(uri);
        byModule?.delete(lint.dir);
        if (!byModule || byModule.size === 0) this.clear(uri);
        else touched.set(uri, touched.get(uri) ?? this.openVersion(uri));
      }
      this.moduleUris.set(lint.dir, uris);
    }
    for (const [uri, version] of touched) if (this.contributions.has(uri)) this.send(uri, this.merged(uri), version);
  }

  /** Keeps findings computed on demand (for a code action or hover) without publishing them. */
  store(lint: ModuleLint): void {
    this.used.set(lint.dir, new Set(lint.usedSuppressions));
    const byFile = groupByFile(lint.findings);
    for (const file of lint.files) {
      const version = lint.versions.get(file);
      const uri = this.state.uriOf(file);
      if (version !== undefined) this.stored.set(uri, { version, findings: this.merged(uri, lint.dir, byFile.get(file) ?? []) });
    }
  }

  /** The findings of an open document, if they were computed for this version. */
  findingsFor(uri: string, version: number): StoredFindings | undefined {
    const stored = this.stored.get(uri);
    return stored && stored.version === version ? stored : undefined;
  }

  /** Empties the diagnostics of every file a module's last lint published to (of what that module found). */
  clearModule(dir: string): void {
    this.used.delete(dir);
    for (const uri of this.moduleUris.get(dir) ?? []) this.withdraw(uri, dir);
    this.moduleUris.delete(dir);
  }

  /** Whether the workspace scan published to any file of this module. */
  scanOwns(dir: string): boolean {
    for (const uri of this.moduleUris.get(dir) ?? []) if (this.scanned.has(uri)) return true;
    return false;
  }

  /** Module directories the scan published to. */
  scannedDirs(): string[] {
    return [...this.moduleUris.keys()].filter((dir) => this.scanOwns(dir));
  }

  forgetDocument(uri: string): void {
    this.stored.delete(uri);
  }

  /** Clears what the scan published for files that are neither open nor part of a module being edited. */
  clearScanResults(): number {
    let cleared = 0;
    for (const uri of [...this.scanned]) {
      const file = uriToPath(uri);
      if (file !== undefined && (this.state.isOpen(file) || this.state.hasOpenIn(this.state.moduleDirOf(file)))) continue;
      this.clear(uri);
      cleared++;
      for (const [dir, uris] of this.moduleUris) {
        uris.delete(uri);
        if (uris.size === 0) this.moduleUris.delete(dir);
      }
    }
    this.scanned.clear();
    return cleared;
  }

  /** Publishes diagnostics for a file outside any module (a config file's problem). */
  publishRaw(uri: string, diagnostics: Parameters<Connection['sendDiagnostics']>[0]['diagnostics']): void {
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  private contribute(uri: string, dir: string, findings: readonly Finding[]): void {
    let byModule = this.contributions.get(uri);
    if (!byModule) this.contributions.set(uri, (byModule = new Map()));
    byModule.set(dir, findings);
  }

  /** The findings of every module for a file (optionally with one module's replaced), without duplicates. */
  private merged(uri: string, replaceDir?: string, replacement?: readonly Finding[]): Finding[] {
    const byModule = new Map(this.contributions.get(uri) ?? []);
    if (replaceDir !== undefined) byModule.set(replaceDir, replacement ?? []);
    if (byModule.size === 1) return [...byModule.values()][0]!.slice();
    const used = [...byModule.keys()].flatMap((dir) => [...(this.used.get(dir) ?? [])]);
    return mergeTreeFindings([...byModule.values()].flat(), used).sort(
      (a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset,
    );
  }

  /** A tree no longer publishes to a file: what other trees found there stays. */
  private withdraw(uri: string, dir: string): void {
    const byModule = this.contributions.get(uri);
    byModule?.delete(dir);
    if (!byModule || byModule.size === 0) {
      this.clear(uri);
      return;
    }
    this.send(uri, this.merged(uri), this.openVersion(uri));
  }

  private openVersion(uri: string): number | undefined {
    const file = uriToPath(uri);
    return file === undefined ? undefined : this.state.document(file)?.version;
  }

  private clear(uri: string): void {
    this.contributions.delete(uri);
    this.stored.delete(uri);
    this.scanned.delete(uri);
    this.sent.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Sends a file's diagnostics, unless they are exactly what was last sent for it (a tree's other files, after an edit elsewhere). */
  private send(uri: string, findings: readonly Finding[], version: number | undefined): void {
    const diagnostics = findings.map((finding, index) => toDiagnostic(finding, String(index), version ?? null, (file) => this.state.uriOf(file)));
    if (version !== undefined) this.stored.set(uri, { version, findings });
    const params = version !== undefined ? { uri, version, diagnostics } : { uri, diagnostics };
    const text = JSON.stringify(params);
    if (this.sent.get(uri) === text) return;
    this.sent.set(uri, text);
    void this.connection.sendDiagnostics(params);
  }
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  return byFile;
}
