// Drives the bundled language server (dist/server.js --stdio) the way an editor does: a temporary
// workspace folder, a protocol connection over the child's stdio, settings answered from the test,
// every publishDiagnostics and progress notification recorded, and helpers to open, edit, save and
// close documents. Waits are always on observable state, with a timeout.
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { STATUS_NOTIFICATION, type ScanWorkspaceResult, type StatusParams } from '../../server/src/protocol';

export const SERVER = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');
export const RULE = 'terraform-s3-backend-without-locking';

/** An S3 backend without state locking: one finding at `backend "s3"` (line 2, 1-based). */
export const UNLOCKED = 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod.tfstate"\n  }\n}\n';
export const LOCKED = 'terraform {\n  backend "s3" {\n    bucket       = "acme-tfstate"\n    key          = "prod.tfstate"\n    use_lockfile = true\n  }\n}\n';

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export interface Publish extends PublishDiagnosticsParams {
  /** Order of arrival over the whole session. */
  readonly seq: number;
}

export interface StartOptions {
  /** Files of the workspace folder, by relative path. */
  readonly files?: Record<string, string>;
  /** The `premortem` settings section the client answers with (changeable later through `settings`). */
  readonly settings?: Record<string, unknown>;
  /** Use an existing folder as the workspace instead of a temporary one (it is not deleted). */
  readonly folder?: string;
  /** `initializationOptions` of the initialize request (what premortem's VS Code client sends, say). */
  readonly initializationOptions?: unknown;
  /** Client capabilities under `textDocument` besides the harness's own (documentSymbol, definition, …). */
  readonly textDocument?: Record<string, unknown>;
}

export class Harness {
  readonly publishes: Publish[] = [];
  readonly progress = new Map<string | number, ProgressValue[]>();
  readonly registrations: string[] = [];
  readonly unregistrations: string[] = [];
  /** What the server declared in its answer to `initialize`. */
  capabilities: Record<string, unknown> = {};
  readonly messages: string[] = [];
  readonly logs: string[] = [];
  /** Every `$/logTrace` message (sent only after `trace` turned tracing on), in order. */
  readonly traces: string[] = [];
  /** Every `premortem/status` notification, in order. */
  readonly statuses: StatusParams[] = [];
  settings: Record<string, unknown>;
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private seq = 0;
  private stderr = '';

  private constructor(
    readonly dir: string,
    private readonly ownsDir: boolean,
    readonly child: cp.ChildProcess,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static async start(options: StartOptions = {}): Promise<Harness> {
    const dir = options.folder ?? fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-lsp-')));
    for (const [name, text] of Object.entries(options.files ?? {})) write(dir, name, text);
    const child = cp.spawn(process.execPath, [SERVER, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const harness = new Harness(dir, options.folder === undefined, child, connection, { ...(options.settings ?? {}) });
    harness.listen();
    connection.listen();
    const folderUri = pathToFileURL(dir).href;
    const initialized = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: path.basename(dir) }],
      ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
          workspaceFolders: true,
        },
        window: { workDoneProgress: true, showMessage: {} },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          publishDiagnostics: {
            relatedInformation: true,
            versionSupport: true,
            codeDescriptionSupport: true,
            dataSupport: true,
            tagSupport: { valueSet: [1, 2] },
          },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
            isPreferredSupport: true,
            dataSupport: true,
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          ...(options.textDocument ?? {}),
        },
      },
    });
    harness.capabilities = initialized.capabilities;
    connection.sendNotification('initialized', {});
    return harness;
  }

  private listen(): void {
    const { connection } = this;
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.publishes.push({ ...params, seq: ++this.seq });
    });
    connection.onNotification('$/progress', (params: { token: string | number; value: ProgressValue }) => {
      const list = this.progress.get(params.token) ?? [];
      list.push(params.value);
      this.progress.set(params.token, list);
    });
    connection.onNotification('window/showMessage', (params: { message: string }) => this.messages.push(params.message));
    connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    connection.onNotification('$/logTrace', (params: { message: string }) => this.traces.push(params.message));
    connection.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => this.statuses.push(params));
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'premortem' ? this.settings : null)),
    );
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
      return null;
    });
    connection.onRequest('client/unregisterCapability', (params: { unregisterations: { method: string }[] }) => {
      this.unregistrations.push(...params.unregisterations.map((r) => r.method));
      return null;
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(this.dir).href, name: path.basename(this.dir) }]);
    connection.onRequest('window/showMessageRequest', () => null);
  }

  path(relative: string): string {
    return path.join(this.dir, relative);
  }

  uri(relative: string): string {
    return pathToFileURL(this.path(relative)).href;
  }

  write(relative: string, text: string): void {
    write(this.dir, relative, text);
  }

  text(relative: string): string {
    return this.texts.get(relative) ?? fs.readFileSync(this.path(relative), 'utf8');
  }

  version(relative: string): number {
    return this.versions.get(relative) ?? 0;
  }

  /** Opens a document (its text from disk unless given) at version 1. */
  open(relative: string, text?: string): void {
    const content = text ?? fs.readFileSync(this.path(relative), 'utf8');
    this.versions.set(relative, 1);
    this.texts.set(relative, content);
    const languageId = /\.tfvars(\.json)?$/.test(relative) ? 'terraform-vars' : 'terraform';
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(relative), languageId, version: 1, text: content } });
  }

  /** Replaces the whole text, as one change; returns the new version. */
  change(relative: string, text: string): number {
    const version = this.version(relative) + 1;
    this.versions.set(relative, version);
    this.texts.set(relative, text);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(relative), version }, contentChanges: [{ text }] });
    return version;
  }

  /** Sets the server's trace level ($/setTrace), as the client does for `premortem.trace.server`. */
  trace(value: 'off' | 'messages' | 'verbose'): void {
    void this.connection.sendNotification('$/setTrace', { value });
  }

  /**
   * Sends a change per text, all in one write to the server's input, so it receives them together as
   * from a fast typist or a macro; returns the last version.
   */
  changeBurst(relative: string, texts: readonly string[]): number {
    let framed = '';
    for (const text of texts) {
      const version = this.version(relative) + 1;
      this.versions.set(relative, version);
      this.texts.set(relative, text);
      const body = JSON.stringify({
        jsonrpc: '2.0',
        method: 'textDocument/didChange',
        params: { textDocument: { uri: this.uri(relative), version }, contentChanges: [{ text }] },
      });
      framed += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    }
    this.child.stdin!.write(framed);
    return this.version(relative);
  }

  /** Writes the current text to disk and tells the server. */
  save(relative: string): void {
    this.write(relative, this.text(relative));
    void this.connection.sendNotification('textDocument/didSave', { textDocument: { uri: this.uri(relative) } });
  }

  close(relative: string): void {
    this.versions.delete(relative);
    this.texts.delete(relative);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(relative) } });
  }

  /** Tells the server files changed on disk (created 1, changed 2, deleted 3). */
  filesChanged(...changes: { relative: string; type: 1 | 2 | 3 }[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: this.uri(c.relative), type: c.type })) });
  }

  /** New settings, announced as VS Code does (a notification without the values). */
  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  publishesFor(relative: string): Publish[] {
    const uri = this.uri(relative);
    return this.publishes.filter((p) => p.uri === uri);
  }

  lastPublish(relative: string): Publish | undefined {
    const list = this.publishesFor(relative);
    return list[list.length - 1];
  }

  /** Waits for a publish for the file that satisfies `test` (after publish number `after`, if given). */
  async publish(relative: string, test: (p: Publish) => boolean = () => true, after = 0, timeoutMs = 10_000): Promise<Publish> {
    let found: Publish | undefined;
    await this.waitFor(() => (found = this.publishesFor(relative).find((p) => p.seq > after && test(p))) !== undefined, `a publish for ${relative}`, timeoutMs);
    return found!;
  }

  /** The latest publish sequence number: pass it to `publish` to wait for a newer one. */
  get mark(): number {
    return this.seq;
  }

  async waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    while (!condition()) {
      if (this.child.exitCode !== null) throw new Error(`the server exited (${this.child.exitCode}) while waiting for ${what}\n${this.stderr}`);
      if (Date.now() - started > timeoutMs)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nserver stderr:\n${this.stderr}\nlogs:\n${this.logs.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  codeActions(relative: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: this.uri(relative) },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  hover(relative: string, line: number, character: number): Promise<{ contents: { kind: string; value: string } } | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri: this.uri(relative) }, position: { line, character } });
  }

  codeLenses(relative: string): Promise<{ range: Range; command?: { title: string; command: string; arguments?: unknown[] } }[] | null> {
    return this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: this.uri(relative) } });
  }

  scan(token: string, cancellation?: CancellationTokenSource): Promise<ScanWorkspaceResult> {
    const params = { workDoneToken: token };
    return cancellation
      ? this.connection.sendRequest('premortem/scanWorkspace', params, cancellation.token)
      : this.connection.sendRequest('premortem/scanWorkspace', params);
  }

  /** Applies a workspace edit's change to one open document the way an editor does, and sends it. */
  applyEdit(relative: string, edit: WorkspaceEdit): number {
    const uri = this.uri(relative);
    const change = edit.documentChanges?.find((c) => 'textDocument' in c && c.textDocument.uri === uri);
    if (!change || !('edits' in change)) throw new Error(`the edit does not touch ${relative}`);
    if (change.textDocument.version !== this.version(relative))
      throw new Error(`the edit is for version ${change.textDocument.version}, the document is at ${this.version(relative)}`);
    return this.change(relative, applyTextEdits(this.text(relative), change.edits as TextEdit[]));
  }

  async dispose(): Promise<void> {
    try {
      if (this.child.exitCode === null) {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
        void this.connection.sendNotification('exit');
        await Promise.race([new Promise((resolve) => this.child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 2000))]);
      }
    } catch {
      // The server is killed below either way.
    } finally {
      this.connection.dispose();
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
      if (this.ownsDir) fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  get serverStderr(): string {
    return this.stderr;
  }
}

/** Starts a server, runs the test body, and always shuts the server down. */
export async function withServer(options: StartOptions, body: (h: Harness) => Promise<void>): Promise<void> {
  const harness = await Harness.start(options);
  try {
    await body(harness);
  } finally {
    await harness.dispose();
  }
}

function write(dir: string, relative: string, text: string): void {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** LSP edits (0-based lines, UTF-16 characters) applied to a text, as an editor applies them. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }): number => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

/** `count` S3 buckets with a few arguments and nested blocks each: text that takes a while to parse and lint. */
export function generatedResources(seed: number, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    text += `resource "aws_s3_bucket" "b${seed}_${i}" {\n  bucket = "bucket-${seed}-${i}"\n  tags = {\n    Name  = "b${i}"\n    Owner = "team-${seed}"\n  }\n  lifecycle {\n    prevent_destroy = ${i % 2 === 0}\n  }\n}\n\n`;
  }
  return text;
}

export { CancellationTokenSource };
