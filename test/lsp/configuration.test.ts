// The project config (.premortem.json, watched) and the editor settings (workspace/configuration) take
// effect without a restart; a broken config is reported and linting goes on with the defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCKED, RULE, UNLOCKED, withServer } from './harness';

test('a .premortem.json change re-lints: turning the rule off clears its diagnostics, on again brings them back', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.diagnostics.length === 1);
    let mark = h.mark;
    h.write('.premortem.json', JSON.stringify({ rules: { [RULE]: 'off' } }));
    h.filesChanged({ relative: '.premortem.json', type: 1 });
    await h.publish('main.tf', (p) => p.diagnostics.length === 0, mark);

    mark = h.mark;
    h.write('.premortem.json', JSON.stringify({ rules: { [RULE]: 'error' } }));
    h.filesChanged({ relative: '.premortem.json', type: 2 });
    const back = await h.publish('main.tf', () => true, mark);
    assert.equal(back.diagnostics.length, 1);
    assert.equal(back.diagnostics[0]!.severity, 1, 'the configured severity applies');
  });
});

test('an invalid config is reported once on the file, linting goes on with the defaults, and a fix withdraws it', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED, '.premortem.json': JSON.stringify({ rules: { [RULE]: 'off' } }) } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.diagnostics.length === 0);
    const mark = h.mark;
    h.write('.premortem.json', JSON.stringify({ rules: { 'aws-no-such-rule': 'off' } }));
    h.filesChanged({ relative: '.premortem.json', type: 2 });
    const problem = await h.publish('.premortem.json', (p) => p.diagnostics.length > 0, mark);
    assert.equal(problem.diagnostics[0]!.source, 'premortem');
    assert.equal(problem.diagnostics[0]!.range.start.line, 0);
    assert.match(problem.diagnostics[0]!.message, /rules\.aws-no-such-rule: unknown rule id/);
    // The defaults apply meanwhile: the rule is on again.
    await h.publish('main.tf', (p) => p.diagnostics.length === 1, mark);
    await h.waitFor(() => h.messages.some((m) => /unknown rule id/.test(m)), 'a message about the config');

    // Editing a document does not report the same problem again.
    const version = h.change('main.tf', UNLOCKED + '\n');
    await h.publish('main.tf', (p) => p.version === version, mark);
    assert.equal(h.messages.length, 1);
    assert.equal(h.publishesFor('.premortem.json').length, 1);

    const fixedMark = h.mark;
    h.write('.premortem.json', '{}');
    h.filesChanged({ relative: '.premortem.json', type: 2 });
    await h.publish('.premortem.json', (p) => p.diagnostics.length === 0, fixedMark);
    assert.ok((await h.hover('main.tf', 1, 4)) !== null, 'the server is alive and answering');
  });
});

test('a config file that is not JSON does not crash the server', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED, '.premortem.json': '{ "rules": ' } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.diagnostics.length === 1);
    const problem = await h.publish('.premortem.json', (p) => p.diagnostics.length > 0);
    assert.match(problem.diagnostics[0]!.message, /invalid JSON/);
  });
});

test('a watched change to a closed sibling re-lints the module', async () => {
  await withServer({ files: { 'main.tf': LOCKED, 'extra.tf': 'variable "x" {}\n' } }, async (h) => {
    h.open('main.tf');
    await h.publish('extra.tf');
    const mark = h.mark;
    h.write('extra.tf', `# premortem-ignore: ${RULE} -- stale\nvariable "x" {}\n`);
    h.filesChanged({ relative: 'extra.tf', type: 2 });
    const published = await h.publish('extra.tf', () => true, mark);
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['unused-suppression'],
    );
  });
});

test('run: onSave lints on open and on save, never while typing', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED }, settings: { run: 'onSave', lintDelayMs: 0 } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.version === 1 && p.diagnostics.length === 1);
    const mark = h.mark;
    const version = h.change('main.tf', LOCKED);
    await h.hover('main.tf', 1, 4); // a round trip: the change has been handled
    assert.equal(h.publishesFor('main.tf').filter((p) => p.seq > mark).length, 0, 'nothing published while typing');
    h.save('main.tf');
    const saved = await h.publish('main.tf', (p) => p.version === version, mark);
    assert.deepEqual(saved.diagnostics, []);
    assert.equal(h.publishesFor('main.tf').filter((p) => p.seq > mark).length, 1);
  });
});

test('settings changes apply without a restart: enable false clears, enable true lints again', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED, 'variables.tf': 'variable "x" {}\n' }, settings: { enable: true } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.diagnostics.length === 1);
    await h.waitFor(() => h.registrations.includes('workspace/didChangeConfiguration'), 'dynamic registration for configuration changes');

    let mark = h.mark;
    h.changeSettings({ enable: false });
    await h.publish('main.tf', (p) => p.diagnostics.length === 0, mark);
    // Edits while disabled publish nothing.
    const disabledMark = h.mark;
    h.change('main.tf', UNLOCKED + '\n');
    await h.hover('main.tf', 1, 4);
    assert.equal(h.publishesFor('main.tf').filter((p) => p.seq > disabledMark).length, 0);

    mark = h.mark;
    h.changeSettings({ enable: true, lintDelayMs: 'soon', run: 'sometimes' }); // malformed values take their defaults
    const back = await h.publish('main.tf', (p) => p.diagnostics.length === 1, mark);
    assert.equal(back.version, 2);
  });
});
