// Opening a document publishes its module's diagnostics, with every field an editor shows or uses.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node';
import type { Range } from '../../rules/api';
import type { Finding } from '../../server/src/core/finding';
import { toDiagnostic, toLspRange } from '../../server/src/lsp/diagnostics';
import { LOCKED, RULE, UNLOCKED, withServer } from './harness';

const DOC_URL = `https://github.com/premortem-dev/premortem/blob/main/rules/${RULE}.md`;

test('an opened document gets its diagnostics: source, code, doc link, severity, data, 0-based range', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED } }, async (h) => {
    h.open('main.tf');
    const published = await h.publish('main.tf');
    assert.equal(published.version, 1);
    assert.equal(published.diagnostics.length, 1);
    const [d] = published.diagnostics;
    assert.equal(d!.source, 'premortem');
    assert.equal(d!.code, RULE);
    assert.equal(d!.codeDescription?.href, DOC_URL);
    assert.equal(d!.severity, DiagnosticSeverity.Warning);
    assert.match(d!.message, /does not lock the state/);
    // `backend "s3"` on the second line, after two spaces of indentation.
    assert.deepEqual(d!.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 14 } });
    assert.deepEqual(d!.data, { ruleId: RULE, findingId: '0', version: 1 });
    assert.equal(d!.tags, undefined);
    assert.equal(d!.relatedInformation, undefined);
  });
});

test('columns count UTF-16 code units on a line with non-ASCII text before the finding', async () => {
  const line = '  /* déploiement 🚀 */ backend "s3" {';
  const text = `terraform {\n${line}\n    bucket = "b"\n    key    = "k"\n  }\n}\n`;
  await withServer({ files: { 'main.tf': text } }, async (h) => {
    h.open('main.tf');
    const published = await h.publish('main.tf');
    assert.equal(published.diagnostics.length, 1);
    const start = line.indexOf('backend'); // a JavaScript index is a UTF-16 offset, which is what LSP counts
    assert.deepEqual(published.diagnostics[0]!.range, { start: { line: 1, character: start }, end: { line: 1, character: start + 'backend "s3"'.length } });
  });
});

test('a suppression that silences nothing is tagged Unnecessary, at Information severity', async () => {
  const text = `# premortem-ignore: ${RULE} -- locked below\n${LOCKED}`;
  await withServer({ files: { 'main.tf': text } }, async (h) => {
    h.open('main.tf');
    const published = await h.publish('main.tf');
    assert.equal(published.diagnostics.length, 1);
    const [d] = published.diagnostics;
    assert.equal(d!.code, 'unused-suppression');
    assert.equal(d!.severity, DiagnosticSeverity.Information);
    assert.deepEqual(d!.tags, [DiagnosticTag.Unnecessary]);
    assert.deepEqual(d!.range.start, { line: 0, character: 0 });
  });
});

test('syntax errors are published as syntax-error errors, for .tf and for a .tfvars without configuration', async () => {
  await withServer({ files: { 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = \n', 'vars/prod.tfvars': 'region = "eu-west-1\n' } }, async (h) => {
    h.open('main.tf');
    const tf = await h.publish('main.tf');
    assert.ok(tf.diagnostics.length >= 1);
    assert.ok(tf.diagnostics.every((d) => d.code === 'syntax-error' && d.severity === DiagnosticSeverity.Error));
    h.open('vars/prod.tfvars');
    const tfvars = await h.publish('vars/prod.tfvars');
    assert.ok(tfvars.diagnostics.length >= 1);
    assert.equal(tfvars.diagnostics[0]!.code, 'syntax-error');
  });
});

test('a module of several files: every file is published, a fixed file gets an empty list, closing clears them', async () => {
  const variables = `# premortem-ignore: ${RULE} -- nothing to silence\nvariable "region" {\n  type = string\n}\n`;
  await withServer({ files: { 'main.tf': UNLOCKED, 'variables.tf': variables, 'other/main.tf': UNLOCKED } }, async (h) => {
    h.open('main.tf');
    const main = await h.publish('main.tf');
    assert.equal(main.diagnostics.length, 1);
    const sibling = await h.publish('variables.tf');
    assert.equal(sibling.version, undefined, 'a closed file carries no version');
    assert.deepEqual(
      sibling.diagnostics.map((d) => d.code),
      ['unused-suppression'],
    );
    assert.equal(h.publishesFor('other/main.tf').length, 0, 'another directory is another module');

    const mark = h.mark;
    const version = h.change('main.tf', LOCKED);
    const fixed = await h.publish('main.tf', (p) => p.version === version, mark);
    assert.deepEqual(fixed.diagnostics, []);
    // A closed file whose diagnostics did not change is not sent again: it still shows the last list.
    assert.equal(h.publishesFor('variables.tf').filter((p) => p.seq > mark).length, 0);
    assert.equal(h.lastPublish('variables.tf')!.diagnostics.length, 1);

    const beforeClose = h.mark;
    h.close('main.tf');
    await h.publish('variables.tf', (p) => p.diagnostics.length === 0, beforeClose);
  });
});

test('relatedInformation carries the other location as a URI and an LSP range', () => {
  const range = (line: number, column: number, length: number): Range => ({
    start: { line, column, offset: 0 },
    end: { line, column: column + length, offset: 0 },
  });
  const finding: Finding = {
    ruleId: 'aws-example',
    severity: 'error',
    message: 'm',
    messageId: 'm',
    file: '/w/main.tf',
    range: range(3, 5, 4),
    related: [{ file: '/w/lb.tf', range: range(10, 1, 8), message: 'the listener' }],
  };
  const diagnostic = toDiagnostic(finding, '7', 3, (file) => `file://${file}`);
  assert.deepEqual(diagnostic.relatedInformation, [
    { location: { uri: 'file:///w/lb.tf', range: { start: { line: 9, character: 0 }, end: { line: 9, character: 8 } } }, message: 'the listener' },
  ]);
  assert.deepEqual(diagnostic.range, toLspRange(finding.range));
  assert.deepEqual(diagnostic.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } });
  assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
  assert.deepEqual(diagnostic.data, { ruleId: 'aws-example', findingId: '7', version: 3 });
});

test('a document that is not text (git-crypt, NUL bytes) gets one non-text-file error, not a flood of syntax errors', async () => {
  const encrypted = '\0GITCRYPT\0\u0012}{"\0\u0007resource {{{\n'.repeat(20);
  await withServer({ files: { 'main.tf': encrypted, 'other.tf': 'variable "x" {}\n\0\0\0 {{{\n' } }, async (h) => {
    h.open('main.tf');
    const published = await h.publish('main.tf');
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity]),
      [['non-text-file', DiagnosticSeverity.Error]],
    );
    assert.match(published.diagnostics[0]!.message, /encrypted with git-crypt/);
    h.open('other.tf');
    const other = await h.publish('other.tf');
    assert.deepEqual(
      other.diagnostics.map((d) => d.code),
      ['non-text-file'],
    );
    assert.match(other.diagnostics[0]!.message, /binary/);
  });
});

test('a link inside the workspace folder is linted with its module; a link out of it is not read', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.tf'), 'password = "hunter2" {\n');
  try {
    await withServer({ files: { 'main.tf': UNLOCKED, 'shared/providers.tf': 'provider "aws" {\n' } }, async (h) => {
      fs.symlinkSync(path.join(h.dir, 'shared', 'providers.tf'), path.join(h.dir, 'providers.tf'));
      fs.symlinkSync(path.join(outside, 'secret.tf'), path.join(h.dir, 'passwd.tf'));
      h.open('main.tf');
      await h.publish('main.tf');
      const linked = await h.publish('providers.tf');
      assert.deepEqual(
        linked.diagnostics.map((d) => d.code),
        ['syntax-error'],
        'the link inside the workspace is read',
      );
      assert.equal(h.publishesFor('passwd.tf').length, 0, 'the link out of the workspace is never read');
    });
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('rules about plan actions never run in the editor, and their suppressions are not unused there', async () => {
  const text = [
    '# premortem-ignore: aws-plan-destroys-stateful-data -- the zone moved to another account',
    'removed {',
    '  from = aws_route53_zone.internal',
    '  lifecycle {',
    '    destroy = true',
    '  }',
    '}',
    '',
  ].join('\n');
  await withServer({ files: { 'main.tf': text } }, async (h) => {
    h.open('main.tf');
    const published = await h.publish('main.tf');
    assert.deepEqual(published.diagnostics, []);
  });
});
