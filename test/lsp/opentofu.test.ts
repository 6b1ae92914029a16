// OpenTofu in the editor: a .tofu file is linted as a .tf file is, and a .tf file that a .tofu file of the
// same name replaces is not read, as OpenTofu does not read it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCKED, RULE, UNLOCKED, withServer } from './harness';

test('a .tofu file is linted as configuration', async () => {
  await withServer({ files: { 'main.tofu': UNLOCKED }, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('main.tofu');
    const published = await h.publish('main.tofu', (p) => p.version === 1);
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      [RULE],
    );
  });
});

test('the module is read as OpenTofu reads it: main.tofu replaces main.tf', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED, 'main.tofu': LOCKED }, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('main.tf');
    h.open('main.tofu');
    const published = await h.publish('main.tofu', (p) => p.version === 1);
    assert.deepEqual(published.diagnostics, [], 'main.tofu locks its state');
    // main.tf, open though OpenTofu does not load it, gets no finding of the module it is not part of.
    assert.deepEqual(h.lastPublish('main.tf')?.diagnostics ?? [], []);
  });
});
