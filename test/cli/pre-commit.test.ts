// The pre-commit hook (.pre-commit-hooks.yaml), run by the real pre-commit in a throwaway repository: a
// commit that stages risky Terraform fails with the finding, a clean one passes. The hook repository
// pre-commit clones is made from this checkout's manifest, hook script and built CLI (with the mark the
// script leaves after building), so the test needs no network: the first-use build (npm ci) is skipped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { isLintInput } from '../../server/src/cli/git-changes';
import { gitRepo, type GitRepo } from '../support/git-repo';
import { CLI } from '../support/run-cli';

// js-yaml comes with @vscode/vsce (pinned by package-lock.json); see test/action-yml.test.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string, options?: { filename?: string }): unknown };

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MANIFEST = path.join(ROOT, '.pre-commit-hooks.yaml');

interface Hook {
  readonly id: string;
  readonly name: string;
  readonly entry: string;
  readonly language: string;
  readonly pass_filenames?: boolean;
  readonly files?: string;
  readonly require_serial?: boolean;
}

const UNLOCKED = 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod.tfstate"\n  }\n}\n';
const LOCKED = 'terraform {\n  backend "s3" {\n    bucket       = "acme-tfstate"\n    key          = "prod.tfstate"\n    use_lockfile = true\n  }\n}\n';

const temp: string[] = [];
after(() => temp.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function preCommitVersion(): string | undefined {
  const result = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function hook(): Hook {
  const hooks = yaml.load(fs.readFileSync(MANIFEST, 'utf8'), { filename: '.pre-commit-hooks.yaml' }) as Hook[];
  const found = hooks.find((h) => h.id === 'premortem');
  assert.ok(found, 'a hook with id premortem');
  return found;
}

test('the hook runs premortem scan --staged through its script, on no file names, for the files premortem reads', () => {
  const h = hook();
  assert.equal(h.entry, 'scripts/pre-commit-hook.sh scan --staged');
  assert.equal(h.language, 'script');
  assert.ok(fs.statSync(path.join(ROOT, 'scripts', 'pre-commit-hook.sh')).mode & 0o100, 'pre-commit runs the script itself: it must be executable');
  assert.equal(h.pass_filenames, false, 'a child module needs its callers, so premortem chooses the files');
  const files = new RegExp(h.files ?? '');
  for (const name of [
    'main.tf',
    'a/b.tf.json',
    'main.tofu',
    'a/b.tofu.json',
    'main.tofu.bak',
    'envs/prod.tfvars',
    'x.tfvars.json',
    'live/terragrunt.hcl',
    'backend.hcl',
    'backend-prod.hcl',
    'prod.tfbackend',
    'README.md',
    'main.tf.bak',
    'other.hcl',
    'live/root.hcl',
    'live/terragrunt.hcl.json',
    'root.hcl.json',
    '.terraform.lock.hcl',
    'live/app/.terraform.lock.hcl',
    'a/terragrunt.hcl.tmpl',
  ]) {
    assert.equal(files.test(name), isLintInput(name), `files and the scan agree on ${name}`);
  }
});

test('with the real pre-commit: staged risky Terraform fails the commit with the finding, a clean commit passes', (t) => {
  const version = preCommitVersion();
  if (!version) return t.skip('pre-commit is not installed (apt-get install pre-commit, as .ci/run does)');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-pre-commit-home-'));
  temp.push(home);
  const env = { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1' };

  const manifest = spawnSync('pre-commit', ['validate-manifest', MANIFEST], { encoding: 'utf8', env });
  assert.equal(manifest.status, 0, `${version} rejects .pre-commit-hooks.yaml: ${manifest.stdout}${manifest.stderr}`);

  // The hook's repository, as pre-commit clones it at a rev: the manifest, the script and a built CLI.
  const hooks = gitRepo({
    '.pre-commit-hooks.yaml': fs.readFileSync(MANIFEST, 'utf8'),
    'dist/cli.js': fs.readFileSync(CLI, 'utf8'),
    'dist/.pre-commit-built': '',
  });
  temp.push(hooks.dir);
  fs.mkdirSync(path.join(hooks.dir, 'scripts'));
  fs.copyFileSync(path.join(ROOT, 'scripts', 'pre-commit-hook.sh'), path.join(hooks.dir, 'scripts', 'pre-commit-hook.sh'));
  fs.chmodSync(path.join(hooks.dir, 'scripts', 'pre-commit-hook.sh'), 0o755);
  const rev = hooks.commit('hooks');
  const config = ['repos:', `  - repo: ${JSON.stringify(hooks.dir)}`, `    rev: ${rev}`, '    hooks:', '      - id: premortem', ''].join('\n');
  const repo: GitRepo = gitRepo({ '.pre-commit-config.yaml': config, 'live/backend.tf': LOCKED, 'README.md': 'infra\n' });
  temp.push(repo.dir);
  repo.commit('base');
  const install = spawnSync('pre-commit', ['install'], { cwd: repo.dir, encoding: 'utf8', env });
  assert.equal(install.status, 0, install.stdout + install.stderr);
  const commit = (message: string): { status: number | null; output: string } => {
    const result = spawnSync(
      'git',
      ['-c', 'user.email=test@example.com', '-c', 'user.name=premortem tests', '-c', 'commit.gpgsign=false', 'commit', '-m', message],
      { cwd: repo.dir, encoding: 'utf8', env },
    );
    return { status: result.status, output: result.stdout + result.stderr };
  };

  // Risky: an S3 backend without locking.
  repo.write('live/backend.tf', UNLOCKED);
  repo.git('add', 'live/backend.tf');
  const risky = commit('unlock the state');
  assert.notEqual(risky.status, 0, risky.output);
  assert.match(risky.output, /premortem\.+Failed/);
  assert.match(risky.output, /live\/backend\.tf\n\s+2:3\s+warning\s+terraform-s3-backend-without-locking/);

  // Clean: the lock back on; the risky text is left in the working tree, unstaged, which pre-commit sets aside.
  repo.write('live/backend.tf', LOCKED);
  repo.git('add', 'live/backend.tf');
  repo.write('live/main.tf', 'locals {\n  region = "eu-west-1"\n}\n');
  repo.git('add', 'live/main.tf');
  repo.write('live/backend.tf', UNLOCKED);
  const clean = commit('add a local');
  assert.equal(clean.status, 0, clean.output);
  assert.match(clean.output, /premortem\.+Passed/);

  // Nothing premortem reads is staged: the hook is skipped.
  repo.write('README.md', 'infra, documented\n');
  repo.git('add', 'README.md');
  const docs = commit('docs');
  assert.equal(docs.status, 0, docs.output);
  assert.match(docs.output, /premortem\.+\(no files to check\)Skipped/);
});
