// `scan --new-since REV`: only the findings a change adds, matched on rule, module directory, address and
// message data, never on lines or files within a module; with REV's text read through git, no checkout.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
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
  findings: { ruleId: string; severity: string; file: string; message: string; instances?: string[] }[];
  summary: { modules: number };
  comparedWith?: { revision?: { name: string; commit: string; changedFiles: number }; notNew: number };
}

function json(dir: string, ...args: string[]): { status: number | null; report: JsonReport } {
  const result = runCli(dir, 'scan', ...args, '--format', 'json');
  assert.equal(result.stderr, '', result.stderr);
  return { status: result.status, report: JSON.parse(result.stdout) as JsonReport };
}

test('nothing changed since the revision: says so and exits 0, though the old findings remain', () => {
  const { dir } = repo({ 'live/backend.tf': UNLOCKED });
  assert.equal(runCli(dir, 'scan').status, 1, 'the configuration has a finding');
  const text = runCli(dir, 'scan', '--new-since', 'main');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /No Terraform changed since main/);
  const { report } = json(dir, '--new-since', 'HEAD');
  assert.deepEqual(report.findings, []);
  assert.equal(report.comparedWith?.revision?.changedFiles, 0);
});

test('a block that only moved, even to another file of its module, keeps its findings old', () => {
  const r = repo({ 'live/backend.tf': UNLOCKED, 'live/main.tf': caller('allkeys-lru'), 'modules/queue/main.tf': QUEUE_MODULE });
  const before = json(r.dir).report.findings.length;
  assert.ok(before >= 2, 'the backend and the evicting policy are both findings');
  r.remove('live/backend.tf');
  r.write('live/terraform.tf', `# moved here\n\n${UNLOCKED}`);
  r.remove('modules/queue/main.tf');
  r.write('modules/queue/variables.tf', QUEUE_MODULE.slice(0, QUEUE_MODULE.indexOf('resource')));
  r.write('modules/queue/redis.tf', `\n\n${QUEUE_MODULE.slice(QUEUE_MODULE.indexOf('resource'))}`);
  const { status, report } = json(r.dir, '--new-since', 'main');
  assert.deepEqual(report.findings, []);
  assert.equal(status, 0);
  assert.equal(report.comparedWith?.notNew, before);
  assert.equal(report.comparedWith?.revision?.changedFiles, 5);
});

test("a caller's new argument makes a new finding in the module it calls, reported where the value is written", () => {
  const r = repo({ 'live/main.tf': caller('noeviction'), 'modules/queue/main.tf': QUEUE_MODULE });
  r.write('live/main.tf', caller('allkeys-lru'));
  const { status, report } = json(r.dir, '--new-since', 'main');
  assert.equal(status, 1);
  assert.deepEqual(
    report.findings.map((f) => [f.ruleId, f.file]),
    [['aws-elasticache-queue-evicting-policy', 'live/main.tf']],
  );
  assert.match(report.findings[0]!.message, /"allkeys-lru"/);
});

test('a changed value is a new finding: the message data differ', () => {
  const r = repo({ 'live/main.tf': caller('allkeys-lru'), 'modules/queue/main.tf': QUEUE_MODULE });
  r.write('live/main.tf', caller('volatile-lru'));
  const { report } = json(r.dir, '--new-since', 'main');
  assert.deepEqual(
    report.findings.map((f) => f.ruleId),
    ['aws-elasticache-queue-evicting-policy'],
  );
  assert.match(report.findings[0]!.message, /"volatile-lru"/);
});

test('the same address in another module directory is new (a copy is not hidden by the original)', () => {
  const r = repo({ 'prod/backend.tf': UNLOCKED });
  r.write('staging/backend.tf', UNLOCKED);
  const { report } = json(r.dir, '--new-since', 'main');
  assert.deepEqual(
    report.findings.map((f) => f.file),
    ['staging/backend.tf'],
  );
});

test('only modules with changed files, and the trees of their callers, are linted', () => {
  const r = repo({ 'live/main.tf': caller('noeviction'), 'modules/queue/main.tf': QUEUE_MODULE, 'other/backend.tf': UNLOCKED });
  r.write('modules/queue/main.tf', QUEUE_MODULE.replace('default = "noeviction"', 'default = "allkeys-lru"'));
  const { report } = json(r.dir, '--new-since', 'main');
  assert.equal(report.summary.modules, 2, 'live and modules/queue, not other');
  assert.deepEqual(
    report.findings.map((f) => f.file),
    [],
    'the caller still passes noeviction',
  );
  r.write('live/main.tf', '# the call is gone\n');
  const alone = json(r.dir, '--new-since', 'main').report;
  const warnings = alone.findings.filter((f) => f.severity === 'warning');
  assert.deepEqual(
    warnings.map((f) => [f.ruleId, f.file]),
    [['aws-elasticache-queue-evicting-policy', 'modules/queue/main.tf']],
    'linted on its own defaults once nothing calls it',
  );
});

test('deleted and untracked files: a deleted module takes its findings along, a new file brings its own', () => {
  const r = repo({ 'prod/backend.tf': UNLOCKED, 'prod/main.tf': '# prod\n', 'old/backend.tf': UNLOCKED });
  r.remove('old/backend.tf');
  r.remove('prod/backend.tf');
  r.write('prod/state.tf', UNLOCKED.replace('prod.tfstate', 'prod-v2.tfstate'));
  const { report } = json(r.dir, '--new-since', 'main');
  assert.deepEqual(report.findings, [], 'the backend moved to an untracked file: still the same finding');
  r.write('fresh/backend.tf', UNLOCKED);
  assert.deepEqual(
    json(r.dir, '--new-since', 'main').report.findings.map((f) => f.file),
    ['fresh/backend.tf'],
  );
});

test('a second call of a module makes its findings new for the instance it adds only', () => {
  const r = repo({ 'live/main.tf': caller('allkeys-lru'), 'modules/queue/main.tf': QUEUE_MODULE });
  r.write('live/main.tf', `${caller('allkeys-lru')}\n${caller('allkeys-lru').replace('"queue"', '"queue2"')}`);
  const { report } = json(r.dir, '--new-since', 'main');
  assert.ok(report.findings.length > 0);
  for (const finding of report.findings)
    assert.ok(
      finding.instances?.some((i) => i.startsWith('module.queue2.')),
      `${finding.message} is about module.queue2`,
    );
  assert.deepEqual(
    report.findings.filter((f) => f.severity === 'warning').map((f) => f.instances),
    [['module.queue2.aws_elasticache_parameter_group.intake']],
  );
});

test('a revision the clone does not have exits 2 with one line that says to fetch history', () => {
  const r = repo({ 'main.tf': UNLOCKED });
  const result = runCli(r.dir, 'scan', '--new-since', 'origin/main');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /revision "origin\/main" is not in this repository.*fetch-depth: 0/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  const outside = runCli(fs.mkdtempSync(`${r.dir}-outside`), 'scan', '--new-since', 'main');
  assert.equal(outside.status, 2);
  assert.match(outside.stderr, /--new-since needs a git repository/);
});
