// The workspace is the boundary of what a scan reads: links inside the repository work as before, links out
// of it (a `passwd.tf` pointing at /etc/passwd) are not followed and are named once in the summary.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../support/run-cli';
import { writeWorkspace } from '../support/workspace';

const temporary: string[] = [];
after(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function repositoryWithLinks(): { repository: string; outside: string } {
  const outside = writeWorkspace({ 'secret.tf': 'password = "hunter2" {\n', 'mod/main.tf': 'resource "x" {\n' });
  const repository = writeWorkspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'shared/providers.tf': 'provider "aws" {\n',
    'live/main.tf': 'variable "region" {}\n',
  });
  temporary.push(outside, repository);
  fs.symlinkSync(path.join(repository, 'shared', 'providers.tf'), path.join(repository, 'live', 'providers.tf'));
  fs.symlinkSync(path.join(outside, 'secret.tf'), path.join(repository, 'live', 'passwd.tf'));
  fs.symlinkSync(path.join(outside, 'mod'), path.join(repository, 'live', 'vendored'));
  return { repository, outside };
}

test('links inside the repository are followed; links out of it are not, and the summary says so once', () => {
  const { repository } = repositoryWithLinks();
  const json = JSON.parse(runCli(repository, 'scan', 'live', '--format', 'json').stdout);
  const files = [...new Set(json.findings.map((f: { file: string }) => f.file))].sort();
  assert.deepEqual(files, ['live/providers.tf'], 'only the link inside the repository is linted');
  const note = json.notes.find((n: { id: string }) => n.id === 'links-outside');
  assert.match(note.message, /^2 symbolic links lead outside the workspace .* not followed: .*live\/passwd\.tf, .*live\/vendored\.$/);

  const text = runCli(repository, 'scan', 'live');
  assert.equal(text.status, 1, text.stderr);
  assert.equal(text.stdout.match(/symbolic links lead outside/g)?.length, 1);
  assert.doesNotMatch(text.stdout, /hunter2|secret\.tf/);
});

test('outside git, the scanned path is the boundary', () => {
  const { repository } = repositoryWithLinks();
  fs.rmSync(path.join(repository, '.git'), { recursive: true });
  const json = JSON.parse(runCli(path.join(repository, 'live'), 'scan', '.', '--format', 'json').stdout);
  assert.deepEqual(json.findings, [], 'a link to a sibling of the scanned path is outside it too');
  assert.match(json.notes.find((n: { id: string }) => n.id === 'links-outside').message, /^3 symbolic links/);
});

test('a config that names a var file outside the workspace is a usage error: exit 2, one line naming the key', () => {
  const { repository, outside } = repositoryWithLinks();
  fs.writeFileSync(path.join(outside, 'prod.tfvars'), 'region = "eu-west-1"\n');
  fs.writeFileSync(path.join(repository, 'live', 'stg.tfvars'), 'region = "us-east-1"\n');
  const config = { environments: [{ modules: ['live'], varFiles: { prod: [path.join(outside, 'prod.tfvars')], stg: ['live/stg.tfvars'] } }] };
  fs.writeFileSync(path.join(repository, '.premortem.json'), JSON.stringify(config));
  for (const command of ['scan', 'drift']) {
    const result = runCli(repository, command, 'live');
    assert.equal(result.status, 2, `${command}: ${result.stderr}`);
    assert.match(result.stderr, /environments\[0\]\.varFiles\.prod\[0\]: var file outside the workspace/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.doesNotMatch(result.stdout, /eu-west-1/);
  }
});
