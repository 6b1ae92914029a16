// `premortem review`: one pull-request comment (or JSON) with the new findings, what the plan does, the
// blast radius and the environments that disagree; it fits GitHub's comment limit and says where it is cut.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { COMMENT_LIMIT, fitToLimit, REVIEW_MARKER } from '../../server/src/cli/commands/review/format';
import { gitRepo, type GitRepo } from '../support/git-repo';
import { runCli } from '../support/run-cli';

const repos: GitRepo[] = [];
after(() => repos.forEach((repo) => fs.rmSync(repo.dir, { recursive: true, force: true })));

const SHOP = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'plans', 'shop');
const UNLOCKED = 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod.tfstate"\n  }\n}\n';

function repo(files: Record<string, string>): GitRepo {
  const created = gitRepo(files);
  repos.push(created);
  created.commit('base');
  return created;
}

test('the markdown comment starts with its marker, lists new findings by severity with file and rule links, and exits as scan does', () => {
  const r = repo({ 'prod/backend.tf': UNLOCKED, 'staging/backend.tf': UNLOCKED });
  r.write('staging/backend.tf', `# state\n${UNLOCKED}`);
  r.write('dev/backend.tf', UNLOCKED);
  const result = runCli(r.dir, 'review', '--new-since', 'main', '--link-base', 'https://github.com/acme/infra/blob/0123abc/');
  assert.equal(result.status, 1, result.stderr);
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], REVIEW_MARKER);
  assert.match(
    result.stdout,
    /\*\*1 new finding\*\* \(0 errors, 1 warning, 0 info\) since `main` \([0-9a-f]{12}\), with 2 Terraform files changed; 1 finding that was there before is not shown\./,
  );
  assert.match(result.stdout, /#### ⚠️ Warnings \(1\)/);
  assert.match(
    result.stdout,
    /- \[`dev\/backend\.tf:2`\]\(https:\/\/github\.com\/acme\/infra\/blob\/0123abc\/dev\/backend\.tf#L2\) \[`terraform-s3-backend-without-locking`\]\(https:\/\/github\.com\/premortem-dev\/premortem\/blob\/main\/rules\/terraform-s3-backend-without-locking\.md\)/,
  );
  assert.doesNotMatch(result.stdout, /(prod|staging)\/backend\.tf/);
  assert.doesNotMatch(result.stdout, /### Blast radius/, 'no plan, no blast radius');
});

test('with no new findings the comment says so and exits 0', () => {
  const r = repo({ 'prod/backend.tf': UNLOCKED });
  const result = runCli(r.dir, 'review', '--new-since', 'main');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /✅ \*\*No new findings\*\* since `main`/);
});

test('with a plan: what the plan deletes or replaces, and the blast radius of each change', () => {
  const result = runCli(SHOP, 'review', 'v2', '--plan', 'plan-update.json');
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /### What this plan deletes or replaces/);
  assert.match(result.stdout, /### Blast radius of each change/);
  assert.match(result.stdout, /\| `aws_sqs_queue\.jobs` \| replace \(destroy, then create\) \| 1 lambda event source mapping, 1 sns topic subscription \|/);
  const json = JSON.parse(runCli(SHOP, 'review', 'v2', '--plan', 'plan-update.json', '--format', 'json').stdout) as {
    findings: { ruleId: string; helpUri: string }[];
    planActions: unknown[];
    blastRadius: { address: string; actions: string[] }[];
    drift: unknown[];
  };
  assert.ok(json.findings.length > 0);
  assert.ok(json.findings.every((f) => f.helpUri.endsWith(`/rules/${f.ruleId}.md`)));
  assert.ok(json.blastRadius.some((c) => c.address === 'aws_sqs_queue.jobs' && c.actions.join() === 'delete,create'));
  assert.ok(Array.isArray(json.planActions) && Array.isArray(json.drift));
});

test('environments that disagree are shown for the modules the change touches, with only the variables in question', () => {
  const env = (ami: string, size: string): string => `ami  = "${ami}"\nsize = "${size}"\n`;
  const encoder =
    'resource "aws_instance" "encoder" {\n  ami           = var.ami\n  instance_type = var.size\n}\n\nvariable "ami" {\n  type = string\n}\n\nvariable "size" {\n  type = string\n}\n';
  const r = repo({
    'encoder/main.tf': encoder,
    'encoder/envs/dev.tfvars': env('ami-04c9e1d2b3a4f5e67', 'small'),
    'encoder/envs/staging.tfvars': env('ami-0b5e2f9c81d4a7e36', 'small'),
    'encoder/envs/production.tfvars': env('ami-0d2e4f6a8b1c3e5f7', 'large'),
    'other/main.tf': UNLOCKED,
  });
  r.write('encoder/envs/production.tfvars', env('vidpipe-encoder-2018-12', 'large'));
  const result = runCli(r.dir, 'review', '--new-since', 'main');
  assert.match(result.stdout, /### Environments that disagree/);
  assert.match(result.stdout, /\| `ami` \|.*⚠️ \*\*`vidpipe-encoder-2018-12`\*\*/);
  assert.doesNotMatch(result.stdout, /\| `size` \|/, 'only the variables the environments disagree on');
  r.commit('bad ami');
  r.write('other/main.tf', `${UNLOCKED}\n# touched\n`);
  const elsewhere = runCli(r.dir, 'review', '--new-since', 'main');
  assert.doesNotMatch(elsewhere.stdout, /Environments that disagree/, 'a change elsewhere does not bring up old drift');
});

test('a comment over the limit is cut between lines, closes what it folded, and says so', () => {
  const lines = [
    '<!-- m -->',
    '<details><summary>many</summary>',
    ...Array.from({ length: 5000 }, (_, i) => `- finding ${i} ${'x'.repeat(40)}`),
    '</details>',
    'end',
  ];
  const text = fitToLimit(lines, '<sub>footer</sub>', COMMENT_LIMIT);
  assert.ok(text.length <= COMMENT_LIMIT, `${text.length} characters`);
  assert.match(text, /This comment is cut here: \d+ more lines would take it past GitHub's limit of 65,536 characters/);
  assert.equal((text.match(/<details>/g) ?? []).length, (text.match(/<\/details>/g) ?? []).length);
  assert.ok(text.trimEnd().endsWith('<sub>footer</sub>'));
  assert.ok(text.startsWith('<!-- m -->\n'));
  const short = fitToLimit(['a', 'b'], 'f', COMMENT_LIMIT);
  assert.equal(short, 'a\nb\nf\n');
});
