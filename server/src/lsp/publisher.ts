// Publishing diagnostics (push model), a module at a time: every file of the module gets a list, empty
// for files that became clean, and files a previous lint of the module published to but that are gone
// get an empty list too. For open documents the findings are kept with the version they were computed
// for, so code actions and hovers answer from them while that version is current.
import type { Connection } from 'vscode-languageserver/node';
import type { Finding } from '../core/finding';
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
  /** Per module directory, the URIs its last lint published to. */
  private readonly moduleUris = new Map<string, Set<string>>();
  /** URIs the workspace scan published to (and that no lint has cleared since). */
  private readonly scanned = new Set<string>();
  /**
   * Per URI, the findings of each module whose lint publishes to it. A file usually belongs to one module,
   * but a var file named in the config's environments may serve several: it shows what all of them found.
   */
  private readonly contributions = new Map<string, Map<string, readonly Finding[]>>();

  constructor(
    private readonly connection: Connection,
    private readonly state: WorkspaceState,
  ) {}

  /** Publishes a module's findings. The scan leaves open documents to the editor's own lint. */
  publishModule(lint: ModuleLint, origin: Origin): void {
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
      this.send(uri, this.merged(uri), lint.versions.get(file));
      if (origin === 'scan') this.scanned.add(uri);
    }
    for (const uri of this.moduleUris.get(lint.dir) ?? []) {
      if (!uris.has(uri)) this.withdraw(uri, lint.dir);
    }
    this.moduleUris.set(lint.dir, uris);
  }

  /** Keeps findings computed on demand (for a code action or hover) without publishing them. */
  store(lint: ModuleLint): void {
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
      if (file !== undefined) {
        const dir = this.state.moduleDirOf(file);
        const uris = this.moduleUris.get(dir);
        uris?.delete(uri);
        if (uris && uris.size === 0) this.moduleUris.delete(dir);
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
    const seen = new Set<string>();
    const out: Finding[] = [];
    for (const findings of byModule.values()) {
      for (const f of findings) {
        const key = `${f.ruleId}\u0000${f.range.start.offset}\u0000${f.range.end.offset}\u0000${f.message}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push(f);
        }
      }
    }
    return out.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
  }

  /** A module no longer publishes to a file: what other modules found there stays. */
  private withdraw(uri: string, dir: string): void {
    const byModule = this.contributions.get(uri);
    byModule?.delete(dir);
    if (!byModule || byModule.size === 0) {
      this.clear(uri);
      return;
    }
    const file = uriToPath(uri);
    const version = file === undefined ? undefined : this.state.document(file)?.version;
    this.send(uri, this.merged(uri), version);
  }

  private clear(uri: string): void {
    this.contributions.delete(uri);
    this.stored.delete(uri);
    this.scanned.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private send(uri: string, findings: readonly Finding[], version: number | undefined): void {
    const diagnostics = findings.map((finding, index) => toDiagnostic(finding, String(index), version ?? null, (file) => this.state.uriOf(file)));
    if (version !== undefined) this.stored.set(uri, { version, findings });
    void this.connection.sendDiagnostics(version !== undefined ? { uri, version, diagnostics } : { uri, diagnostics });
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
