/// <reference types="mocha" />
// The real-editor scenarios through the `vscode` API: a squiggle on open, a quick fix that removes it,
// and the workspace scan reaching a file that was never opened.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const RULE = 'terraform-s3-backend-without-locking';

function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with test/vscode/workspace open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...parts));
}

function premortemDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'premortem');
}

/**
 * Resolves when the check gives a value, re-checking on every diagnostics change and every half second (a
 * code lens has no change event to wait on); fails after the timeout.
 */
function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (): void => {
      done = true;
      subscription.dispose();
      clearTimeout(timer);
      clearInterval(poll);
    };
    const attempt = async (): Promise<void> => {
      if (done) return;
      const value = await check();
      if (value === undefined || done) return;
      finish();
      resolve(value);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(() => void attempt());
    const poll = setInterval(() => void attempt(), 500);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    void attempt();
  });
}

suite('premortem in VS Code', () => {
  test('opening a file shows its finding', async () => {
    const uri = workspaceFile('live', 'backend.tf');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [diagnostic] = await waitFor('a premortem diagnostic', () => {
      const found = premortemDiagnostics(uri);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(typeof diagnostic!.code === 'object' ? diagnostic!.code.value : diagnostic!.code, RULE);
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic!.range.start.line, 1);
  });

  test('the preferred quick fix removes the finding', async () => {
    const uri = workspaceFile('live', 'backend.tf');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await waitFor('a premortem diagnostic', () => {
      const found = premortemDiagnostics(uri);
      return found.length > 0 ? found : undefined;
    });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range);
    const preferred = actions.find((a) => a.isPreferred && a.diagnostics?.some((d) => d.source === 'premortem'));
    assert.ok(preferred?.edit, 'a preferred quick fix with an edit');
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.match(document.getText(), /use_lockfile\s*=\s*true/);
    await waitFor('the finding to go', () => (premortemDiagnostics(uri).length === 0 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.revertFile');
  });

  test('Scan Workspace reports files that were never opened', async () => {
    const legacy = workspaceFile('modules', 'legacy', 'backend.tf');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === legacy.fsPath), 'the file is not open');
    await vscode.commands.executeCommand('premortem.scanWorkspace');
    const found = await waitFor('a diagnostic on the unopened file', () => {
      const list = premortemDiagnostics(legacy);
      return list.length > 0 ? list : undefined;
    });
    assert.equal(found[0]!.source, 'premortem');
  });

  test('a blast radius code lens sits above a policy a distribution uses', async () => {
    const uri = workspaceFile('cdn', 'policies.tf');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await waitFor('a blast radius code lens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const ours = found.filter((lens) => lens.command?.command === 'premortem.showBlastRadius');
      return ours.length > 0 ? ours : undefined;
    });
    assert.equal(lenses[0]!.command?.title, 'blast radius: 1 cloudfront distribution');
    assert.equal(lenses[0]!.range.start.line, 0);
  });
});
