// The scan on startup and the results it keeps current: above `maxFiles` Terraform files it does not run and
// says so in the log; a module created while its results are on show is scanned too, and after Clear Scan
// Results a new module is left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScanWorkspaceResult } from '../../server/src/protocol';
import { LOCKED, UNLOCKED, withServer } from './harness';

test("a scan with maxFiles below the workspace's Terraform files does not run, and the log says why", async () => {
  const files = { 'a/main.tf': UNLOCKED, 'a/variables.tf': 'variable "x" {}\n', 'b/main.tf': UNLOCKED };
  await withServer({ files }, async (h) => {
    const skipped: ScanWorkspaceResult = await h.connection.sendRequest('premortem/scanWorkspace', { maxFiles: 2 });
    assert.deepEqual(skipped.skipped, { files: 3, maxFiles: 2 });
    assert.equal(skipped.modules, 0);
    assert.equal(h.publishesFor('a/main.tf').length, 0, 'nothing was linted');
    assert.ok(
      h.logs.some((line) => /Scan on startup skipped: the workspace has 3 Terraform files, more than premortem\.scan\.maxFiles \(2\)/.test(line)),
      h.logs.join('\n'),
    );

    const ran: ScanWorkspaceResult = await h.connection.sendRequest('premortem/scanWorkspace', { maxFiles: 3 });
    assert.equal(ran.skipped, undefined);
    assert.equal(ran.modules, 2);
    assert.equal(ran.warnings, 2);
  });
});

test('while scan results are on show, a module created on disk is scanned; after Clear Scan Results it is not', async () => {
  await withServer({ files: { 'a/main.tf': LOCKED } }, async (h) => {
    await h.scan('scan-1');
    let mark = h.mark;
    h.write('new/main.tf', UNLOCKED);
    h.filesChanged({ relative: 'new/main.tf', type: 1 });
    const published = await h.publish('new/main.tf', (p) => p.diagnostics.length > 0, mark);
    assert.equal(published.diagnostics[0]!.code, 'terraform-s3-backend-without-locking');

    await h.connection.sendRequest('premortem/clearScanResults');
    mark = h.mark;
    h.write('other/main.tf', UNLOCKED);
    h.filesChanged({ relative: 'other/main.tf', type: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2000)); // longer than the pause before a new scan
    assert.equal(h.publishesFor('other/main.tf').filter((p) => p.seq > mark).length, 0);
  });
});
