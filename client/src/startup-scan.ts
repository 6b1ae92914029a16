// The workspace scan on activation, and its results across window reloads. `premortem.scan.onStartup`
// scans workspaces of up to `premortem.scan.maxFiles` Terraform files (above that, the log and the status
// bar say so once, and nothing runs). Scan results are not stored: the scan is fast enough to run again
// (the 2,352-file corpus takes about 2 s), so a window that showed them (the user ran "Scan Workspace",
// and did not clear them) scans again when it reloads, whatever the setting, and shows the same Problems.
import { window, workspace, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ScanWorkspaceResult } from '../../server/src/protocol';
import { scanWorkspace } from './scan-command';

/** Whether this workspace showed scan results when its window closed (workspace storage). */
const RESULTS_SHOWN = 'premortem.scanResultsShown';

export const DEFAULT_MAX_FILES = 5000;

/** Remembers whether scan results are on show, so the next window of this workspace shows them too. */
export async function rememberScanResults(context: ExtensionContext, result: ScanWorkspaceResult | undefined): Promise<void> {
  await context.workspaceState.update(RESULTS_SHOWN, result !== undefined && result.skipped === undefined);
}

export async function scanOnStartup(context: ExtensionContext, client: LanguageClient): Promise<void> {
  if (!workspace.workspaceFolders?.length) return;
  const settings = workspace.getConfiguration('premortem');
  const restore = context.workspaceState.get<boolean>(RESULTS_SHOWN, false);
  if (!restore && !settings.get<boolean>('scan.onStartup', true)) return;
  // Results the user asked for come back whatever their size; the automatic scan stays within the limit.
  const maxFiles = restore ? undefined : Math.max(0, settings.get<number>('scan.maxFiles', DEFAULT_MAX_FILES));
  const result = await scanWorkspace(client, { quiet: true, ...(maxFiles !== undefined ? { maxFiles } : {}) });
  if (result.skipped) {
    window.setStatusBarMessage(`premortem: no scan on startup, ${result.skipped.files} Terraform files (premortem.scan.maxFiles is ${result.skipped.maxFiles})`, 15_000);
    return;
  }
  if (!result.cancelled) await rememberScanResults(context, result);
}
