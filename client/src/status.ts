// The language status item for Terraform files, as vscode-eslint has one: premortem's version, the
// findings it published (by severity), what it cannot see (module calls into remote modules that
// terraform init has not downloaded), and a menu with Scan Workspace, Show Output and Open Rules.
import { commands, languages, LanguageStatusSeverity, window, type DiagnosticCollection, type Disposable, type DocumentSelector } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';
import { countFindings, describeCounts, type FindingCounts } from './finding-counts';

/** The status item's menu (not in the command palette: the commands it offers are). */
export const STATUS_MENU_COMMAND = 'premortem.statusMenu';

export function createStatus(client: LanguageClient, selector: DocumentSelector, extensionVersion: string): Disposable {
  const item = languages.createLanguageStatusItem('premortem.status', selector);
  item.name = 'premortem';
  item.command = { title: 'Scan, Output, Rules…', command: STATUS_MENU_COMMAND };
  let unseen: StatusParams = { opaqueModuleCalls: 0 };
  let counts: FindingCounts = { errors: 0, warnings: 0, infos: 0, files: 0 };
  const show = (): void => {
    const state = client.state;
    const version = client.initializeResult?.serverInfo?.version ?? extensionVersion;
    item.busy = state === State.Starting;
    item.text = state === State.Running ? `premortem ${version}` : state === State.Starting ? 'premortem: starting' : 'premortem: stopped';
    item.detail = state === State.Running ? [describeCounts(counts), unseen.message].filter((part) => part !== undefined).join('; ') : '';
    item.severity = state === State.Stopped ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
  };
  // Recounted at most a few times a second: a scan publishes thousands of files.
  let recount: NodeJS.Timeout | undefined;
  const scheduleRecount = (): void => {
    recount ??= setTimeout(() => {
      recount = undefined;
      counts = countDiagnostics(client.diagnostics);
      show();
    }, 250);
  };
  show();
  const subscriptions = [
    item,
    client.onDidChangeState(show),
    languages.onDidChangeDiagnostics(scheduleRecount),
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      unseen = params;
      show();
    }),
    commands.registerCommand(STATUS_MENU_COMMAND, showStatusMenu),
    { dispose: () => clearTimeout(recount) },
  ];
  return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
}

function countDiagnostics(collection: DiagnosticCollection | undefined): FindingCounts {
  const byFile: number[][] = [];
  collection?.forEach((_uri, diagnostics) => byFile.push(diagnostics.map((d) => d.severity)));
  return countFindings(byFile);
}

async function showStatusMenu(): Promise<void> {
  const choices = [
    { label: '$(search) Scan Workspace', description: 'lint every module, open or not', command: COMMANDS.scanWorkspace },
    { label: '$(output) Show Output', description: 'what the server did, and its errors', command: COMMANDS.showOutput },
    { label: '$(book) Open Rules', description: 'every rule and the incident it comes from', command: COMMANDS.openRules },
  ];
  const choice = await window.showQuickPick(choices, { title: 'premortem' });
  if (choice) await commands.executeCommand(choice.command);
}
