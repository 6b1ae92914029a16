// Code actions and hovers: a quick fix applied as the editor applies it makes the finding go away; so
// does "Ignore … here"; "Show documentation" carries the rule id and web URL; fix-all never applies suggestions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver/node';
import type { Range } from '../../rules/api';
import type { Finding } from '../../server/src/core/finding';
import { codeActions, FIX_ALL_KIND } from '../../server/src/lsp/code-actions';
import { LOCKED, RULE, UNLOCKED, withServer, type Harness } from './harness';

async function firstDiagnostic(h: Harness, file: string): Promise<Diagnostic> {
  const published = await h.publish(file, (p) => p.version === h.version(file) && p.diagnostics.length > 0);
  return published.diagnostics[0]!;
}

test('quick fixes come in order: suggestion (preferred, versioned edit), ignore, documentation', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED } }, async (h) => {
    h.open('main.tf');
    const diagnostic = await firstDiagnostic(h, 'main.tf');
    const actions = await h.codeActions('main.tf', diagnostic.range, [diagnostic]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Add use_lockfile = true.', 'quickfix', true],
        [`Ignore ${RULE} here`, 'quickfix', false],
        [`Show documentation for ${RULE}`, 'quickfix', false],
      ],
    );
    const change = actions[0]!.edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri: h.uri('main.tf'), version: 1 });
    assert.deepEqual(
      actions[0]!.diagnostics?.map((d) => d.code),
      [RULE],
    );
    assert.deepEqual(actions[2]!.command, {
      title: `Show documentation for ${RULE}`,
      command: 'premortem.showDocumentation',
      arguments: [RULE, `https://github.com/premortem-dev/premortem/blob/main/rules/${RULE}.md`],
    });

    // Applied as the editor applies it, the suggestion removes the finding.
    const mark = h.mark;
    const version = h.applyEdit('main.tf', actions[0]!.edit!);
    assert.match(h.text('main.tf'), /use_lockfile = true/);
    const after = await h.publish('main.tf', (p) => p.version === version, mark);
    assert.deepEqual(after.diagnostics, []);
  });
});

test('code actions answer for the current version even before the new lint was published', async () => {
  await withServer({ files: { 'main.tf': LOCKED }, settings: { run: 'onSave' } }, async (h) => {
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.version === 1);
    // In onSave mode nothing is published for version 2, but its finding is there to act on.
    const version = h.change('main.tf', UNLOCKED);
    const range = { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } };
    const actions = await h.codeActions('main.tf', range);
    assert.equal(actions[0]?.title, 'Add use_lockfile = true.');
    assert.equal((actions[0]!.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version, version);
    assert.equal(h.publishesFor('main.tf').filter((p) => p.version === version).length, 0);
  });
});

test('"Ignore … here" inserts the comment above the block at its indentation, and the finding goes away', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED } }, async (h) => {
    h.open('main.tf');
    const diagnostic = await firstDiagnostic(h, 'main.tf');
    const actions = await h.codeActions('main.tf', diagnostic.range, [diagnostic]);
    const ignore = actions.find((a) => a.title === `Ignore ${RULE} here`)!;
    const mark = h.mark;
    const version = h.applyEdit('main.tf', ignore.edit!);
    assert.equal(h.text('main.tf').split('\n')[1], `  # premortem-ignore: ${RULE} -- <reason>`);
    assert.equal(h.text('main.tf').split('\n')[2], '  backend "s3" {');
    // The client runs the action's command after the edit: it selects the placeholder for the user to type over.
    const reason = {
      start: { line: 1, character: `  # premortem-ignore: ${RULE} -- `.length },
      end: { line: 1, character: `  # premortem-ignore: ${RULE} -- <reason>`.length },
    };
    assert.deepEqual(ignore.command, { title: 'Select the reason', command: 'premortem.selectRange', arguments: [h.uri('main.tf'), reason] });
    const after = await h.publish('main.tf', (p) => p.version === version, mark);
    assert.deepEqual(
      after.diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
      [['ignore-without-reason', 3, 1]],
      'suppressed, and the suppression is used; only the placeholder left as the reason is reported, at info',
    );
    const typed = h.change('main.tf', h.text('main.tf').replace('<reason>', 'one deploy job'));
    assert.deepEqual((await h.publish('main.tf', (p) => p.version === typed, mark)).diagnostics, [], 'a real reason clears it');
  });
});

test('"Ignore … here" extends a premortem-ignore comment already above the block', async () => {
  const text = UNLOCKED.replace('  backend', '  # premortem-ignore: syntax-error -- generated\n  backend');
  await withServer({ files: { 'main.tf': text } }, async (h) => {
    h.open('main.tf');
    const diagnostic = await firstDiagnostic(h, 'main.tf');
    const actions = await h.codeActions('main.tf', diagnostic.range, [diagnostic]);
    const ignore = actions.find((a) => a.title === `Ignore ${RULE} here`)!;
    const mark = h.mark;
    const version = h.applyEdit('main.tf', ignore.edit!);
    assert.equal(h.text('main.tf').split('\n')[1], `  # premortem-ignore: syntax-error, ${RULE} -- generated`);
    assert.equal(ignore.command, undefined, 'no placeholder to select: the comment has its reason');
    const after = await h.publish('main.tf', (p) => p.version === version, mark);
    assert.deepEqual(after.diagnostics, []);
  });
});

test('a quick fix on an argument: the ignore comment goes above the argument', async () => {
  const text = 'terraform {\n  backend "s3" {\n    bucket       = "b"\n    key          = "k"\n    use_lockfile = false\n  }\n}\n';
  await withServer({ files: { 'main.tf': text } }, async (h) => {
    h.open('main.tf');
    const diagnostic = await firstDiagnostic(h, 'main.tf');
    assert.deepEqual(diagnostic.range, { start: { line: 4, character: 19 }, end: { line: 4, character: 24 } });
    const actions = await h.codeActions('main.tf', { start: diagnostic.range.start, end: diagnostic.range.start });
    const ignore = actions.find((a) => a.title === `Ignore ${RULE} here`)!;
    const mark = h.mark;
    const version = h.applyEdit('main.tf', ignore.edit!);
    assert.equal(h.text('main.tf').split('\n')[4], `    # premortem-ignore: ${RULE} -- <reason>`);
    assert.deepEqual(
      (await h.publish('main.tf', (p) => p.version === version, mark)).diagnostics.map((d) => d.code),
      ['ignore-without-reason'],
    );
  });
});

test('source.fixAll.premortem never applies suggestions; the light bulb gets no fix-all', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED } }, async (h) => {
    h.open('main.tf');
    const diagnostic = await firstDiagnostic(h, 'main.tf');
    const whole = { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } };
    assert.deepEqual(await h.codeActions('main.tf', whole, [], [FIX_ALL_KIND]), [], 'the only finding has a suggestion, not a fix');
    assert.deepEqual(await h.codeActions('main.tf', whole, [], ['source.fixAll']), []);
    const quickFixes = await h.codeActions('main.tf', diagnostic.range, [diagnostic], ['quickfix']);
    assert.ok(quickFixes.length === 3 && quickFixes.every((a) => a.kind === 'quickfix'));
  });
});

test('hover over a finding explains it in markdown, naming the incident, the fix and the doc', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED } }, async (h) => {
    h.open('main.tf');
    await firstDiagnostic(h, 'main.tf');
    const hover = await h.hover('main.tf', 1, 5);
    assert.equal(hover?.contents.kind, 'markdown');
    const text = hover!.contents.value;
    assert.match(text, /AWS us-east-1, October 2025: uncoordinated writers/);
    assert.match(text, /\*\*Fix:\*\* Add use\\_lockfile = true\./);
    assert.ok(text.includes(`rules/${RULE}.md`));
    const diagnostic = await firstDiagnostic(h, 'main.tf');
    assert.ok(!text.includes(diagnostic.message.slice(0, 40)), "the diagnostic's own message, which the editor shows above, is not repeated");
    assert.equal(await h.hover('main.tf', 0, 0), null, 'nothing to say outside a finding');
  });
});

// The rules shipped today offer suggestions only; fix-all's selection is checked on findings made here.
test("fix-all takes each finding's fix (skipping colliding ones) and no suggestion", () => {
  const at = (offset: number, length = 0): Range => ({
    start: { line: 1, column: offset + 1, offset },
    end: { line: 1, column: offset + length + 1, offset: offset + length },
  });
  const base = { severity: 'info', messageId: 'm', message: 'm', file: '/w/main.tf' } as const;
  const findings: Finding[] = [
    { ...base, ruleId: 'a', range: at(0, 3), fix: [{ file: '/w/main.tf', range: at(0, 3), newText: 'AAA' }] },
    { ...base, ruleId: 'b', range: at(1, 1), fix: [{ file: '/w/main.tf', range: at(1, 1), newText: 'collides' }] },
    {
      ...base,
      ruleId: 'c',
      range: at(5, 1),
      suggestions: [{ messageId: 's', message: 'Suggest', edits: [{ file: '/w/main.tf', range: at(5, 1), newText: 'S' }] }],
    },
    { ...base, ruleId: 'd', range: at(8, 1), fix: [{ file: '/w/main.tf', range: at(8, 1), newText: 'D' }] },
  ];
  const request = {
    uri: 'file:///w/main.tf',
    file: '/w/main.tf',
    version: 4,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    diagnostics: [],
    findings,
    source: undefined,
    uriOf: (f: string) => `file://${f}`,
    versionOf: () => null,
    documentChanges: true,
  };
  const [fixAll, ...rest] = codeActions({ ...request, only: ['source.fixAll'] }) as CodeAction[];
  assert.equal(rest.length, 0);
  assert.equal(fixAll!.kind, 'source.fixAll.premortem');
  const change = fixAll!.edit!.documentChanges![0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri: 'file:///w/main.tf', version: 4 });
  assert.deepEqual(
    change.edits.map((e) => e.newText),
    ['AAA', 'D'],
  );
  assert.equal(
    codeActions({ ...request, only: ['quickfix'] }).some((a) => a.kind === FIX_ALL_KIND),
    false,
  );
});
