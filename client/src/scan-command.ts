// "premortem: Scan Workspace": the client owns the UI (a cancellable notification with progress), the
// server owns the work and reports progress through the token the client creates.
import { commands, ProgressLocation, window } from 'vscode';
import { type LanguageClient, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageclient/node';
import { SCAN_WORKSPACE_METHOD, type ScanWorkspaceParams, type ScanWorkspaceResult } from '../../server/src/protocol';

let nextToken = 0;

/** Runs the scan and returns its summary; the closing message (and its button) does not hold the command up. */
export async function scanWorkspace(client: LanguageClient): Promise<ScanWorkspaceResult> {
  const result = await window.withProgress(
    { location: ProgressLocation.Notification, title: 'premortem', cancellable: true },
    async (progress, cancellation) => {
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
        const params: ScanWorkspaceParams = { workDoneToken: token };
        return await client.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_METHOD, params, cancellation);
      } finally {
        subscription.dispose();
      }
    },
  );
  const counts = `${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}`;
  const modules = `${result.modules} module${result.modules === 1 ? '' : 's'}`;
  const message = result.cancelled ? `Scan cancelled after ${modules}: ${counts} so far.` : `Scanned ${modules}: ${counts}.`;
  void window.showInformationMessage(message, 'Show Problems').then((choice) => {
    if (choice === 'Show Problems') void commands.executeCommand('workbench.actions.view.problems');
  });
  return result;
}
