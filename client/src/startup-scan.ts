// The workspace scan on activation, and its results across window reloads. `premortem.scan.onStartup`
// scans workspaces of up to `premortem.scan.maxFiles` Terraform files (above that, the log and the status
// bar say so once, and nothing runs). Scan results are not stored: the scan is fast enough to run again
// (the 2,352-file corpus takes about 2 s), so a window that showed them (the user ran "Scan Workspace",
// and did not clear them) scans again when it reloads, whatever the setting, and shows the same Problems.
import { Uri, window, workspace, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { scanWorkspace } from './scan-command';

export const DEFAULT_MAX_FILES = 5000;

/**
 * A file in the extension's storage for this workspace, there while the workspace shows scan results. A
 * file, not workspaceState: a reload right after a scan can come before workspaceState reaches the disk.
 */
function resultsShownMarker(context: ExtensionContext): Uri | undefined {
  return context.storageUri ? Uri.joinPath(context.storageUri, 'scan-results-shown') : undefined;
}

/**
 * Remembers whether this workspace shows scan results, so that its next window does too. "Scan Workspace"
 * says so before it starts: a reload during the scan, or right after it, brings the results back.
 */
export async function rememberScanResults(context: ExtensionContext, shown: boolean): Promise<void> {
  const marker = resultsShownMarker(context);
  if (!marker || !context.storageUri) return;
  if (shown) {
    await workspace.fs.createDirectory(context.storageUri);
    await workspace.fs.writeFile(marker, new TextEncoder().encode(new Date().toISOString()));
  } else {
    await workspace.fs.delete(marker).then(undefined, () => undefined); // already gone
  }
}

async function resultsWereShown(context: ExtensionContext): Promise<boolean> {
  const marker = resultsShownMarker(context);
  if (!marker) return false;
  return workspace.fs.stat(marker).then(
    () => true,
    () => false,
  );
}

export async function scanOnStartup(context: ExtensionContext, client: LanguageClient): Promise<void> {
  if (!workspace.workspaceFolders?.length) return;
  const settings = workspace.getConfiguration('premortem');
  const restore = await resultsWereShown(context);
  if (!restore && !settings.get<boolean>('scan.onStartup', true)) return;
  // Results the user asked for come back whatever their size; the automatic scan stays within the limit.
  const maxFiles = restore ? undefined : Math.max(0, settings.get<number>('scan.maxFiles', DEFAULT_MAX_FILES));
  const result = await scanWorkspace(client, { quiet: true, ...(maxFiles !== undefined ? { maxFiles } : {}) });
  if (result.skipped) {
    window.setStatusBarMessage(
      `premortem: no scan on startup, ${result.skipped.files} Terraform files (premortem.scan.maxFiles is ${result.skipped.maxFiles})`,
      15_000,
    );
  }
}
