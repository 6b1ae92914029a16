// Where the report goes, when that fails: a full disk, a reader that stopped early, and --output paths
// that cannot or must not take the report. Runs dist/cli.js as CI does, and checks exit codes and stderr.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { writeWorkspace } from '../support/workspace';

const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const UNLOCKED = 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod.tfstate"\n  }\n}\n';
const workspaces: string[] = [];
after(() => workspaces.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const dir = writeWorkspace(files, 'premortem-output-');
  workspaces.push(dir);
  return dir;
}

function run(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertOneLine(stderr: string): void {
  assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /, 'no internal error, no stack trace');
}

test('a full disk on standard output is one line on stderr and exit 2', { skip: !fs.existsSync('/dev/full') && 'no /dev/full here' }, () => {
  const dir = workspace({ 'backend.tf': UNLOCKED });
  const full = fs.openSync('/dev/full', 'w');
  try {
    const result = spawnSync(process.execPath, [CLI, 'scan'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^premortem: cannot write the report: ENOSPC/);
    assertOneLine(result.stderr);
  } finally {
    fs.closeSync(full);
  }
});

test("a reader that closes the pipe early (| head) stops the CLI quietly with the findings' exit code", async () => {
  const dir = workspace({ 'backend.tf': UNLOCKED });
  const child = spawn(process.execPath, [CLI, 'scan'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  // Closed before the scan writes anything, so its write meets EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(status, 1, stderr);
  assert.equal(stderr, '');
});

test('--output over a Terraform file, or over a file the scan reads, is refused before scanning and leaves it untouched', () => {
  const dir = workspace({ 'backend.tf': UNLOCKED, 'prod.tfvars': 'x = 1\n', 'terragrunt.hcl': '', 'ci.vars': 'x = 2\n' });
  for (const target of ['backend.tf', 'prod.tfvars', 'terragrunt.hcl', 'report.tf.json', 'report.tofu', 'ci.vars']) {
    const before = fs.existsSync(path.join(dir, target)) ? fs.readFileSync(path.join(dir, target), 'utf8') : undefined;
    const result = run(dir, 'scan', '--var-file', 'ci.vars', '--output', target);
    assert.equal(result.status, 2, target);
    assert.match(result.stderr, new RegExp(`^premortem: --output ${target.replace('.', '\\.')}: refusing to write the report over`));
    assertOneLine(result.stderr);
    const after = fs.existsSync(path.join(dir, target)) ? fs.readFileSync(path.join(dir, target), 'utf8') : undefined;
    assert.equal(after, before, `${target} untouched`);
  }
});

test('--output onto a directory or under a file is a usage error for every command; a missing folder is made', () => {
  const dir = workspace({ 'main.tf': 'variable "x" {}\n', 'notes.txt': '', 'reports/.keep': '', 'plan.json': '{}' });
  const commands = [['scan'], ['drift'], ['blast-radius', '--plan', 'plan.json']];
  for (const command of commands) {
    for (const [target, pattern] of [
      ['reports', /--output reports is a directory; name a file/],
      ['notes.txt/report.txt', /--output notes\.txt\/report\.txt: notes\.txt is not a directory/],
    ] as const) {
      const result = run(dir, ...command, '--output', target);
      assert.equal(result.status, 2, `${command[0]} --output ${target}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
      assertOneLine(result.stderr);
    }
  }
  const made = run(dir, 'scan', '--format', 'json', '--output', 'missing/deeper/report.json');
  assert.equal(made.status, 0, made.stderr);
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'missing/deeper/report.json'), 'utf8'));
  assert.ok(Array.isArray(report.findings), 'the report is written into the folders it made');
});
