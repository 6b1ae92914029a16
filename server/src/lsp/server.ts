// The premortem language server: `node dist/server.js --stdio` (or `--node-ipc`, as the VS Code client
// starts it). This file only wires the connection, the documents and the handlers together.
import {
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type CodeActionParams,
  type CodeLensParams,
  type DefinitionParams,
  type DocumentSymbolParams,
  type HoverParams,
  type InitializeResult,
  type TextDocumentChangeEvent,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RuleMeta } from '../../../rules/api';
import {
  BLAST_RADIUS_GRAPH_METHOD,
  BLAST_RADIUS_METHOD,
  CLEAR_SCAN_RESULTS_METHOD,
  NAVIGATION_NOTIFICATION,
  PRODUCT,
  SCAN_WORKSPACE_METHOD,
  SETTINGS,
  type BlastRadiusParams,
  type InitializationOptions,
  type NavigationParams,
  type ScanWorkspaceParams,
} from '../protocol';
import { BlastRadiusService } from './blast-radius';
import { CallerIndex } from './caller-index';
import { CODE_ACTION_KINDS, provideCodeActions, supportsSnippetEdits } from './code-actions';
import { reportConfigProblems } from './config-problems';
import { ConfigStore } from './config-store';
import { provideHover, withExtraSection } from './hover';
import { Log, startedMessage } from './log';
import { documentReleased } from './memory';
import { ModuleLinter } from './module-lint';
import { NavigationService } from './navigation';
import { Publisher } from './publisher';
import { configureRuleLinks } from './rule-links';
import { WorkspaceScanner } from './scan';
import { guarded } from './guarded';
import { Scheduler } from './scheduler';
import { SettingsStore } from './settings';
import { StatusReporter } from './status';
import { transportFromArguments } from './transport';
import { uriToPath } from './uris';
import { VersionedDocuments } from './versioned-documents';
import { createdTerraformFiles, onWatchedFilesChanged } from './watched-files';
import { WorkspaceState } from './workspace-state';
import { RuleFileStore } from './rule-files';
import { version } from '../../../package.json';

const transport = transportFromArguments(process.argv);
const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
const log = new Log(connection);
const documents = new VersionedDocuments((uri, version, current) =>
  log.warn(`Ignored a change to ${uri} for version ${version}: the document is at version ${current}, and versions only go up.`),
);
let client: ClientCapabilities = {};

const state = new WorkspaceState(documents);
const settings = new SettingsStore(connection, () => client.workspace?.configuration === true);
const publisher = new Publisher(connection, state);
// An edited rule file that changes the rules lints what is shown again, as a saved one does.
const ruleFiles = new RuleFileStore(
  state,
  publisher,
  (message) => connection.console.error(message),
  settings,
  async () => {
    configs.clear();
    await scheduler.relintAll();
  },
);
const configs = new ConfigStore(
  () => ruleFiles.ruleMetas(),
  reportConfigProblems(connection, state, publisher),
  (file) => log.info(`Reading ${file}`),
);
const callers = new CallerIndex(state, configs);
const linter = new ModuleLinter(state, configs, () => ruleFiles.rules(), callers);
const scheduler = new Scheduler(connection, state, settings, linter, publisher, callers, new StatusReporter(connection));
const scanner = new WorkspaceScanner(connection, state, settings, configs, publisher, scheduler, () => ruleFiles.rules());
const metasById = (): ReadonlyMap<string, RuleMeta> => new Map(ruleFiles.ruleMetas().map((meta) => [meta.id, meta]));
const blast = new BlastRadiusService(state);
const navigation = new NavigationService(connection, state);

/** Runs a handler's promise to its end; a failure is logged, never a crash of the server. */
function background(what: string, promise: Promise<unknown>): void {
  promise.catch((error: unknown) => log.error(`${what} failed`, error));
}

connection.onInitialize((params): InitializeResult => {
  client = params.capabilities;
  configureRuleLinks(params.initializationOptions);
  state.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
  ruleFiles.reload();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      ...navigation.initialize(client, params.initializationOptions as InitializationOptions | undefined),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: PRODUCT, version },
  };
});

connection.onInitialized(() => {
  log.info(startedMessage(version, state.folders));
  background('Registering the outline and definitions', navigation.start());
  if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
    background('Registering for configuration changes', connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS.section }));
  }
  if (client.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      background(
        'Updating workspace folders',
        connection.workspace.getWorkspaceFolders().then((folders) => {
          state.setFolders((folders ?? []).map((f) => f.uri));
          ruleFiles.reload();
          configs.clear();
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
  if (ruleFiles.isRuleDocument(event.document.uri)) {
    background('Checking an opened rule file', ruleFiles.edited(event.document.uri, event.document.getText()));
    return;
  }
  const file = state.opened(event.document.uri);
  if (file !== undefined) background('Linting an opened document', scheduler.documentOpened(file));
});
documents.onDidChangeContent((event) => {
  if (openEvents.has(event) || documents.wasDropped(event.document)) return;
  if (ruleFiles.isRuleDocument(event.document.uri)) {
    background('Checking an edited rule file', ruleFiles.edited(event.document.uri, event.document.getText()));
    return;
  }
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
  if (ruleFiles.isRuleDocument(event.document.uri)) ruleFiles.closed(event.document.uri);
  state.round.changed();
  const closed = state.closed(event.document.uri);
  if (closed !== undefined) background('Handling a closed document', scheduler.documentClosed(event.document.uri, closed.dir));
  blast.release();
  documentReleased(event.document.getText().length);
});

connection.onCodeAction(
  guarded(connection, 'textDocument/codeAction', (params: CodeActionParams, token: CancellationToken) =>
    provideCodeActions(params, state, scheduler, client.workspace?.workspaceEdit?.documentChanges === true, token, supportsSnippetEdits(client)),
  ),
);
connection.onHover(
  guarded(connection, 'textDocument/hover', async (params: HoverParams, token: CancellationToken) => {
    const findings = await provideHover(params, state, scheduler, metasById(), token);
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
connection.onRequest(
  BLAST_RADIUS_METHOD,
  guarded(connection, BLAST_RADIUS_METHOD, (params: BlastRadiusParams) => blast.request(params)),
);
connection.onRequest(
  BLAST_RADIUS_GRAPH_METHOD,
  guarded(connection, BLAST_RADIUS_GRAPH_METHOD, (params: BlastRadiusParams) => blast.graphRequest(params)),
);

connection.onDocumentSymbol(guarded(connection, 'textDocument/documentSymbol', (params: DocumentSymbolParams) => navigation.symbols(params)));
connection.onDefinition(guarded(connection, 'textDocument/definition', (params: DefinitionParams) => navigation.definition(params)));
connection.onNotification(NAVIGATION_NOTIFICATION, (params: NavigationParams) =>
  background('Turning navigation on or off', navigation.setEnabled(params.enabled === true)),
);

connection.onDidChangeConfiguration(() => {
  settings.clear();
  if (client.workspace?.codeLens?.refreshSupport) background('Refreshing code lenses', connection.sendRequest(CodeLensRefreshRequest.type));
  background('Applying new settings', scheduler.relintAll());
});
connection.onDidChangeWatchedFiles((params) => {
  state.round.changed();
  blast.filesChangedOnDisk();
  background('Handling changed files', onWatchedFilesChanged(params, configs, scheduler, ruleFiles));
  scanner.filesCreated(createdTerraformFiles(params));
});

connection.onRequest(
  SCAN_WORKSPACE_METHOD,
  guarded(connection, SCAN_WORKSPACE_METHOD, (params: ScanWorkspaceParams | undefined, token: CancellationToken) => scanner.scan(params, token)),
);
connection.onRequest(CLEAR_SCAN_RESULTS_METHOD, () => {
  publisher.clearScanResults();
  scanner.cleared();
  return null;
});

documents.listen(connection);
connection.listen();
