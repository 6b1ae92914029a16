// The VS Code side of premortem: starts the language server, registers the commands, and shows the
// server's state. All linting happens in the server; this file knows only the protocol.
import * as path from 'node:path';
import { commands, ExtensionContext, window, workspace } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { CLEAR_SCAN_RESULTS_METHOD, COMMANDS, PRODUCT, type InitializationOptions } from '../../server/src/protocol';
import { BlastRadiusGraphPanel } from './blast-radius-graph-panel';
import { BLAST_RADIUS_VIEW, BlastRadiusTree, showBlastRadius } from './blast-radius-view';
import { followNavigation, navigationWanted } from './navigation';
import { showRuleDocumentation } from './rule-docs';
import { scanWorkspace } from './scan-command';
import { rememberScanResults, scanOnStartup } from './startup-scan';
import { openRules } from './open-rules';
import { selectRange } from './select-range';
import { createStatus } from './status';

let client: LanguageClient | undefined;

/**
 * The documents premortem lints: Terraform and OpenTofu configuration and variable files, and Terragrunt
 * files. HashiCorp's extension and ours call .tf files `terraform`; the OpenTofu extension calls .tf and
 * .tofu files `opentofu` and .tfvars files `opentofu-vars`; the patterns catch .tofu and .tofu.json files
 * whichever extension named their language.
 */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'terraform' },
  { scheme: 'file', language: 'terraform-vars' },
  { scheme: 'file', language: 'opentofu' },
  { scheme: 'file', language: 'opentofu-vars' },
  { scheme: 'file', pattern: '**/*.{tofu,tofu.json}' },
  { scheme: 'file', pattern: '**/terragrunt.hcl' },
  { scheme: 'file', pattern: '**/terragrunt.hcl.json' },
  // Rules written as data: the server checks a rule file as it is edited, not only when it is saved.
  { scheme: 'file', pattern: '**/.premortem/rules/*.{yaml,yml,json}' },
];

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('premortem');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // --expose-gc: the server collects garbage after a very large document closes (server/src/lsp/memory.ts).
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc'] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc', '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: {
      // The server re-lints modules whose files change on disk, and everything when the config changes;
      // every .hcl file, since a terragrunt.hcl may include or read any of them (root.hcl, env.hcl).
      fileEvents: [
        workspace.createFileSystemWatcher('**/{*.tf,*.tf.json,*.tofu,*.tofu.json,*.tfvars,*.tfvars.json,*.hcl,*.hcl.json,.premortem.json}'),
        // Rules written as data: the server loads them again when one changes.
        workspace.createFileSystemWatcher('**/.premortem/rules/*.{yaml,yml,json}'),
      ],
    },
    outputChannel: output,
    diagnosticCollectionName: PRODUCT,
    // Rule links are command: URIs that open the packaged page (rule-docs.ts); the hover runs only that command.
    // Asked again on every (re)start: whether premortem provides the outline and definitions (navigation.ts).
    initializationOptions: (): InitializationOptions => ({ ruleDocsCommand: true, navigation: navigationWanted() }),
    markdown: { isTrusted: { enabledCommands: [COMMANDS.showDocumentation] } },
  };
  // The client id is the settings prefix, so `premortem.trace.server` traces the protocol.
  client = new LanguageClient(PRODUCT, 'premortem', serverOptions, clientOptions);
  const status = createStatus(client, DOCUMENT_SELECTOR, String((context.extension.packageJSON as { version?: unknown }).version ?? ''));
  const blastRadiusTree = new BlastRadiusTree();
  const blastRadiusView = window.createTreeView(BLAST_RADIUS_VIEW, { treeDataProvider: blastRadiusTree });
  const blastRadiusGraph = new BlastRadiusGraphPanel(context, client);

  context.subscriptions.push(
    output,
    status,
    commands.registerCommand(COMMANDS.scanWorkspace, async () => {
      if (!client) return undefined;
      await rememberScanResults(context, true);
      return scanWorkspace(client);
    }),
    commands.registerCommand(COMMANDS.clearScanResults, async () => {
      await client?.sendRequest(CLEAR_SCAN_RESULTS_METHOD);
      await rememberScanResults(context, false);
    }),
    commands.registerCommand(COMMANDS.restartServer, async () => {
      await client?.restart();
    }),
    commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
    blastRadiusView,
    commands.registerCommand(COMMANDS.showBlastRadius, (uri?: unknown, address?: unknown) =>
      client ? showBlastRadius(client, blastRadiusTree, blastRadiusView, uri, address) : undefined,
    ),
    commands.registerCommand(COMMANDS.showBlastRadiusGraph, (uri?: unknown, address?: unknown) => blastRadiusGraph.show(uri, address)),
    commands.registerCommand(COMMANDS.showBlastRadiusGraphOfTree, () => blastRadiusGraph.show(undefined, undefined, blastRadiusTree.params)),
    commands.registerCommand(COMMANDS.showDocumentation, (ruleId: unknown, webUrl: unknown) => showRuleDocumentation(context, ruleId, webUrl)),
    commands.registerCommand(COMMANDS.selectRange, selectRange),
    commands.registerCommand(COMMANDS.openRules, () => openRules(context.extensionUri)),
  );
  await client.start();
  context.subscriptions.push(...followNavigation(client));
  // Not awaited: activation ends while the scan runs.
  scanOnStartup(context, client).catch((error: unknown) =>
    output.appendLine(`The scan on startup failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
