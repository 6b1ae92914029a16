// "premortem: Scan Workspace": the client owns the UI (a cancellable notification with progress), the
// server owns the work and reports progress through the token the client creates. The scan on startup
// (startup-scan.ts) runs the same request quietly, with its progress in the status bar.
import { commands, ProgressLocation, window } from 'vscode';
import { type LanguageClient, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { COMMANDS, SCAN_WORKSPACE_METHOD, type ScanWorkspaceParams, type ScanWorkspaceResult } from '../../server/src/protocol';

let nextToken = 0;

export interface ScanOptions {
  /** Quiet: progress in the status bar, no closing message (the scan on startup). */
  readonly quiet?: boolean;
  /** Skip the scan above this many Terraform files. */
  readonly maxFiles?: number;
}

/** Runs the scan and returns its summary; the closing message (and its button) does not hold the command up. */
export async function scanWorkspace(client: LanguageClient, options: ScanOptions = {}): Promise<ScanWorkspaceResult> {
  const location = options.quiet ? ProgressLocation.Window : ProgressLocation.Notification;
  const result = await window.withProgress({ location, title: 'premortem', cancellable: !options.quiet }, async (progress, cancellation) => {
    const token = `premortem-scan-${++nextToken}`;
    let reported = 0;
    const subscription = client.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'end') return;
      const update = value as WorkDoneProgressBegin | WorkDoneProgressReport;
      const percentage = update.percentage ?? reported;
      progress.report({ message: update.message ?? 'Scanning Terraform…', increment: Math.max(0, percentage - reported) });
      reported = Math.max(reported, percentage);
    });
    try {
      const params: ScanWorkspaceParams = { workDoneToken: token, ...(options.maxFiles !== undefined ? { maxFiles: options.maxFiles } : {}) };
      return await client.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_METHOD, params, cancellation);
    } finally {
      subscription.dispose();
    }
  });
  if (options.quiet) return result;
  const buttons = result.unreadableDirectories?.length ? ['Show Problems', 'Show Output'] : ['Show Problems'];
  void window.showInformationMessage(scanSummary(result), ...buttons).then((choice) => {
    if (choice === 'Show Problems') void commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Show Output') void commands.executeCommand(COMMANDS.showOutput);
  });
  return result;
}

/** "Scanned 12 modules: 1 error, 3 warnings, 2 info.", and what could not be read. */
export function scanSummary(result: ScanWorkspaceResult): string {
  const counts = `${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}, ${result.infos} info`;
  const modules = `${result.modules} module${result.modules === 1 ? '' : 's'}`;
  const summary = result.cancelled ? `Scan cancelled after ${modules}: ${counts} so far.` : `Scanned ${modules}: ${counts}.`;
  const unreadable = result.unreadableDirectories?.length ?? 0;
  if (unreadable === 0) return summary;
  return `${summary} ${unreadable} director${unreadable === 1 ? 'y' : 'ies'} could not be read and went unchecked (see the output).`;
}
