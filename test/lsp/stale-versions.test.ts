// Under load the server never spends time on a version that is already stale, and never goes back to an
// older one: a burst of edits is parsed and linted once, for its last version, and a change whose version
// goes backwards is dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCKED, UNLOCKED, withServer } from './harness';

/** The versions of `file` the server parsed, from its trace ("Parsed /…/main.tf (version 7) in 1 ms"). */
function parsedVersions(traces: readonly string[], file: string): number[] {
  const prefix = `Parsed ${file} (version `;
  return traces.filter((t) => t.startsWith(prefix)).map((t) => Number(t.slice(prefix.length).split(')')[0]));
}

test('a burst of edits with lintDelayMs 0 parses and publishes only its last version', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED }, settings: { lintDelayMs: 0 } }, async (h) => {
    h.trace('messages');
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.version === 1);
    assert.deepEqual(parsedVersions(h.traces, h.path('main.tf')), [1], 'the trace names each parse with its version');
    const mark = h.mark;
    const traced = h.traces.length;
    const texts = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? LOCKED : UNLOCKED) + `# edit ${i}\n`);
    const last = h.changeBurst('main.tf', texts);
    const published = await h.publish('main.tf', (p) => p.version === last, mark);
    assert.equal(published.diagnostics.length, 1, 'the last text is the unlocked backend');
    assert.deepEqual(
      h
        .publishesFor('main.tf')
        .filter((p) => p.seq > mark)
        .map((p) => p.version),
      [last],
    );
    assert.deepEqual(parsedVersions(h.traces.slice(traced), h.path('main.tf')), [last], 'no overtaken version was parsed');
    assert.equal(h.traces.slice(traced).filter((t) => t.startsWith(`Linted ${h.dir} `)).length, 1, 'one lint ran to its end');
  });
});

test('a change whose version goes backwards is ignored', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED }, settings: { lintDelayMs: 0 } }, async (h) => {
    const uri = h.uri('main.tf');
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.version === 1);
    void h.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: LOCKED }] });
    await h.publish('main.tf', (p) => p.version === 5 && p.diagnostics.length === 0);
    const mark = h.mark;
    // An older version with the unlocked text: dropped, so the text stays LOCKED.
    void h.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: UNLOCKED }] });
    void h.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: UNLOCKED }] });
    // A newer incremental change applies to what version 5 was: a comment after the last line.
    const end = { line: LOCKED.split('\n').length - 1, character: 0 };
    void h.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 6 },
      contentChanges: [{ range: { start: end, end }, text: '# reviewed\n' }],
    });
    const published = await h.publish('main.tf', (p) => p.version === 6, mark);
    assert.deepEqual(published.diagnostics, [], 'the backend is still locked: the older change was not applied');
    assert.deepEqual(
      h
        .publishesFor('main.tf')
        .filter((p) => p.seq > mark)
        .map((p) => p.version),
      [6],
      'nothing was published for the dropped changes',
    );
    await h.waitFor(() => h.logs.filter((l) => l.includes('Ignored a change')).length === 2, 'a log line per dropped change');
    assert.match(
      h.logs.find((l) => l.includes('Ignored a change'))!,
      /version 3: the document is at version 5/,
    );
    const hover = await h.hover('main.tf', 1, 3);
    assert.equal(hover, null, 'no finding at the backend: the text is the locked one');
  });
});
