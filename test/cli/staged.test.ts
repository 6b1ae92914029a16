// `scan --staged`, the pre-commit hook's mode: the modules with staged files and the trees of the modules
// that call them, as they are in the working tree; every finding in them, old or new.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { gitRepo, type GitRepo } from '../support/git-repo';
import { runCli } from '../support/run-cli';
import { caller, QUEUE_MODULE, UNLOCKED } from '../support/queue-workspace';

const repos: GitRepo[] = [];
after(() => repos.forEach((repo) => fs.rmSync(repo.dir, { recursive: true, force: true })));

function repo(files: Record<string, string>): GitRepo {
  const created = gitRepo(files);
  repos.push(created);
  created.commit('base');
  return created;
}

interface JsonReport {
  findings: { ruleId: string; file: string; instances?: string[] }[];
}

function staged(dir: string, ...args: string[]): { status: number | null; stderr: string; report: JsonReport } {
  const result = runCli(dir, 'scan', '--staged', '--format', 'json', ...args);
  return { status: result.status, stderr: result.stderr, report: JSON.parse(result.stdout) as JsonReport };
}

test('lints the module of a staged file with its callers, and leaves the modules nothing staged touches alone', () => {
  const r = repo({ 'live/main.tf': caller('allkeys-lru'), 'modules/queue/main.tf': QUEUE_MODULE, 'other/backend.tf': UNLOCKED });
  // Only the child module is staged (a comment): its caller's tree is linted, where the evicting policy comes from.
  r.write('modules/queue/main.tf', `# the intake queue\n${QUEUE_MODULE}`);
  r.git('add', 'modules/queue/main.tf');
  const { status, stderr, report } = staged(r.dir);
  assert.equal(stderr, '');
  assert.equal(status, 1);
  assert.deepEqual([...new Set(report.findings.map((f) => f.ruleId))], ['aws-elasticache-queue-evicting-policy']);
  assert.ok(!report.findings.some((f) => f.file.startsWith('other/')), 'the unlocked backend elsewhere is not linted');
  // The whole repository has both findings.
  assert.equal(runCli(r.dir, 'scan', '--format', 'json').stdout.includes('terraform-s3-backend-without-locking'), true);
});

test('a staged caller change brings the finding it makes in the child module', () => {
  const r = repo({ 'live/main.tf': caller('noeviction'), 'modules/queue/main.tf': QUEUE_MODULE });
  assert.equal(staged(r.dir).status, 0, 'nothing staged yet');
  r.write('live/main.tf', caller('allkeys-lru'));
  r.git('add', '-A');
  const { status, report } = staged(r.dir);
  assert.equal(status, 1);
  assert.deepEqual([...new Set(report.findings.map((f) => f.ruleId))], ['aws-elasticache-queue-evicting-policy']);
});

test('unstaged and untracked changes are not linted: nothing staged, nothing to lint, exit 0', () => {
  const r = repo({ 'live/main.tf': caller('noeviction'), 'modules/queue/main.tf': QUEUE_MODULE });
  r.write('live/main.tf', caller('allkeys-lru'));
  r.write('new/backend.tf', UNLOCKED);
  r.write('README.md', 'docs\n');
  r.git('add', 'README.md');
  const text = runCli(r.dir, 'scan', '--staged');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stderr, /no staged changes to Terraform files under the scanned paths; nothing to lint/);
  assert.match(text.stdout, /0 modules/);
});

test('a staged file outside the scanned paths is not linted; a deleted file still names its module', () => {
  const r = repo({ 'a/backend.tf': UNLOCKED, 'b/backend.tf': UNLOCKED, 'b/extra.tf': 'locals {\n  x = 1\n}\n' });
  r.write('a/backend.tf', `# touched\n${UNLOCKED}`);
  r.git('rm', '-q', 'b/extra.tf');
  r.git('add', '-A');
  assert.deepEqual(
    staged(r.dir, 'a').report.findings.map((f) => f.file),
    ['a/backend.tf'],
  );
  assert.deepEqual(
    staged(r.dir)
      .report.findings.map((f) => f.file)
      .sort(),
    ['a/backend.tf', 'b/backend.tf'],
  );
});

test('--staged is a usage error with --new-since, for baseline, and outside git', () => {
  const r = repo({ 'a/backend.tf': UNLOCKED });
  const both = runCli(r.dir, 'scan', '--staged', '--new-since', 'HEAD');
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--staged and --new-since each choose the changes to lint/);
  const baseline = runCli(r.dir, 'baseline', '--staged', '--output', 'b.json');
  assert.equal(baseline.status, 2);
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-nogit-'));
  try {
    fs.writeFileSync(path.join(outside, 'main.tf'), UNLOCKED);
    const result = runCli(outside, 'scan', '--staged');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--staged needs a git repository/);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
