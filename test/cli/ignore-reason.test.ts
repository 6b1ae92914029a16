// ignore-without-reason through the CLI: a suppression without a reason, or with the editor's `<reason>`
// placeholder, is reported at info (it still suppresses); --require-ignore-reason makes it an error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { writeWorkspace } from '../support/workspace';

const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const workspaces: string[] = [];
after(() => workspaces.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const UNLOCKED = 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod.tfstate"\n  }\n}\n';
const suppressed = (comment: string): string => UNLOCKED.replace('  backend "s3" {', `  ${comment}\n  backend "s3" {`);

interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly range: { readonly start: { readonly line: number } };
}

function scan(files: Record<string, string>, ...args: string[]): { status: number | null; findings: JsonFinding[] } {
  const dir = writeWorkspace(files, 'premortem-ignore-reason-');
  workspaces.push(dir);
  const result = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, findings: JSON.parse(result.stdout).findings };
}

const cases: { name: string; comment: string; messageId?: RegExp }[] = [
  { name: 'no reason at all', comment: '# premortem-ignore: terraform-s3-backend-without-locking', messageId: /gives no reason/ },
  { name: 'an empty reason', comment: '# premortem-ignore: terraform-s3-backend-without-locking --', messageId: /gives no reason/ },
  { name: 'the placeholder', comment: '# premortem-ignore: terraform-s3-backend-without-locking -- <reason>', messageId: /"<reason>" placeholder/ },
  { name: 'a whole-file suppression without a reason', comment: '# premortem-ignore-file: terraform-s3-backend-without-locking', messageId: /gives no reason/ },
  { name: 'a real reason', comment: '# premortem-ignore: terraform-s3-backend-without-locking -- one serialized deploy job' },
  {
    name: 'a reason that mentions <reason> among other words',
    comment: '# premortem-ignore: terraform-s3-backend-without-locking -- <reason> is the lock table, see ADR 7',
  },
];

for (const { name, comment, messageId } of cases) {
  test(`a suppression with ${name} ${messageId ? 'is reported at info' : 'is not reported'}, and suppresses either way`, () => {
    const { status, findings } = scan({ 'backend.tf': suppressed(comment) });
    assert.equal(status, 0);
    assert.equal(
      findings.find((f) => f.ruleId === 'terraform-s3-backend-without-locking'),
      undefined,
      'the finding is suppressed',
    );
    const reported = findings.filter((f) => f.ruleId === 'ignore-without-reason');
    if (!messageId) {
      assert.deepEqual(reported, []);
      return;
    }
    assert.equal(reported.length, 1);
    assert.equal(reported[0]!.severity, 'info');
    assert.equal(reported[0]!.range.start.line, 2, 'on the comment');
    assert.match(reported[0]!.message, messageId);
  });
}

test('--require-ignore-reason makes a suppression without a reason an error that fails the scan', () => {
  const files = { 'backend.tf': suppressed('# premortem-ignore: terraform-s3-backend-without-locking -- <reason>') };
  const strict = scan(files, '--require-ignore-reason');
  assert.equal(strict.status, 1);
  assert.deepEqual(
    strict.findings.map((f) => [f.ruleId, f.severity]),
    [['ignore-without-reason', 'error']],
  );
  const reasoned = scan({ 'backend.tf': suppressed('# premortem-ignore: terraform-s3-backend-without-locking -- one deploy job') }, '--require-ignore-reason');
  assert.equal(reasoned.status, 0);
  assert.deepEqual(reasoned.findings, []);
});

test('the config can raise it, or turn it off', () => {
  const comment = suppressed('# premortem-ignore: terraform-s3-backend-without-locking');
  const raised = scan({ 'backend.tf': comment, '.premortem.json': '{ "rules": { "ignore-without-reason": "error" } }' });
  assert.equal(raised.status, 1);
  assert.deepEqual(
    raised.findings.map((f) => [f.ruleId, f.severity]),
    [['ignore-without-reason', 'error']],
  );
  const off = scan({ 'backend.tf': comment, '.premortem.json': '{ "rules": { "ignore-without-reason": "off" } }' });
  assert.deepEqual(off.findings, []);
});

test("a suppression that names no rule is unused-suppression's alone", () => {
  const { findings } = scan({ 'backend.tf': suppressed('# premortem-ignore:') });
  assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['terraform-s3-backend-without-locking', 'unused-suppression']);
});

test('--help explains --require-ignore-reason', () => {
  const result = spawnSync(process.execPath, [CLI, 'scan', '--help'], { encoding: 'utf8' });
  assert.match(result.stdout, /--require-ignore-reason +Report a premortem-ignore comment without a reason/);
});
