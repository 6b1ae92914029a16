// Rules written as data in the editor: the workspace folder's .premortem/rules files lint with the built-in
// rules, a broken one gets a diagnostic at its line and key while linting goes on with the others, and a
// change to a rule file (watched by the client) loads them again. A rule file is its own page.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULE, UNLOCKED, withServer } from './harness';

const RETENTION = fs.readFileSync(
  path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data-rules', 'issue-example', '.premortem', 'rules', 'payment-queue-retention.yaml'),
  'utf8',
);
const QUEUE = 'resource "aws_sqs_queue" "payments" {\n  name                      = "payments-events"\n  message_retention_seconds = 86400\n}\n';
const RULE_FILE = '.premortem/rules/retention.yaml';

test('a rule file lints in the editor; broken, it gets a diagnostic and the other rules go on; fixed, it lints again', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED + QUEUE, [RULE_FILE]: RETENTION } }, async (h) => {
    h.open('main.tf');
    const first = await h.publish('main.tf', (p) => p.diagnostics.length === 2);
    assert.deepEqual(first.diagnostics.map((d) => d.code).sort(), ['acme/payment-queue-retention', RULE]);
    const found = first.diagnostics.find((d) => d.code === 'acme/payment-queue-retention')!;
    assert.equal(found.range.start.line, 8);
    assert.match(found.message, /keeps messages for 86400 seconds/);
    assert.equal(found.codeDescription?.href, h.uri(RULE_FILE), 'a rule written as data is its own page, offline');
    const actions = await h.codeActions('main.tf', found.range, [found]);
    const docs = actions.find((a) => a.command?.command === 'premortem.showDocumentation');
    assert.deepEqual(docs?.command?.arguments, ['acme/payment-queue-retention', h.uri(RULE_FILE)], '"Show documentation" opens the rule file');

    let mark = h.mark;
    h.write(RULE_FILE, RETENTION.replace('    matches:', '    matchs:'));
    h.filesChanged({ relative: RULE_FILE, type: 2 });
    const problem = await h.publish(RULE_FILE, (p) => p.diagnostics.length > 0, mark);
    assert.deepEqual(
      problem.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.message]),
      [[9, 4, 'when[0].matchs: unknown key (did you mean "matches"?). premortem lints with the other rules until this is fixed.']],
    );
    const without = await h.publish('main.tf', (p) => p.diagnostics.length === 1, mark);
    assert.equal(without.diagnostics[0]!.code, RULE, 'the built-in rules still lint');

    mark = h.mark;
    h.write(RULE_FILE, RETENTION);
    h.filesChanged({ relative: RULE_FILE, type: 2 });
    await h.publish(RULE_FILE, (p) => p.diagnostics.length === 0, mark);
    await h.publish('main.tf', (p) => p.diagnostics.length === 2, mark);
  });
});

test('a rule file added while the editor runs is loaded, and .premortem.json may name its rule', async () => {
  await withServer({ files: { 'main.tf': QUEUE } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.diagnostics.length === 0);
    let mark = h.mark;
    h.write(RULE_FILE, RETENTION);
    h.filesChanged({ relative: RULE_FILE, type: 1 });
    await h.publish('main.tf', (p) => p.diagnostics.length === 1, mark);

    mark = h.mark;
    h.write('.premortem.json', JSON.stringify({ rules: { 'acme/payment-queue-retention': 'error' } }));
    h.filesChanged({ relative: '.premortem.json', type: 1 });
    const error = await h.publish('main.tf', (p) => p.diagnostics.length === 1 && p.diagnostics[0]!.severity === 1, mark);
    assert.equal(error.diagnostics[0]!.code, 'acme/payment-queue-retention');
    assert.equal(h.publishesFor('.premortem.json').filter((p) => p.diagnostics.length > 0).length, 0, 'the config names a known rule');
  });
});

test('each document gets the rule files whose folder holds it', async () => {
  await withServer(
    {
      files: {
        '.git/HEAD': 'ref: refs/heads/main\n',
        'teams/payments/.premortem/rules/retention.yaml': RETENTION,
        'teams/payments/main.tf': QUEUE,
        'teams/payments/api/main.tf': QUEUE,
        'teams/other/main.tf': QUEUE,
      },
    },
    async (h) => {
      const cases: [string, string[]][] = [
        ['teams/payments/main.tf', ['acme/payment-queue-retention']],
        ['teams/payments/api/main.tf', ['acme/payment-queue-retention']],
        ['teams/other/main.tf', []],
      ];
      for (const [file] of cases) h.open(file);
      for (const [file, codes] of cases) {
        const published = await h.publish(file, (p) => p.diagnostics.length === codes.length);
        assert.deepEqual(
          published.diagnostics.map((d) => d.code),
          codes,
          file,
        );
      }
    },
  );
});

test('an open rule file is checked as it is edited: a diagnostic while broken, none once fixed, unsaved', async () => {
  await withServer({ files: { 'main.tf': QUEUE, [RULE_FILE]: RETENTION }, settings: { lintDelayMs: 50 } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.diagnostics.length === 1);
    h.open(RULE_FILE);
    let mark = h.mark;
    // No save and no file event: the edit alone.
    h.change(RULE_FILE, RETENTION.replace('    matches:', '    matchs:'));
    const problem = await h.publish(RULE_FILE, (p) => p.diagnostics.length > 0, mark);
    assert.deepEqual(
      problem.diagnostics.map((d) => [d.range.start.line, d.message]),
      [[9, 'when[0].matchs: unknown key (did you mean "matches"?). premortem lints with the other rules until this is fixed.']],
    );
    await h.publish('main.tf', (p) => p.diagnostics.length === 0, mark);

    mark = h.mark;
    h.change(RULE_FILE, RETENTION.replace('"This payment queue', '"Unsaved: this payment queue'));
    await h.publish(RULE_FILE, (p) => p.diagnostics.length === 0, mark);
    // The unsaved rule runs.
    await h.publish('main.tf', (p) => p.diagnostics.length === 1 && p.diagnostics[0]!.message.startsWith('Unsaved: '), mark);
    assert.equal(fs.readFileSync(h.path(RULE_FILE), 'utf8'), RETENTION, 'nothing was saved');

    mark = h.mark;
    h.change(RULE_FILE, RETENTION);
    await h.publish('main.tf', (p) => p.diagnostics.length === 1 && p.diagnostics[0]!.message.startsWith('This '), mark);

    // Closed with unsaved edits: the disk's text counts again.
    mark = h.mark;
    h.change(RULE_FILE, RETENTION.replace('    matches:', '    matchs:'));
    await h.publish(RULE_FILE, (p) => p.diagnostics.length > 0, mark);
    await h.publish('main.tf', (p) => p.diagnostics.length === 0, mark);
    mark = h.mark;
    h.close(RULE_FILE);
    await h.publish(RULE_FILE, (p) => p.diagnostics.length === 0, mark);
    await h.publish('main.tf', (p) => p.diagnostics.length === 1, mark);
  });
});

test("a nested rule file that takes an outer one's id gets a diagnostic naming and pointing to the other", async () => {
  const nested = 'teams/payments/.premortem/rules/copy.yaml';
  await withServer(
    { files: { '.git/HEAD': 'ref: refs/heads/main\n', [RULE_FILE]: RETENTION, [nested]: RETENTION, 'teams/payments/main.tf': QUEUE } },
    async (h) => {
      const problem = await h.publish(nested, (p) => p.diagnostics.length > 0);
      assert.deepEqual(
        problem.diagnostics.map((d) => [d.message, d.relatedInformation?.map((r) => r.location.uri)]),
        [
          [
            `id: "acme/payment-queue-retention" is already the id of the rule in ${path.join(RULE_FILE)}; give this rule its own id. premortem lints with the other rules until this is fixed.`,
            [h.uri(RULE_FILE)],
          ],
        ],
      );
      // The outer rule still reports on the module, once.
      h.open('teams/payments/main.tf');
      const published = await h.publish('teams/payments/main.tf', (p) => p.diagnostics.length === 1);
      assert.equal(published.diagnostics[0]!.code, 'acme/payment-queue-retention');
    },
  );
});
