// Files that are not configuration text get one finding that says what they are, never a flood of syntax
// errors, and files premortem cannot read are reported, never skipped. Modelled on HashiCorp's
// hclsyntax scanner tests (hcl/hclsyntax/scan_tokens_test.go: "Invalid character encoding") and
// Terraform's configs testdata (internal/configs/testdata/invalid-files); the inputs are ours.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { RULES } from '../../rules/index';
import { readFromDisk, readSourceFile } from '../../server/src/core/load-module';
import { parseFile } from '../../server/src/core/parse';
import { scan } from '../../server/src/core/scan';
import { writeWorkspace } from '../support/workspace';

const VALID = 'variable "region" {\n  default = "eu-west-1"\n}\n';
const workspaces: string[] = [];
after(() => workspaces.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Bytes as Node decodes a file read as UTF-8, which is what the CLI's reader does. */
const decoded = (bytes: Buffer): string => bytes.toString('utf8');

const NOT_TEXT: readonly { name: string; text: string; message: RegExp }[] = [
  { name: 'NUL bytes (binary)', text: decoded(Buffer.concat([Buffer.from(VALID), Buffer.from([0, 1, 2, 0])])), message: /binary/ },
  {
    name: 'a git-crypt header',
    text: decoded(Buffer.concat([Buffer.from('\0GITCRYPT\0'), Buffer.from([0x9c, 0x11, 0xfe, 0x00, 0x42])])),
    message: /encrypted with git-crypt/,
  },
  { name: 'a UTF-16LE byte-order mark', text: decoded(Buffer.from('\uFEFF' + VALID, 'utf16le')), message: /UTF-16/ },
  { name: 'a UTF-16BE byte-order mark', text: decoded(Buffer.from('\uFEFF' + VALID, 'utf16le').swap16()), message: /UTF-16/ },
];

for (const c of NOT_TEXT) {
  for (const name of ['main.tf', 'prod.tfvars', 'terragrunt.hcl', 'main.tf.json']) {
    test(`${c.name} in ${name}: exactly one not-text problem`, () => {
      const file = parseFile(`/test/${name}`, c.text);
      assert.equal(file.errors.length, 1);
      assert.equal(file.errors[0]!.kind, 'not-text');
      assert.match(file.errors[0]!.message, c.message);
      assert.deepEqual(file.errors[0]!.range.start, { line: 1, column: 1, offset: 0 });
      assert.deepEqual(file.body.items, []);
    });
  }
}

test('invalid UTF-8 on disk is one not-text problem; valid UTF-8 that holds U+FFFD itself is text', () => {
  const dir = writeWorkspace({}, 'premortem-utf8-');
  workspaces.push(dir);
  fs.writeFileSync(path.join(dir, 'latin1.tf'), Buffer.from('variable "caf\xe9" {}\n', 'latin1'));
  fs.writeFileSync(path.join(dir, 'replacement.tf'), 'variable "x" {\n  description = "shown as \uFFFD when undecodable"\n}\n');
  for (const name of ['latin1.tf']) {
    const file = readSourceFile(path.join(dir, name), readFromDisk)!;
    assert.deepEqual(
      file.errors.map((e) => [e.kind, e.message]),
      [['not-text', 'This file is not UTF-8 text (some bytes do not decode); Terraform reads only UTF-8, so save it as UTF-8.']],
    );
  }
  const text = readSourceFile(path.join(dir, 'replacement.tf'), readFromDisk)!;
  assert.deepEqual(text.errors, []);
  assert.equal(text.body.blocks.length, 1);
});

test('text with non-ASCII characters is text', () => {
  assert.deepEqual(parseFile('/test/main.tf', 'variable "x" {\n  description = "déploiement 🚀"\n}\n').errors, []);
});

test('a file the reader cannot read is one unreadable-file finding naming the reason; a vanished file is skipped', async () => {
  const dir = writeWorkspace({ 'main.tf': VALID, 'secret.tf': VALID, 'gone.tf': VALID }, 'premortem-unreadable-');
  workspaces.push(dir);
  // Root reads through chmod 000, so the failure comes through the reader seam, as from the disk.
  const reader = (file: string) => {
    if (file.endsWith('secret.tf')) return { unreadable: 'EACCES: permission denied' };
    if (file.endsWith('gone.tf')) return undefined;
    return fs.readFileSync(file, 'utf8');
  };
  const outcome = await scan({ paths: [dir], cwd: dir, rules: RULES, reader });
  const problems = outcome.findings.filter((f) => f.ruleId !== 'unused-suppression');
  assert.deepEqual(
    problems.map((f) => [f.ruleId, f.severity, path.basename(f.file)]),
    [['unreadable-file', 'error', 'secret.tf']],
  );
  assert.match(problems[0]!.message, /cannot read this file \(EACCES: permission denied\)/);
  assert.equal(readSourceFile(path.join(dir, 'gone.tf'), reader), undefined);
});

test('the disk reader turns an OS error into its reason, without the path', () => {
  const dir = writeWorkspace({ 'main.tf/.keep': '' }, 'premortem-unreadable-');
  workspaces.push(dir);
  // A directory named like a .tf file: opening works, reading fails with EISDIR whoever runs the test.
  const file = readSourceFile(path.join(dir, 'main.tf'), readFromDisk);
  assert.equal(file?.errors[0]?.kind, 'unreadable');
  assert.match(file!.errors[0]!.message, /\(EISDIR: illegal operation on a directory\)/);
  assert.doesNotMatch(file!.errors[0]!.message, new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});
