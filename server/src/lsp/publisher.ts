// Publishing diagnostics (push model), a module at a time: every file of the module gets a list, empty
// for files that became clean, and files a previous lint of the module published to but that are gone
// get an empty list too. For open documents the findings are kept with the version they were computed
// for, so code actions and hovers answer from them while that version is current.
import * as path from 'node:path';
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
      this.send(uri, byFile.get(file) ?? [], lint.versions.get(file));
      if (origin === 'scan') this.scanned.add(uri);
    }
    for (const uri of this.moduleUris.get(lint.dir) ?? []) {
      if (!uris.has(uri)) this.clear(uri);
    }
    this.moduleUris.set(lint.dir, uris);
  }

  /** Keeps findings computed on demand (for a code action or hover) without publishing them. */
  store(lint: ModuleLint): void {
    const byFile = groupByFile(lint.findings);
    for (const file of lint.files) {
      const version = lint.versions.get(file);
      if (version !== undefined) this.stored.set(this.state.uriOf(file), { version, findings: byFile.get(file) ?? [] });
    }
  }

  /** The findings of an open document, if they were computed for this version. */
  findingsFor(uri: string, version: number): StoredFindings | undefined {
    const stored = this.stored.get(uri);
    return stored && stored.version === version ? stored : undefined;
  }

  /** Empties the diagnostics of every file a module's last lint published to. */
  clearModule(dir: string): void {
    for (const uri of this.moduleUris.get(dir) ?? []) this.clear(uri);
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
      if (file !== undefined && (this.state.isOpen(file) || this.state.hasOpenIn(path.dirname(file)))) continue;
      this.clear(uri);
      cleared++;
      if (file !== undefined) {
        const dir = path.dirname(file);
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

  private clear(uri: string): void {
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
