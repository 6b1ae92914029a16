// Nothing passes silently: a path without Terraform, a config naming a var file that is not there, files
// that are not text and files premortem may not read all stop the CLI or become findings. Runs dist/cli.js
// as CI does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { writeWorkspace } from '../support/workspace';

const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const VALID = 'variable "region" {\n  default = "eu-west-1"\n}\n';
const workspaces: string[] = [];
after(() => workspaces.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const dir = writeWorkspace(files, 'premortem-unchecked-');
  workspaces.push(dir);
  return dir;
}

function run(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const isRoot = process.getuid?.() === 0;

test('a path with no Terraform under it exits 2 with one line, unless --allow-empty', () => {
  const dir = workspace({ 'docs/README.md': '# nothing here\n', 'infra/main.tf': VALID });
  const empty = run(dir, 'scan', 'docs');
  assert.equal(empty.status, 2);
  assert.equal(empty.stderr, 'premortem: no Terraform files under "docs"; pass --allow-empty to accept that\n');
  assert.equal(empty.stdout, '');
  assert.equal(run(dir, 'scan', 'infra', 'docs').status, 2, 'each path must hold Terraform');
  const allowed = run(dir, 'scan', 'docs', '--allow-empty');
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.match(allowed.stdout, /No problems · 0 modules, 0 files/);
  assert.equal(run(dir, 'scan', 'infra').status, 0);
});

test('a config naming a var file by a literal path that does not exist exits 2 naming the key and the path', () => {
  const config = { environments: [{ modules: ['components/*'], varFiles: { prod: ['vars/prod/{module}.tfvars'], staging: ['vars/staging.tfvars'] } }] };
  const dir = workspace({ '.premortem.json': JSON.stringify(config), 'components/api/main.tf': VALID });
  const result = run(dir, 'scan');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /\.premortem\.json: environments\[0\]\.varFiles\.staging\[0\]: var file not found: vars\/staging\.tfvars\n$/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  fs.mkdirSync(path.join(dir, 'vars'));
  fs.writeFileSync(path.join(dir, 'vars', 'staging.tfvars'), 'region = "eu-west-2"\n');
  assert.equal(run(dir, 'scan').status, 0, 'the {module} template may match nothing for a module');
});

test('files that are not text are one non-text-file finding each, saying what they are', () => {
  const dir = workspace({ 'main.tf': VALID });
  fs.writeFileSync(path.join(dir, 'secrets.tf'), Buffer.concat([Buffer.from('\0GITCRYPT\0'), Buffer.from([0x9c, 0x11, 0xfe, 0x00, 0x42, 0x7b])]));
  fs.writeFileSync(path.join(dir, 'logo.tf'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x7b, 0x7b]));
  fs.writeFileSync(path.join(dir, 'windows.tfvars'), Buffer.from('\uFEFFregion = "eu-west-1"\n', 'utf16le'));
  fs.writeFileSync(path.join(dir, 'latin1.tfvars'), Buffer.from('owner = "Zoë"\n', 'latin1'));
  const result = run(dir, 'scan', '--format', 'json');
  assert.equal(result.status, 1, result.stderr);
  const findings = JSON.parse(result.stdout).findings.map((f: { ruleId: string; file: string; message: string }) => `${f.file} ${f.ruleId} ${f.message}`);
  assert.deepEqual(findings, [
    'latin1.tfvars non-text-file This file is not UTF-8 text (some bytes do not decode); Terraform reads only UTF-8, so save it as UTF-8.',
    'logo.tf non-text-file This file is binary (it holds NUL bytes), not configuration text.',
    'secrets.tf non-text-file This file is encrypted with git-crypt; unlock the repository (git-crypt unlock) to check it.',
    'windows.tfvars non-text-file This file is UTF-16 text; Terraform reads only UTF-8, so save it as UTF-8.',
  ]);
});

test(
  'an unreadable .tf file and an unreadable directory are unreadable-file errors naming the OS reason',
  { skip: isRoot && 'running as root, where chmod 000 does not stop reads (test/core/file-problems.test.ts covers the reader seam)' },
  () => {
    const dir = workspace({ 'main.tf': VALID, 'secret.tf': VALID, 'locked/main.tf': VALID });
    fs.chmodSync(path.join(dir, 'secret.tf'), 0o000);
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    try {
      const result = run(dir, 'scan', '--format', 'json');
      assert.equal(result.status, 1, result.stderr);
      const findings = JSON.parse(result.stdout).findings.map((f: { ruleId: string; file: string; message: string; severity: string }) => [
        f.file,
        f.ruleId,
        f.severity,
        /EACCES: permission denied/.test(f.message),
      ]);
      assert.deepEqual(findings, [
        ['locked', 'unreadable-file', 'error', true],
        ['secret.tf', 'unreadable-file', 'error', true],
      ]);
    } finally {
      fs.chmodSync(path.join(dir, 'secret.tf'), 0o644);
      fs.chmodSync(path.join(dir, 'locked'), 0o755);
    }
  },
);
