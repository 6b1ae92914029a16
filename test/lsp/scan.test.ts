// The workspace scan: the CLI's discovery (with both kinds of excludes), diagnostics published per
// module for files never opened, progress on the client's token, a summary; cancellation keeps what was
// published; a second scan cancels the first; "clear scan results" empties closed files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressValue } from './harness';
import { CancellationTokenSource, generatedResources, LOCKED, UNLOCKED, withServer, type Harness } from './harness';

/** begin → reports with percentages that never go down → end, nothing after the end. */
function assertProgressShape(values: readonly ProgressValue[] | undefined): void {
  assert.ok(values && values.length >= 2, 'progress was reported');
  assert.equal(values[0]!.kind, 'begin');
  assert.equal(values[values.length - 1]!.kind, 'end');
  const middle = values.slice(1, -1);
  assert.ok(
    middle.every((v) => v.kind === 'report'),
    'only reports between begin and end',
  );
  let last = 0;
  for (const value of middle) {
    const percentage = (value as { percentage?: number }).percentage ?? last;
    assert.ok(percentage >= last, `percentage went from ${last} to ${percentage}`);
    last = percentage;
  }
}

test('a scan publishes per module for files never opened, shows progress and returns a summary', async () => {
  const files = {
    '.premortem.json': JSON.stringify({ exclude: ['vendored'] }),
    'app/main.tf': UNLOCKED,
    'app/variables.tf': 'variable "region" {}\n',
    'network/main.tf': LOCKED,
    'broken/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = \n',
    'vendored/main.tf': UNLOCKED,
    'sandbox/main.tf': UNLOCKED,
    'env/prod.tfvars': 'region = "eu-west-1"\n',
  };
  await withServer({ files, settings: { scan: { exclude: ['sandbox/**'] } } }, async (h) => {
    const result = await h.scan('scan-1');
    assert.equal(result.cancelled, false);
    assert.equal(result.modules, 3, 'app, broken and network; vendored (config) and sandbox (setting) are excluded');
    assert.equal(result.files, 5, 'four configuration files and the stray variable file');
    assert.equal(result.warnings, 1);
    assert.ok(result.errors >= 1);
    assert.equal(result.findings, result.errors + result.warnings + result.infos);
    assert.ok(result.durationMs >= 0);

    assert.equal(h.lastPublish('app/main.tf')?.diagnostics[0]?.code, 'terraform-s3-backend-without-locking');
    assert.deepEqual(h.lastPublish('app/variables.tf')?.diagnostics, []);
    assert.deepEqual(h.lastPublish('network/main.tf')?.diagnostics, []);
    assert.equal(h.lastPublish('broken/main.tf')?.diagnostics[0]?.code, 'syntax-error');
    assert.deepEqual(h.lastPublish('env/prod.tfvars')?.diagnostics, []);
    assert.equal(h.publishesFor('vendored/main.tf').length, 0);
    assert.equal(h.publishesFor('sandbox/main.tf').length, 0);

    const progress = h.progress.get('scan-1');
    assertProgressShape(progress);
    assert.equal((progress![0] as { title?: string }).title, 'Scanning Terraform');
    const reports = progress!.filter((v) => v.kind === 'report') as { message?: string; percentage?: number }[];
    assert.equal(reports[reports.length - 1]!.percentage, 100);
    assert.match(reports[reports.length - 1]!.message ?? '', /\(3\/3\)$/);

    // Clearing empties what the scan published for files that are not open.
    const mark = h.mark;
    await h.connection.sendRequest('premortem/clearScanResults');
    await h.publish('app/main.tf', (p) => p.diagnostics.length === 0, mark);
    await h.publish('broken/main.tf', (p) => p.diagnostics.length === 0, mark);
  });
});

test('open buffers overlay the disk during a scan, and a scanned module re-lints when its files change', async () => {
  await withServer({ files: { 'a/main.tf': UNLOCKED, 'b/main.tf': LOCKED } }, async (h) => {
    h.open('a/main.tf', LOCKED); // the buffer is fixed, the disk is not
    await h.publish('a/main.tf', (p) => p.version === 1);
    const result = await h.scan('scan-overlay');
    assert.equal(result.warnings, 0, 'the scan read the open buffer, not the disk');

    const mark = h.mark;
    h.write('b/main.tf', UNLOCKED);
    h.filesChanged({ relative: 'b/main.tf', type: 2 });
    const relinted = await h.publish('b/main.tf', () => true, mark);
    assert.equal(relinted.diagnostics.length, 1, 'a closed file the scan published to is linted again');
  });
});

/** A workspace of `count` modules, each with enough configuration that a scan takes a while. */
function bigWorkspace(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = `m${String(i).padStart(3, '0')}`;
    files[`${name}/main.tf`] = UNLOCKED;
    files[`${name}/buckets.tf`] = generatedResources(i, 40);
  }
  return files;
}

function scannedModules(h: Harness): number {
  return new Set(h.publishes.filter((p) => p.uri.endsWith('/main.tf')).map((p) => p.uri)).size;
}

test('a cancelled scan returns partial results: some modules published, fewer than all, cancelled: true', async () => {
  const total = 300;
  await withServer({ files: bigWorkspace(total) }, async (h) => {
    const cancellation = new CancellationTokenSource();
    const scan = h.scan('scan-cancel', cancellation);
    await h.waitFor(() => scannedModules(h) >= 3, 'the first modules to be published');
    cancellation.cancel();
    const result = await scan;
    assert.equal(result.cancelled, true);
    assert.ok(result.modules > 0 && result.modules < total, `${result.modules} of ${total} modules`);
    assert.equal(result.warnings, result.modules, 'one finding per module scanned');
    assert.equal(scannedModules(h), result.modules, 'what was published stays published');
    assertProgressShape(h.progress.get('scan-cancel'));
  });
});

test('a second scan cancels the first, and runs to the end', async () => {
  const total = 300;
  await withServer({ files: bigWorkspace(total) }, async (h) => {
    const first = h.scan('scan-a');
    await h.waitFor(() => scannedModules(h) >= 3, 'the first scan to be under way');
    const second = h.scan('scan-b');
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.cancelled, true);
    assert.ok(a.modules < total);
    assert.equal(b.cancelled, false);
    assert.equal(b.modules, total);
    assertProgressShape(h.progress.get('scan-a'));
    assertProgressShape(h.progress.get('scan-b'));
  });
});

test('typing stays responsive during a scan: an edit is linted and published before the scan ends', async () => {
  const total = 300;
  await withServer({ files: bigWorkspace(total), settings: { lintDelayMs: 0 } }, async (h) => {
    let scanDone = false;
    const scan = h.scan('scan-typing').then((result) => ((scanDone = true), result));
    await h.waitFor(() => scannedModules(h) >= 3, 'the scan to be under way');
    const mark = h.mark;
    h.open('m299/main.tf', LOCKED); // the last module the scan will reach
    const published = await h.publish('m299/main.tf', (p) => p.version === 1, mark);
    assert.equal(scanDone, false, 'published while the scan was still running');
    assert.deepEqual(published.diagnostics, []);
    const result = await scan;
    assert.equal(result.modules, total);
    // The scan left the open document to the editor's lint: its last word is still the buffer's.
    assert.deepEqual(h.lastPublish('m299/main.tf')?.diagnostics, []);
  });
});
