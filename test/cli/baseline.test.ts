// `premortem baseline --output FILE` and `scan --baseline FILE`: accept today's findings, report new ones.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../support/run-cli';
import { writeWorkspace } from '../support/workspace';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const dir = writeWorkspace(files, 'premortem-baseline-');
  dirs.push(dir);
  return dir;
}

const UNLOCKED = 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod.tfstate"\n  }\n}\n';
const HARDCODED_AMI = 'resource "aws_instance" "web" {\n  ami           = "ami-0f3c9b7e21d4a6805"\n  instance_type = "t3.micro"\n}\n';

test('a baseline is sorted, stable JSON, relative to its own folder, and the same on every run', () => {
  const dir = workspace({ 'prod/backend.tf': UNLOCKED, 'prod/web.tf': HARDCODED_AMI, 'staging/backend.tf': UNLOCKED });
  const first = runCli(dir, 'baseline', '.', '--output', 'ci/baseline.json');
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /wrote \d+ findings to the baseline ci\/baseline\.json/);
  const text = fs.readFileSync(path.join(dir, 'ci/baseline.json'), 'utf8');
  const baseline = JSON.parse(text) as { premortemBaseline: number; findings: { module: string; address?: string; rule: string; count: number }[] };
  assert.equal(baseline.premortemBaseline, 1);
  assert.deepEqual(
    baseline.findings.map((f) => f.module),
    ['../prod', '../prod', '../staging'],
  );
  assert.deepEqual(
    baseline.findings.map((f) => f.address),
    ['aws_instance.web', 'terraform', 'terraform'],
  );
  assert.ok(!/"(line|column|file)"/.test(text), 'no lines or file names: a block that moves stays baselined');
  assert.ok(text.endsWith('}\n') && text.split('\n').length > baseline.findings.length * 4, 'one field per line, for diffs');
  runCli(dir, 'baseline', '.', '--output', 'ci/baseline.json');
  assert.equal(fs.readFileSync(path.join(dir, 'ci/baseline.json'), 'utf8'), text);
});

test('scan --baseline reports only what the baseline lacks, and says how many it left out', () => {
  const dir = workspace({ 'prod/backend.tf': UNLOCKED });
  assert.equal(runCli(dir, 'baseline', '--output', 'baseline.json').status, 0);
  const clean = runCli(dir, 'scan', '--baseline', 'baseline.json');
  assert.equal(clean.status, 0, clean.stdout);
  assert.match(clean.stdout, /No problems/);
  assert.match(clean.stdout, /1 finding that the baseline baseline\.json holds is left out/);

  // Moved to another file of the module: still baselined. A copy in another module: new.
  fs.renameSync(path.join(dir, 'prod/backend.tf'), path.join(dir, 'prod/terraform.tf'));
  fs.mkdirSync(path.join(dir, 'staging'));
  fs.writeFileSync(path.join(dir, 'staging/backend.tf'), UNLOCKED);
  const result = runCli(dir, 'scan', '--baseline', 'baseline.json', '--format', 'json');
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout) as { findings: { file: string }[]; comparedWith: { baseline: string; notNew: number } };
  assert.deepEqual(
    report.findings.map((f) => f.file),
    ['staging/backend.tf'],
  );
  assert.deepEqual(report.comparedWith, { baseline: 'baseline.json', notNew: 1 });
});

test('a missing or malformed baseline, or baseline without --output, exits 2 with one line', () => {
  const dir = workspace({
    'main.tf': UNLOCKED,
    'not-json.json': '{',
    'other.json': '{"findings": []}',
    'bad-entry.json': '{"premortemBaseline": 1, "findings": [{"rule": 3}]}',
  });
  for (const [args, pattern] of [
    [['scan', '--baseline', 'missing.json'], /baseline file not found: missing\.json; write one with "premortem baseline --output missing\.json"/],
    [['scan', '--baseline', 'not-json.json'], /not-json\.json is not JSON/],
    [['scan', '--baseline', 'other.json'], /other\.json is not a premortem baseline/],
    [['scan', '--baseline', 'bad-entry.json'], /bad-entry\.json: findings\[0\] is not a baseline entry/],
    [['baseline', '.'], /premortem baseline needs --output FILE/],
    [['baseline', '--output', 'b.json', '--new-since', 'main'], /--new-since, --baseline and --staged belong to scan/],
  ] as const) {
    const result = runCli(dir, ...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  }
});
