// When the server lints: at once on open, after a pause while typing, never with a stale result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatedResources, LOCKED, UNLOCKED, withServer } from './harness';

test('five rapid edits lead to exactly one publish, for the last version', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED }, settings: { lintDelayMs: 100 } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.version === 1);
    const mark = h.mark;
    let last = 1;
    for (let i = 0; i < 5; i++) last = h.change('main.tf', i % 2 === 0 ? LOCKED : UNLOCKED + `# edit ${i}\n`);
    const final = await h.publish('main.tf', (p) => p.version === last, mark);
    assert.equal(final.diagnostics.length, 0, 'the last text is locked');
    assert.deepEqual(
      h
        .publishesFor('main.tf')
        .filter((p) => p.seq > mark)
        .map((p) => p.version),
      [last],
      'one publish, for the last version only',
    );
  });
});

test('with lintDelayMs 0 a change is linted at once', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED }, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.version === 1);
    for (const [text, count] of [
      [LOCKED, 0],
      [UNLOCKED, 1],
      [LOCKED, 0],
    ] as const) {
      const mark = h.mark;
      const started = performance.now();
      const version = h.change('main.tf', text);
      const published = await h.publish('main.tf', (p) => p.version === version, mark);
      const elapsed = performance.now() - started;
      assert.equal(published.diagnostics.length, count);
      // The default delay is 250 ms; a one-file module lints in a few.
      assert.ok(elapsed < 200, `published after ${elapsed.toFixed(0)} ms`);
    }
  });
});

test('an edit during a lint publishes nothing stale', async () => {
  // A large module whose files all changed on disk: the next lint parses them all, yielding between
  // files, and the second edit lands while it does.
  const files: Record<string, string> = { 'main.tf': UNLOCKED };
  const parts = Array.from({ length: 40 }, (_, i) => `part${String(i).padStart(2, '0')}.tf`);
  parts.forEach((part, i) => (files[part] = generatedResources(i, 150)));
  await withServer({ files, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.version === 1, 0, 30_000);
    await h.publish(parts[parts.length - 1]!); // the last file the first lint publishes for
    parts.forEach((part, i) => h.write(part, generatedResources(i + 100, 150)));
    const mark = h.mark;
    h.change('main.tf', LOCKED + '# slow lint\n'); // starts a lint that must parse 40 files
    const last = h.change('main.tf', LOCKED);
    const published = await h.publish('main.tf', (p) => p.version === last, mark, 30_000);
    assert.equal(published.diagnostics.length, 0);
    assert.deepEqual(
      h
        .publishesFor('main.tf')
        .filter((p) => p.seq > mark)
        .map((p) => p.version),
      [last],
      'the lint of the overtaken version was dropped',
    );
    // The siblings' lists did not change (neither lint found anything in them), so neither lint sent them again.
    assert.equal(h.publishesFor('part00.tf').filter((p) => p.seq > mark).length, 0);
  });
});

test('a change in onType mode with the default delay still ends in a publish of the current version', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.version === 1);
    const mark = h.mark;
    const version = h.change('main.tf', LOCKED);
    const published = await h.publish('main.tf', (p) => p.version === version, mark);
    assert.deepEqual(published.diagnostics, []);
  });
});
