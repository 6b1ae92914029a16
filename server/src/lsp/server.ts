// The premortem language server: `node dist/server.js --stdio` (or `--node-ipc`, as the VS Code client
// starts it). This file only wires the connection, the documents and the handlers together.
import {
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type CodeActionParams,
  type CodeLensParams,
  type HoverParams,
  type InitializeResult,
  type TextDocumentChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES } from '../../../rules/index';
import { allRuleMetas } from '../core/scan';
import { BLAST_RADIUS_METHOD, CLEAR_SCAN_RESULTS_METHOD, PRODUCT, SCAN_WORKSPACE_METHOD, SETTINGS, type BlastRadiusParams, type ScanWorkspaceParams } from '../protocol';
import { BlastRadiusService } from './blast-radius';
import { CallerIndex } from './caller-index';
import { CODE_ACTION_KINDS, provideCodeActions } from './code-actions';
import { reportConfigProblems } from './config-problems';
import { ConfigStore } from './config-store';
import { provideHover, withExtraSection } from './hover';
import { ModuleLinter } from './module-lint';
import { Publisher } from './publisher';
import { WorkspaceScanner } from './scan';
import { guarded } from './guarded';
import { describe, Scheduler } from './scheduler';
import { SettingsStore } from './settings';
import { StatusReporter } from './status';
import { transportFromArguments } from './transport';
import { uriToPath } from './uris';
import { onWatchedFilesChanged } from './watched-files';
import { WorkspaceState } from './workspace-state';
import { version } from '../../../package.json';

const transport = transportFromArguments(process.argv);
const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let client: ClientCapabilities = {};

const metas = allRuleMetas(RULES);
const state = new WorkspaceState(documents);
const settings = new SettingsStore(connection, () => client.workspace?.configuration === true);
const publisher = new Publisher(connection, state);
const configs = new ConfigStore(metas, reportConfigProblems(connection, state, publisher));
const callers = new CallerIndex(state, configs);
const linter = new ModuleLinter(state, configs, RULES, callers);
const scheduler = new Scheduler(connection, state, settings, linter, publisher, callers, new StatusReporter(connection));
const scanner = new WorkspaceScanner(connection, state, settings, configs, publisher, scheduler, RULES);
const metasById = new Map(metas.map((meta) => [meta.id, meta]));
const blast = new BlastRadiusService(state);

/** Runs a handler's promise to its end; a failure is logged, never a crash of the server. */
function background(what: string, promise: Promise<unknown>): void {
  promise.catch((error: unknown) => connection.console.error(`${what} failed: ${describe(error)}`));
}

connection.onInitialize((params): InitializeResult => {
  client = params.capabilities;
  state.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: PRODUCT, version },
  };
});

connection.onInitialized(() => {
  if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
    background('Registering for configuration changes', connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS.section }));
  }
  if (client.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      background(
        'Updating workspace folders',
        connection.workspace.getWorkspaceFolders().then((folders) => {
          state.setFolders((folders ?? []).map((f) => f.uri));
          callers.invalidate();
        }),
      );
    });
  }
});

// TextDocuments fires onDidChangeContent for an open too, with the same event object.
const openEvents = new WeakSet<TextDocumentChangeEvent<TextDocument>>();
documents.onDidOpen((event) => {
  state.round.changed();
  openEvents.add(event);
  const file = state.opened(event.document.uri);
  if (file !== undefined) background('Linting an opened document', scheduler.documentOpened(file));
});
documents.onDidChangeContent((event) => {
  if (openEvents.has(event)) return;
  state.round.changed();
  const file = uriToPath(event.document.uri);
  if (file !== undefined && state.isOpen(file)) background('Scheduling a lint', scheduler.documentChanged(file));
});
documents.onDidSave((event) => {
  state.round.changed();
  const file = uriToPath(event.document.uri);
  if (file !== undefined && state.isOpen(file)) background('Linting a saved document', scheduler.documentSaved(file));
});
documents.onDidClose((event) => {
  state.round.changed();
  const closed = state.closed(event.document.uri);
  if (closed !== undefined) background('Handling a closed document', scheduler.documentClosed(event.document.uri, closed.dir));
});

connection.onCodeAction(
  guarded(connection, 'textDocument/codeAction', (params: CodeActionParams, token: CancellationToken) =>
    provideCodeActions(params, state, scheduler, client.workspace?.workspaceEdit?.documentChanges === true, token),
  ),
);
connection.onHover(
  guarded(connection, 'textDocument/hover', async (params: HoverParams, token: CancellationToken) => {
    const findings = await provideHover(params, state, scheduler, metasById, token);
    // The blast radius walks the graph: not for a hover the client no longer waits for.
    if (token.isCancellationRequested) return null;
    return withExtraSection(findings, blast.hover(params.textDocument.uri, params.position));
  }),
);
connection.onCodeLens(
  guarded(connection, 'textDocument/codeLens', async (params: CodeLensParams) => {
    const current = await settings.get(params.textDocument.uri);
    return current.enable && current.codeLensBlastRadius ? blast.codeLenses(params.textDocument.uri) : [];
  }),
);
connection.onRequest(BLAST_RADIUS_METHOD, guarded(connection, BLAST_RADIUS_METHOD, (params: BlastRadiusParams) => blast.request(params)));

connection.onDidChangeConfiguration(() => {
  settings.clear();
  if (client.workspace?.codeLens?.refreshSupport) background('Refreshing code lenses', connection.sendRequest(CodeLensRefreshRequest.type));
  background('Applying new settings', scheduler.relintAll());
});
connection.onDidChangeWatchedFiles((params) => {
  state.round.changed();
  blast.filesChangedOnDisk();
  background('Handling changed files', onWatchedFilesChanged(params, configs, scheduler));
});

connection.onRequest(SCAN_WORKSPACE_METHOD, guarded(connection, SCAN_WORKSPACE_METHOD, (params: ScanWorkspaceParams | undefined, token: CancellationToken) => scanner.scan(params, token)));
connection.onRequest(CLEAR_SCAN_RESULTS_METHOD, () => {
  publisher.clearScanResults();
  return null;
});

documents.listen(connection);
connection.listen();
